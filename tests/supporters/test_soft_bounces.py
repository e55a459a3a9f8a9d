"""Soft bounces (the mailbox could not take the message for now) suppress an address only
once LIST_SOFT_BOUNCE_LIMIT of them arrive within LIST_SOFT_BOUNCE_WINDOW_DAYS (Anymail's
tracking webhook, Postmark's payloads)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from supporters import lists
from supporters.models import EmailList, SoftBounce, Suppression
from tests.factories import SupporterFactory
from tests.supporters.test_suppression import bounce, post

pytestmark = [pytest.mark.urls("tests.letters.webhook_urls"), pytest.mark.django_db]


@pytest.fixture(autouse=True)
def webhook_settings(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "hook:s3cret"}
    settings.LIST_SOFT_BOUNCE_LIMIT = 3
    settings.LIST_SOFT_BOUNCE_WINDOW_DAYS = 30


@pytest.fixture
def reader():
    person = SupporterFactory(email="ana@example.org")
    for email_list in EmailList.values:
        lists.consent_give(supporter=person, email_list=email_list, source="list page")
    return person


def soft(event_id: int, email: str = "ana@example.org", when: str = "") -> dict:
    payload = bounce(email, kind="SoftBounce", event_id=event_id)
    payload["Description"] = "The mailbox is full."
    if when:
        payload["BouncedAt"] = when
    return payload


def _mailable(person) -> set[str]:
    return {
        value
        for value in EmailList.values
        if lists.sendable_ids(email_list=value, supporter_ids=[person.pk])
    }


def _days_ago(days: float) -> str:
    return (timezone.now() - timedelta(days=days)).isoformat()


def test_the_limit_of_soft_bounces_suppresses_the_address_on_every_list(client, reader):
    for event_id in (1, 2):
        assert post(client, soft(event_id, email="Ana@Example.org")).status_code == 200
    assert not Suppression.objects.exists()
    assert _mailable(reader) == {"newsletter", "action-alerts"}

    assert post(client, soft(3)).status_code == 200

    suppression = Suppression.objects.get()
    assert (suppression.email, suppression.reason) == ("ana@example.org", "soft-bounces")
    assert "3 soft bounces in 30 days" in suppression.detail
    assert "mailbox is full" in suppression.detail
    assert _mailable(reader) == set()
    # The suppression is the record now; the counts are gone.
    assert not SoftBounce.objects.exists()
    # The person never withdrew.
    assert reader.list_consents.active().count() == 2


def test_the_same_report_delivered_again_counts_once(client, reader):
    for _ in range(5):
        post(client, soft(7))
    post(client, soft(8))
    assert SoftBounce.objects.count() == 2
    assert not Suppression.objects.exists()


def test_soft_bounces_outside_the_window_do_not_count(client, reader):
    post(client, soft(1, when=_days_ago(45)))
    post(client, soft(2, when=_days_ago(31)))
    post(client, soft(3, when=_days_ago(1)))
    post(client, soft(4))
    assert not Suppression.objects.exists()
    post(client, soft(5))
    assert Suppression.objects.get().reason == "soft-bounces"


def test_the_limit_is_a_setting(client, reader, settings):
    settings.LIST_SOFT_BOUNCE_LIMIT = 1
    post(client, soft(1))
    assert Suppression.objects.filter(email="ana@example.org").exists()


def test_each_address_is_counted_on_its_own(client, reader):
    post(client, soft(1))
    post(client, soft(2))
    post(client, soft(3, email="bo@example.org"))
    assert not Suppression.objects.exists()


def test_an_address_already_suppressed_keeps_its_reason(client, reader):
    post(client, bounce("ana@example.org"))
    for event_id in (1, 2, 3):
        post(client, soft(event_id))
    assert Suppression.objects.get().reason == "bounce"
    assert not SoftBounce.objects.exists()


def test_a_hard_bounce_after_soft_ones_suppresses_at_once(client, reader):
    post(client, soft(1))
    post(client, bounce("ana@example.org", event_id=99))
    assert Suppression.objects.get().reason == "bounce"


def test_retention_removes_soft_bounces_that_no_longer_count(reader, settings):
    settings.RETENTION_DAYS = 180
    lists.soft_bounce_record(email="ana@example.org", event_id="a")
    lists.soft_bounce_record(
        email="ana@example.org", event_id="b", bounced_at=timezone.now() - timedelta(days=31)
    )
    out = StringIO()
    call_command("purge_personal_data", stdout=out)
    assert "old_soft_bounces: cleared 1" in out.getvalue()
    assert list(SoftBounce.objects.values_list("event_id", flat=True)) == ["a"]


def test_soft_bounces_are_in_the_persons_export_and_go_with_them(reader):
    from supporters.services import supporter_delete, supporter_export

    lists.soft_bounce_record(email="ana@example.org", event_id="Postmark:1")
    lists.soft_bounce_record(email="bo@example.org", event_id="Postmark:2")
    exported = supporter_export(supporter=reader)["supporters.softbounce"]
    assert [row["event_id"] for row in exported] == ["Postmark:1"]

    deleted = supporter_delete(supporter=reader)
    assert deleted["supporters.SoftBounce"] == 1
    assert list(SoftBounce.objects.values_list("email", flat=True)) == ["bo@example.org"]


@pytest.mark.parametrize("when", ["2026-11-24T10:00:00", "not a date"])
def test_a_report_with_an_odd_time_still_counts_from_now(client, reader, when):
    for event_id in (1, 2, 3):
        assert post(client, soft(event_id, when=when)).status_code == 200
    assert Suppression.objects.get().reason == "soft-bounces"
