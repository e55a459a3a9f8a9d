"""Provider delivery reports (Anymail tracking webhooks) update the letters they name."""

import base64
import json

import pytest
from django.utils import timezone

from letters.delivery import letter_track
from letters.models import LetterStatus
from tests.letters.factories import LetterFactory

WEBHOOK = "/anymail/postmark/tracking/"
pytestmark = pytest.mark.urls("tests.letters.webhook_urls")


def sent_letter(**fields):
    values = {"status": LetterStatus.SENT, "sent_at": timezone.now()}
    return LetterFactory(**(values | {"provider_message_id": "pm-0001"} | fields))


def post(client, payload: dict, credentials: str = "hook:s3cret"):
    auth = base64.b64encode(credentials.encode()).decode()
    return client.post(
        WEBHOOK,
        data=json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {auth}",
    )


@pytest.fixture
def webhook_secret(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "hook:s3cret"}


def test_delivery_report_marks_letter_delivered(db, client, webhook_secret):
    letter = sent_letter()

    response = post(
        client,
        {
            "RecordType": "Delivery",
            "MessageID": "pm-0001",
            "Recipient": "office@example.org",
            "DeliveredAt": "2026-11-24T10:00:00Z",
            "Details": "Test delivery",
        },
    )

    assert response.status_code == 200
    letter.refresh_from_db()
    assert letter.status == LetterStatus.DELIVERED
    assert letter.tracked_at is not None


def test_bounce_report_marks_letter_bounced_with_the_reason(db, client, webhook_secret):
    letter = sent_letter()

    response = post(
        client,
        {
            "RecordType": "Bounce",
            "Type": "HardBounce",
            "TypeCode": 1,
            "MessageID": "pm-0001",
            "Email": "office@example.org",
            "BouncedAt": "2026-11-24T10:00:00Z",
            "Description": "The server was unable to deliver your message",
            "Details": "smtp;550 5.1.1 unknown user",
        },
    )

    assert response.status_code == 200
    letter.refresh_from_db()
    assert letter.status == LetterStatus.BOUNCED
    assert "unable to deliver" in letter.last_error


def test_webhook_without_the_secret_changes_nothing(db, client, webhook_secret):
    letter = sent_letter()

    response = post(
        client, {"RecordType": "Delivery", "MessageID": "pm-0001"}, credentials="hook:wrong"
    )

    assert response.status_code == 400
    letter.refresh_from_db()
    assert letter.status == LetterStatus.SENT


def test_report_can_name_our_message_id(db):
    letter = sent_letter(message_id="<abc.letter@example.org>", provider_message_id="")

    assert letter_track(event_type="complained", message_id="abc.letter@example.org") == 1

    letter.refresh_from_db()
    assert letter.status == LetterStatus.COMPLAINED


def test_late_delivered_report_does_not_hide_a_bounce(db):
    letter = sent_letter()
    letter_track(event_type="bounced", message_id="pm-0001", description="mailbox full")

    assert letter_track(event_type="delivered", message_id="pm-0001") == 0

    letter.refresh_from_db()
    assert letter.status == LetterStatus.BOUNCED


def test_reports_about_unsent_letters_or_other_events_are_ignored(db):
    queued = LetterFactory(provider_message_id="pm-0002")

    assert letter_track(event_type="delivered", message_id="pm-0002") == 0
    assert letter_track(event_type="opened", message_id="pm-0002") == 0

    queued.refresh_from_db()
    assert queued.status == LetterStatus.QUEUED


def test_provider_message_id_is_kept_and_matched(db, settings):
    from letters.delivery import letter_deliver

    settings.MAILERS = {"default": {"BACKEND": "anymail.backends.test.EmailBackend"}}
    letter = LetterFactory()

    assert letter_deliver(letter_id=letter.pk) == LetterStatus.SENT
    letter.refresh_from_db()
    assert letter.provider_message_id == "0"

    assert letter_track(event_type="delivered", message_id="0") == 1
    letter.refresh_from_db()
    assert letter.status == LetterStatus.DELIVERED


@pytest.mark.urls("config.urls")
def test_unconfigured_providers_have_no_webhooks(db, client):
    # With file mail (the default) no provider is configured, so no webhook answers.
    for url in (
        "/anymail/postmark/tracking/",
        "/anymail/mandrill/tracking/",
        "/anymail/amazon_ses/inbound/",
    ):
        assert client.post(url, data="{}", content_type="application/json").status_code == 404


def test_only_the_named_providers_webhooks_are_mounted():
    from letters.webhooks import anymail_webhook_patterns

    routes = [str(p.pattern) for p in anymail_webhook_patterns(["postmark"])]
    assert routes and all(route.lstrip("^").startswith("postmark/") for route in routes)
    assert anymail_webhook_patterns([]) == []


@pytest.mark.parametrize("reported", ["naive", "future", "none"])
def test_a_report_without_a_usable_time_is_dated_when_it_arrived(db, reported, recwarn):
    import datetime

    letter = sent_letter()
    times = {
        "naive": datetime.datetime(2026, 11, 24, 10, 0),
        "future": timezone.now() + datetime.timedelta(days=2),
        "none": None,
    }
    before = timezone.now()
    assert letter_track(event_type="delivered", message_id="pm-0001", timestamp=times[reported])

    letter.refresh_from_db()
    assert letter.status == LetterStatus.DELIVERED
    assert before <= letter.tracked_at <= timezone.now()
    assert not [w for w in recwarn if "naive datetime" in str(w.message)]


def test_a_report_keeps_the_providers_own_time(db):
    import datetime

    letter = sent_letter()
    when = timezone.now() - datetime.timedelta(minutes=5)
    letter_track(event_type="delivered", message_id="pm-0001", timestamp=when)

    letter.refresh_from_db()
    assert letter.tracked_at == when
