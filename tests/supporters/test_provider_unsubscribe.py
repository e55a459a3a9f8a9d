"""A person who unsubscribes through the email provider (its own link or list header; for
Postmark a SubscriptionChange report) leaves the list the message was for, or every list."""

import pytest

from supporters import lists
from supporters.models import EmailList, ListConsent, Suppression
from tests.factories import SupporterFactory
from tests.supporters.test_suppression import post

pytestmark = [pytest.mark.urls("tests.letters.webhook_urls"), pytest.mark.django_db]
NEWS, ALERTS = EmailList.NEWSLETTER.value, EmailList.ACTION_ALERTS.value


@pytest.fixture(autouse=True)
def webhook_secret(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "hook:s3cret"}


@pytest.fixture
def reader():
    person = SupporterFactory(email="ana@example.org")
    for email_list in (NEWS, ALERTS):
        lists.consent_give(supporter=person, email_list=email_list, source="list page")
    return person


def subscription_change(email: str, *, metadata=None, tag=None, suppress=True, reason=None):
    payload = {
        "RecordType": "SubscriptionChange",
        "MessageID": "a4909a96-73d6-4c49-b148-a54522d3f7ac",
        "ServerID": 23,
        "MessageStream": "broadcast",
        "ChangedAt": "2026-11-24T10:00:00Z",
        "Recipient": email,
        "Origin": "Recipient",
        "SuppressSending": suppress,
        "SuppressionReason": reason or "ManualSuppression",
        "Metadata": metadata or {},
    }
    if tag is not None:
        payload["Tag"] = tag
    return payload


def _active(person) -> set[str]:
    return set(person.list_consents.active().values_list("email_list", flat=True))


def test_an_unsubscribe_without_a_list_leaves_every_list(client, reader):
    response = post(client, subscription_change("Ana@Example.org"))
    assert response.status_code == 200
    assert _active(reader) == set()
    reader.refresh_from_db()
    assert reader.list_opt_in is False
    for consent in ListConsent.objects.filter(supporter=reader):
        assert consent.unsubscribed_at is not None
        assert consent.unsubscribed_source == "email provider"
    # Leaving is a choice, not a delivery problem: the address is not suppressed.
    assert not Suppression.objects.exists()


def test_an_unsubscribe_naming_a_list_in_metadata_leaves_only_that_list(client, reader):
    post(client, subscription_change("ana@example.org", metadata={"email_list": ALERTS}))
    assert _active(reader) == {NEWS}
    left = ListConsent.objects.get(supporter=reader, email_list=ALERTS)
    assert left.unsubscribed_source == "email provider"


def test_an_unsubscribe_naming_a_list_in_its_tag_leaves_only_that_list(client, reader):
    post(client, subscription_change("ana@example.org", tag=NEWS))
    assert _active(reader) == {ALERTS}


def test_an_unknown_list_name_leaves_every_list(client, reader):
    post(client, subscription_change("ana@example.org", metadata={"email_list": "nonsense"}))
    assert _active(reader) == set()


def test_a_resubscribe_report_puts_nobody_back_on_a_list(client, reader):
    post(client, subscription_change("ana@example.org"))
    post(client, subscription_change("ana@example.org", suppress=False))
    assert _active(reader) == set()


def test_an_unsubscribe_for_an_address_we_do_not_know_changes_nothing(client, reader):
    response = post(client, subscription_change("stranger@example.net"))
    assert response.status_code == 200
    assert _active(reader) == {NEWS, ALERTS}


def test_a_provider_suppression_for_a_hard_bounce_is_a_bounce_not_an_unsubscribe(client, reader):
    post(client, subscription_change("ana@example.org", reason="HardBounce"))
    assert Suppression.objects.get().reason == "bounce"
    assert _active(reader) == {NEWS, ALERTS}


def test_repeating_the_report_changes_nothing_more(client, reader):
    post(client, subscription_change("ana@example.org", tag=NEWS))
    first = ListConsent.objects.get(supporter=reader, email_list=NEWS).unsubscribed_at
    post(client, subscription_change("ana@example.org", tag=NEWS))
    assert ListConsent.objects.get(supporter=reader, email_list=NEWS).unsubscribed_at == first
