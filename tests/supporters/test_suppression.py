"""A hard bounce or a spam complaint reported by the provider suppresses the address on
every list (Anymail's tracking webhook, here Postmark's payloads)."""

import base64
import json

import pytest
from django.utils import timezone

from letters.models import LetterStatus
from supporters import lists
from supporters.models import EmailList, Suppression
from tests.factories import SupporterFactory
from tests.letters.factories import LetterFactory

WEBHOOK = "/anymail/postmark/tracking/"
pytestmark = [pytest.mark.urls("tests.letters.webhook_urls"), pytest.mark.django_db]


@pytest.fixture(autouse=True)
def webhook_secret(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "hook:s3cret"}


def post(client, payload: dict, credentials: str = "hook:s3cret"):
    auth = base64.b64encode(credentials.encode()).decode()
    return client.post(
        WEBHOOK,
        data=json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {auth}",
    )


def bounce(email: str, kind: str = "HardBounce", event_id: int = 4323372036) -> dict:
    return {
        "RecordType": "Bounce",
        "ID": event_id,
        "Type": kind,
        "TypeCode": {"HardBounce": 1, "SoftBounce": 4096}.get(kind, 1),
        "Name": "Hard bounce",
        "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
        "MessageStream": "broadcast",
        "Description": "The server was unable to deliver your message (ex: unknown user).",
        "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
        "Email": email,
        "From": "news@example.org",
        "BouncedAt": "2026-11-24T10:00:00Z",
        "Inactive": True,
        "CanActivate": True,
    }


def complaint(email: str) -> dict:
    return {
        "RecordType": "SpamComplaint",
        "ID": 42,
        "Type": "SpamComplaint",
        "TypeCode": 512,
        "MessageID": "00000000-0000-0000-0000-000000000000",
        "MessageStream": "broadcast",
        "Description": "",
        "Details": "Test spam complaint details",
        "Email": email,
        "From": "news@example.org",
        "BouncedAt": "2026-11-24T11:00:00Z",
        "Inactive": True,
        "CanActivate": False,
    }


@pytest.fixture
def reader():
    person = SupporterFactory(email="ana@example.org")
    for email_list in EmailList.values:
        lists.consent_give(supporter=person, email_list=email_list, source="list page")
    return person


def _mailable(person) -> set[str]:
    return {
        email_list
        for email_list in EmailList.values
        if lists.sendable_ids(email_list=email_list, supporter_ids=[person.pk])
    }


def test_a_hard_bounce_suppresses_the_address_on_every_list(client, reader):
    assert _mailable(reader) == {"newsletter", "action-alerts"}
    response = post(client, bounce("Ana@Example.org"))
    assert response.status_code == 200
    suppression = Suppression.objects.get()
    assert (suppression.email, suppression.reason) == ("ana@example.org", "bounce")
    assert "unable to deliver" in suppression.detail
    assert _mailable(reader) == set()
    # The consents themselves stay on record: the person never withdrew.
    assert reader.list_consents.active().count() == 2


def test_a_complaint_suppresses_the_address(client, reader):
    response = post(client, complaint("ana@example.org"))
    assert response.status_code == 200
    assert Suppression.objects.get().reason == "complaint"
    assert _mailable(reader) == set()


def test_the_same_report_twice_suppresses_once(client, reader):
    post(client, bounce("ana@example.org"))
    post(client, bounce("ana@example.org"))
    post(client, complaint("ana@example.org"))
    assert Suppression.objects.count() == 1
    assert Suppression.objects.get().reason == "bounce"


def test_any_address_is_suppressed_even_one_we_hold_no_supporter_for(client):
    post(client, bounce("stranger@example.net"))
    assert Suppression.objects.filter(email="stranger@example.net").exists()


def test_a_soft_bounce_suppresses_nobody(client, reader):
    response = post(client, bounce("ana@example.org", kind="SoftBounce"))
    assert response.status_code == 200
    assert not Suppression.objects.exists()
    assert _mailable(reader) == {"newsletter", "action-alerts"}


def test_a_delivery_report_suppresses_nobody(client, reader):
    post(
        client,
        {
            "RecordType": "Delivery",
            "MessageID": "pm-0001",
            "Recipient": "ana@example.org",
            "DeliveredAt": "2026-11-24T10:00:00Z",
            "Details": "Test delivery",
        },
    )
    assert not Suppression.objects.exists()


def test_a_report_without_the_secret_suppresses_nobody(client, reader):
    response = post(client, bounce("ana@example.org"), credentials="hook:wrong")
    assert response.status_code == 400
    assert not Suppression.objects.exists()


def test_a_letters_bounce_still_marks_the_letter_too(client):
    letter = LetterFactory(
        status=LetterStatus.SENT, sent_at=timezone.now(), provider_message_id="pm-77"
    )
    payload = bounce("office@example.org") | {"MessageID": "pm-77"}
    assert post(client, payload).status_code == 200
    letter.refresh_from_db()
    assert letter.status == LetterStatus.BOUNCED
    assert Suppression.objects.filter(email="office@example.org").exists()
