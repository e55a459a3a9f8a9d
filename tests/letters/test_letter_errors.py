"""Which mail errors are worth retrying."""

import smtplib

import pytest
from anymail.exceptions import AnymailAPIError, AnymailRecipientsRefused

from letters.delivery import classify_error, retry_delay


@pytest.mark.parametrize(
    ("error", "temporary"),
    [
        (ConnectionRefusedError(111, "Connection refused"), True),
        (TimeoutError("timed out"), True),
        (smtplib.SMTPServerDisconnected("gone"), True),
        (smtplib.SMTPDataError(451, b"try later"), True),
        (smtplib.SMTPDataError(554, b"rejected"), False),
        (smtplib.SMTPSenderRefused(550, b"no", "campaign@example.org"), False),
        (smtplib.SMTPRecipientsRefused({"a@example.org": (450, b"busy")}), True),
        (smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"unknown")}), False),
        (AnymailRecipientsRefused("refused"), False),
        (AnymailAPIError("down", status_code=503), True),
        (AnymailAPIError("slow down", status_code=429), True),
        (AnymailAPIError("bad request", status_code=400), False),
        (ValueError("Invalid address"), False),
    ],
)
def test_errors_are_sorted_into_temporary_and_permanent(error, temporary):
    assert classify_error(error).temporary is temporary


def test_permanent_smtp_reason_is_kept():
    assert classify_error(smtplib.SMTPDataError(550, b"5.1.1 no mailbox")).reason == (
        "SMTP 550 5.1.1 no mailbox"
    )


def test_backoff_doubles_up_to_the_cap():
    minutes = [retry_delay(attempt).total_seconds() / 60 for attempt in range(1, 12)]
    assert minutes[:5] == [1, 2, 4, 8, 16]
    assert max(minutes) == 360
