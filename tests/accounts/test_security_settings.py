"""Security settings read from the environment fail loudly on bad values."""

import pytest

from tests.test_settings import manage


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("STAFF_2FA_REQUIRED", "maybe", "STAFF_2FA_REQUIRED='maybe' is not a boolean"),
        ("RETENTION_DAYS", "0", "RETENTION_DAYS=0 must be at least 1"),
        ("RETENTION_DAYS", "half a year", "RETENTION_DAYS='half a year' is not a whole number"),
        ("AXES_FAILURE_LIMIT", "many", "AXES_FAILURE_LIMIT='many' is not a whole number"),
    ],
)
def test_bad_security_settings_stop_startup(variable, value, expected):
    result = manage("check", DEBUG="1", **{variable: value})
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
