"""Which Congress sits: noon Eastern on January 3 of odd years, or the pinned setting."""

import datetime
from zoneinfo import ZoneInfo

import time_machine

from legislators.congress import congress_at, congress_start, sitting_congress

EASTERN = ZoneInfo("America/New_York")


def test_the_120th_begins_at_noon_eastern_on_january_3_2027() -> None:
    assert congress_start(120) == datetime.datetime(2027, 1, 3, 12, tzinfo=EASTERN)
    assert congress_start(119) == datetime.datetime(2025, 1, 3, 12, tzinfo=EASTERN)
    assert congress_at(datetime.datetime(2027, 1, 3, 11, 59, tzinfo=EASTERN)) == 119
    assert congress_at(datetime.datetime(2027, 1, 3, 12, 0, tzinfo=EASTERN)) == 120
    # 16:59 UTC is still before noon in Washington.
    assert congress_at(datetime.datetime(2027, 1, 3, 16, 59, tzinfo=datetime.UTC)) == 119
    assert congress_at(datetime.datetime(2026, 12, 31, 23, tzinfo=EASTERN)) == 119
    assert congress_at(datetime.datetime(2028, 6, 1, tzinfo=EASTERN)) == 120


def test_a_setting_pins_the_sitting_congress(settings) -> None:
    settings.CONGRESS_NUMBER = 119
    with time_machine.travel(datetime.datetime(2027, 6, 1, tzinfo=EASTERN)):
        assert sitting_congress() == 119
    settings.CONGRESS_NUMBER = None
    with time_machine.travel(datetime.datetime(2027, 6, 1, tzinfo=EASTERN)):
        assert sitting_congress() == 120
