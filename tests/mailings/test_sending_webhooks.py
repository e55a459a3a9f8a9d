"""Bounce and complaint reports from the provider mark the mailing's own send row.

Mailgun reports our Message-ID; Postmark reports its own message id, so the row is found by
the id sent along as metadata. Either way the address is suppressed too (supporters).
"""

import base64
import hashlib
import hmac
import json

import pytest
from django.utils import timezone

from mailings.models import Recipient
from supporters.models import Suppression
from tests.mailings.sending_helpers import mailing, subscribers

pytestmark = [pytest.mark.urls("tests.mailings.webhook_urls"), pytest.mark.django_db]

Status = Recipient.Status
SIGNING_KEY = "mailgun-signing-key"


@pytest.fixture(autouse=True)
def provider_secrets(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "hook:s3cret", "MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY}


def sent_rows(count: int = 2) -> list[Recipient]:
    news = mailing()
    rows = []
    for n, person in enumerate(subscribers(count)):
        rows.append(
            Recipient.objects.create(
                mailing=news,
                supporter=person,
                status=Status.SENT,
                message_id=f"<m{news.pk}.{n}.abc@example.org>",
                attempts=1,
                sent_at=timezone.now(),
            )
        )
    return rows


def auth_header() -> str:
    return "Basic " + base64.b64encode(b"hook:s3cret").decode()


def mailgun(client, event_data: dict, token: str = "a" * 50):
    timestamp = "1764763200"
    signature = hmac.new(
        SIGNING_KEY.encode(), f"{timestamp}{token}".encode(), hashlib.sha256
    ).hexdigest()
    payload = {
        "signature": {"timestamp": timestamp, "token": token, "signature": signature},
        "event-data": {"timestamp": 1764763200.0, "id": "evt", **event_data},
    }
    return client.post(
        "/anymail/mailgun/tracking/",
        data=json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=auth_header(),
    )


def mailgun_headers(row: Recipient) -> dict:
    # Mailgun reports the Message-ID without its angle brackets.
    return {"headers": {"message-id": row.message_id.strip("<>")}}


def test_a_hard_bounce_marks_the_row_bounced_and_suppresses_the_address(client):
    row, other = sent_rows()

    response = mailgun(
        client,
        {
            "event": "failed",
            "severity": "permanent",
            "reason": "bounce",
            "recipient": row.supporter.email,
            "message": mailgun_headers(row),
            "delivery-status": {"code": 550, "message": "5.1.1 No such user", "description": ""},
        },
    )

    assert response.status_code == 200
    row.refresh_from_db()
    other.refresh_from_db()
    assert row.status == Status.BOUNCED
    assert "No such user" in row.error
    assert other.status == Status.SENT
    assert Suppression.objects.filter(email=row.supporter.email).exists()


def test_a_complaint_marks_the_row_complained(client):
    row, other = sent_rows()

    response = mailgun(
        client,
        {"event": "complained", "recipient": row.supporter.email, "message": mailgun_headers(row)},
    )

    assert response.status_code == 200
    row.refresh_from_db()
    assert row.status == Status.COMPLAINED
    assert Suppression.objects.get(email=row.supporter.email).reason == "complaint"
    other.refresh_from_db()
    assert other.status == Status.SENT


def test_a_soft_bounce_changes_nothing(client):
    row, _other = sent_rows()

    response = mailgun(
        client,
        {
            "event": "failed",
            "severity": "temporary",
            "recipient": row.supporter.email,
            "message": mailgun_headers(row),
            "delivery-status": {"code": 452, "message": "4.2.2 Mailbox full", "description": ""},
        },
    )

    assert response.status_code == 200
    row.refresh_from_db()
    assert row.status == Status.SENT
    assert not Suppression.objects.exists()


def test_a_provider_that_reports_its_own_id_finds_the_row_by_its_metadata(client):
    row, other = sent_rows()

    response = client.post(
        "/anymail/postmark/tracking/",
        data=json.dumps(
            {
                "RecordType": "SpamComplaint",
                "ID": 42,
                "Type": "SpamComplaint",
                "TypeCode": 512,
                "MessageID": "00000000-0000-0000-0000-000000000000",
                "MessageStream": "broadcast",
                "Metadata": {"mailing_recipient": str(row.pk)},
                "Description": "",
                "Details": "Marked as spam",
                "Email": row.supporter.email,
                "From": "news@example.org",
                "BouncedAt": "2026-12-01T11:00:00Z",
            }
        ),
        content_type="application/json",
        HTTP_AUTHORIZATION=auth_header(),
    )

    assert response.status_code == 200
    row.refresh_from_db()
    other.refresh_from_db()
    assert row.status == Status.COMPLAINED
    assert other.status == Status.SENT


def test_a_report_never_revives_a_row_that_was_not_sent(client):
    row, _other = sent_rows()
    Recipient.objects.filter(pk=row.pk).update(status=Status.FAILED, error="550 refused")

    mailgun(
        client,
        {
            "event": "failed",
            "severity": "permanent",
            "recipient": row.supporter.email,
            "message": mailgun_headers(row),
            "delivery-status": {"code": 550, "message": "No such user", "description": ""},
        },
    )

    row.refresh_from_db()
    assert row.status == Status.FAILED
    assert row.error == "550 refused"
