"""The sending settings stop the site with one clear line when they make no sense."""

import pytest

from tests.test_settings import manage


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("MAILING_RATE", "fast", "MAILING_RATE='fast' is not a whole number"),
        ("MAILING_RATE", "-1", "MAILING_RATE=-1 must be at least 0"),
        ("MAILING_WORKERS", "0", "MAILING_WORKERS=0 must be at least 1"),
        ("MAILING_STALE_SECONDS", "0", "MAILING_STALE_SECONDS=0 must be at least 1"),
        ("MAILING_LATE_START_HOURS", "-6", "MAILING_LATE_START_HOURS=-6 must be at least 0"),
    ],
)
def test_bad_sending_settings_stop_startup_with_one_line(variable, value, expected):
    result = manage("check", DEBUG="1", **{variable: value})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert expected in lines[0]
