"""Retention of people who left every list: like an unsubscribed list member, a supporter
whose only rows are withdrawn consents is kept, with the record of when they agreed and
when and how they left, until they ask for their data to be deleted."""

from datetime import timedelta

import pytest
from django.utils import timezone

from supporters import lists
from supporters.models import EmailList, ListConsent, Supporter
from supporters.services import supporter_delete
from tests.factories import SupporterFactory
from tests.retention import purge

pytestmark = pytest.mark.django_db


def make_old(*people: Supporter) -> None:
    Supporter.objects.filter(pk__in=[person.pk for person in people]).update(
        created_at=timezone.now() - timedelta(days=400)
    )


def left_every_list(email: str, source: str) -> Supporter:
    person = SupporterFactory(email=email)
    for email_list in EmailList.values:
        lists.consent_give(supporter=person, email_list=email_list, source="petition")
    lists.consent_withdraw_all(supporter=person, source=source)
    return person


@pytest.fixture(autouse=True)
def retention(settings):
    settings.RETENTION_DAYS = 30


@pytest.mark.parametrize("source", [lists.SOURCE_ONE_CLICK, lists.SOURCE_PROVIDER])
def test_someone_who_left_every_list_is_kept_with_the_record_of_it(source):
    left = left_every_list("ana@example.org", source)
    nobody = SupporterFactory(email="bo@example.org")
    make_old(left, nobody)

    output = purge()

    assert "supporters_with_nothing_left: cleared 1" in output
    assert not Supporter.objects.filter(pk=nobody.pk).exists()
    left.refresh_from_db()
    assert left.list_opt_in is False
    consents = ListConsent.objects.filter(supporter=left)
    assert consents.count() == len(EmailList.values)
    for consent in consents:
        assert consent.unsubscribed_at is not None
        assert consent.unsubscribed_source == source
        assert consent.source == "petition"
    # Kept on record, never mailed.
    for email_list in EmailList.values:
        assert not lists.subscribers(email_list=email_list).filter(pk=left.pk).exists()


def test_someone_on_one_list_still_and_off_another_is_kept_too():
    person = SupporterFactory()
    lists.consent_give(supporter=person, email_list=EmailList.NEWSLETTER, source="list page")
    lists.consent_give(supporter=person, email_list=EmailList.ACTION_ALERTS, source="list page")
    lists.consent_withdraw(supporter=person, email_list=EmailList.NEWSLETTER, source="one-click")
    make_old(person)
    purge()
    assert Supporter.objects.filter(pk=person.pk).exists()
    assert lists.subscribers(email_list=EmailList.ACTION_ALERTS).filter(pk=person.pk).exists()


def test_asking_to_be_deleted_removes_the_withdrawn_consents_with_the_person():
    left = left_every_list("ana@example.org", lists.SOURCE_PREFERENCES)
    supporter_delete(supporter=left)
    assert not Supporter.objects.filter(email="ana@example.org").exists()
    assert not ListConsent.objects.exists()
