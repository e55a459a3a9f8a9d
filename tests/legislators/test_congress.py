"""Which Congress sits: noon US/Eastern on January 3 of odd years, or a pinned number."""

import datetime

import pytest
import time_machine

from legislators.congress import (
    changed_map_states,
    congress_at,
    congress_start,
    sitting_congress,
)
from tests.test_settings import manage

UTC = datetime.UTC


@pytest.mark.parametrize(
    ("moment", "number"),
    [
        (datetime.datetime(2025, 1, 3, 16, 59, 59, tzinfo=UTC), 118),
        (datetime.datetime(2025, 1, 3, 17, 0, tzinfo=UTC), 119),
        (datetime.datetime(2026, 1, 3, 9, 0, tzinfo=UTC), 119),  # even years change nothing
        (datetime.datetime(2026, 12, 3, 12, 0, tzinfo=UTC), 119),
        (datetime.datetime(2027, 1, 3, 4, 59, tzinfo=UTC), 119),  # still January 2 in the East
        (datetime.datetime(2027, 1, 3, 16, 59, 59, tzinfo=UTC), 119),
        (datetime.datetime(2027, 1, 3, 17, 0, tzinfo=UTC), 120),
        (datetime.datetime(2028, 7, 4, 0, 0, tzinfo=UTC), 120),
        (datetime.datetime(2029, 1, 3, 17, 0, tzinfo=UTC), 121),
    ],
)
def test_congress_at_changes_at_noon_eastern_on_january_3(
    moment: datetime.datetime, number: int
) -> None:
    assert congress_at(moment) == number


def test_congress_start_is_noon_eastern() -> None:
    assert congress_start(119) == datetime.datetime(2025, 1, 3, 17, 0, tzinfo=UTC)
    assert congress_start(120) == datetime.datetime(2027, 1, 3, 17, 0, tzinfo=UTC)
    assert congress_at(congress_start(120)) == 120
    assert congress_at(congress_start(120) - datetime.timedelta(microseconds=1)) == 119


def test_naive_moments_and_early_congresses_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        congress_at(datetime.datetime(2027, 1, 3, 12, 0))
    with pytest.raises(ValueError):
        congress_start(60)


def test_sitting_congress_follows_the_clock_unless_pinned(settings) -> None:
    settings.CONGRESS_NUMBER = None
    with time_machine.travel(datetime.datetime(2027, 1, 3, 16, 59, tzinfo=UTC), tick=False):
        assert sitting_congress() == 119
    with time_machine.travel(datetime.datetime(2027, 1, 3, 17, 1, tzinfo=UTC), tick=False):
        assert sitting_congress() == 120
        settings.CONGRESS_NUMBER = 119
        assert sitting_congress() == 119


def test_changed_maps_of_the_120th_and_the_override(settings) -> None:
    settings.CHANGED_MAP_STATES = None
    shipped = changed_map_states(120)
    assert shipped == {"AL", "CA", "FL", "LA", "MO", "NC", "OH", "TN", "TX", "UT"}
    assert "VA" not in shipped and "IN" not in shipped
    assert changed_map_states(119) == frozenset()
    settings.CONGRESS_NUMBER = 120
    settings.CHANGED_MAP_STATES = ["OH"]
    assert changed_map_states(120) == {"OH"}


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("CONGRESS_NUMBER", "120th", "CONGRESS_NUMBER='120th' is not a whole number"),
        ("CONGRESS_NUMBER", "1200", "must be a Congress from 74 to 200"),
        ("CHANGED_MAP_STATES", "OH,Texas", "'TEXAS' is not a two-letter postal code"),
    ],
)
def test_bad_congress_settings_stop_startup_with_one_line(
    variable: str, value: str, expected: str
) -> None:
    result = manage("check", DEBUG="1", **{variable: value})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert expected in lines[0]


def test_a_pinned_congress_is_read_from_the_environment() -> None:
    result = manage(
        "shell",
        "-c",
        "from legislators.congress import sitting_congress; print(sitting_congress())",
        DEBUG="1",
        CONGRESS_NUMBER="121",
    )
    assert result.stdout.strip().splitlines()[-1] == "121", result.stderr


def test_unknown_changed_map_state_fails_the_system_check(settings) -> None:
    from legislators.checks import changed_map_states_are_known

    settings.CHANGED_MAP_STATES = ["OH", "ZZ"]
    [error] = changed_map_states_are_known()
    assert "'ZZ'" in error.msg
    settings.CHANGED_MAP_STATES = ["OH"]
    assert changed_map_states_are_known() == []
