"""Retention: purge_personal_data applies every rule after RETENTION_DAYS."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from accounts import retention
from accounts.models import AuditEvent
from tests.retention import purge


def make_attempt(age_days: float) -> AccessAttempt:
    attempt = AccessAttempt.objects.create(
        username=f"someone{age_days}",
        ip_address="203.0.113.5",
        user_agent="x",
        failures_since_start=1,
    )
    AccessAttempt.objects.filter(pk=attempt.pk).update(
        attempt_time=timezone.now() - timedelta(days=age_days)
    )
    return attempt


@pytest.mark.django_db
def test_old_login_failures_go_and_recent_ones_stay(settings):
    settings.RETENTION_DAYS = 30
    old = make_attempt(31)
    recent = make_attempt(29)
    output = purge()
    assert "staff_login_failures: cleared 1" in output
    assert not AccessAttempt.objects.filter(pk=old.pk).exists()
    assert AccessAttempt.objects.filter(pk=recent.pk).exists()
    event = AuditEvent.objects.get(action="retention.purge")
    assert event.actor is None
    assert event.details["retention_days"] == 30
    assert event.details["cleared"]["staff_login_failures"] == 1


@pytest.mark.django_db
def test_dry_run_counts_and_changes_nothing(settings):
    settings.RETENTION_DAYS = 30
    make_attempt(45)
    output = purge("--dry-run")
    assert "staff_login_failures: would clear 1" in output
    assert AccessAttempt.objects.count() == 1
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_days_option_overrides_the_setting(settings):
    settings.RETENTION_DAYS = 365
    make_attempt(10)
    purge("--days", "5")
    assert not AccessAttempt.objects.exists()


@pytest.mark.django_db
def test_a_failing_rule_rolls_back_its_own_changes(settings, monkeypatch):
    make_attempt(400)

    def broken(*, cutoff, dry_run):
        AccessAttempt.objects.all().delete()
        raise RuntimeError("disk full")

    monkeypatch.setitem(
        retention._RULES, "zz_broken", retention.RetentionRule("zz_broken", "test", broken)
    )
    with pytest.raises(RuntimeError):
        purge("--days", "1000")
    assert AccessAttempt.objects.count() == 1


def test_every_app_rule_is_found_and_described():
    rules = retention.retention_rules()
    names = [rule.name for rule in rules]
    assert "staff_login_failures" in names
    assert len(names) == len(set(names))
    assert all(rule.description for rule in rules)


@pytest.mark.django_db
def test_privacy_page_explains_retention_and_is_in_the_footer(client, settings):
    settings.RETENTION_DAYS = 90
    settings.PRIVACY_EMAIL = "privacy@example.org"
    page = client.get("/privacy/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "after 90 days" in html
    assert "mailto:privacy@example.org" in html
    assert "remembers which petitions you signed and your ZIP code" in html
    assert 'href="/privacy/"' in client.get("/").content.decode()


def age(queryset, field: str, days: float) -> None:
    queryset.update(**{field: timezone.now() - timedelta(days=days)})


@pytest.mark.django_db
def test_unconfirmed_list_requests_and_their_people_go_confirmed_ones_stay(settings):
    from supporters.models import ListSubscription, Supporter
    from tests.campaign.factories import ListSubscriptionFactory

    settings.RETENTION_DAYS = 30
    stale = ListSubscriptionFactory()
    fresh = ListSubscriptionFactory()
    confirmed = ListSubscriptionFactory(status=ListSubscription.Status.CONFIRMED)
    unsubscribed = ListSubscriptionFactory(status=ListSubscription.Status.UNSUBSCRIBED)
    everyone = [stale, fresh, confirmed, unsubscribed]
    age(ListSubscription.objects.exclude(pk=fresh.pk), "requested_at", 40)
    age(Supporter.objects.filter(list_subscription__in=everyone), "created_at", 40)

    output = purge()

    assert "unconfirmed_list_subscriptions: cleared 1" in output
    assert "supporters_with_nothing_left: cleared 1" in output
    assert set(ListSubscription.objects.all()) == {fresh, confirmed, unsubscribed}
    # An unsubscribed address is kept, so they are never written to again.
    assert not Supporter.objects.filter(pk=stale.supporter_id).exists()
    assert Supporter.objects.filter(pk=unsubscribed.supporter_id).exists()


@pytest.mark.django_db
def test_supporters_with_any_record_or_on_the_list_are_kept(settings):
    from supporters.models import Supporter
    from tests.campaign.factories import EventRegistrationFactory
    from tests.factories import SupporterFactory

    settings.RETENTION_DAYS = 30
    registered = EventRegistrationFactory().supporter
    on_list = SupporterFactory(list_opt_in=True)
    nothing = SupporterFactory()
    new = SupporterFactory()
    age(Supporter.objects.exclude(pk=new.pk), "created_at", 40)

    purge()

    assert set(Supporter.objects.all()) == {registered, on_list, new}
    assert nothing.pk


@pytest.mark.django_db
def test_shipping_details_of_long_past_events_are_cleared_counts_stay(settings):
    from campaign.models import Event, EventRegistration
    from tests.campaign.factories import EventRegistrationFactory

    settings.RETENTION_DAYS = 30
    old = EventRegistrationFactory()
    upcoming = EventRegistrationFactory()
    Event.objects.filter(pk=old.event_id).update(
        starts_at=timezone.now() - timedelta(days=50), ends_at=timezone.now() - timedelta(days=45)
    )

    assert "past_event_shipping_details: cleared 1" in purge()

    old.refresh_from_db()
    upcoming.refresh_from_db()
    assert (old.street, old.phone) == ("", "")
    assert (old.city, old.state, old.zip_code) == ("Washington", "DC", "20001")
    assert upcoming.street == "501 Third Street NW"
    assert EventRegistration.objects.filter(event_id=old.event_id).count() == 1
    assert "past_event_shipping_details: cleared 0" in purge()


def test_people_are_tidied_after_the_rules_that_free_them():
    names = [rule.name for rule in retention.retention_rules()]
    assert names[-1] == "supporters_with_nothing_left"


@pytest.mark.django_db
def test_unconfirmed_signatures_go_confirmed_ones_and_counts_stay(settings):
    from petitions.models import Signature
    from petitions.services import petition_count
    from tests.petitions.factories import PetitionFactory, SignatureFactory

    settings.RETENTION_DAYS = 30
    petition = PetitionFactory(requires_confirmation=True)
    confirmed = SignatureFactory(petition=petition)
    stale = SignatureFactory(petition=petition, confirmed_at=None)
    fresh = SignatureFactory(petition=petition, confirmed_at=None)
    age(Signature.objects.exclude(pk=fresh.pk), "created_at", 40)
    before = petition_count(petition=petition)

    output = purge()

    assert "unconfirmed_signatures: cleared 1" in output
    assert set(Signature.objects.all()) == {confirmed, fresh}
    assert not Signature.objects.filter(pk=stale.pk).exists()
    assert petition_count(petition=petition) == before


@pytest.mark.django_db
def test_delivered_letters_lose_text_and_address_but_stay_counted(settings):
    from letters.models import ConfirmationState, Letter, LetterStatus, LetterSubmission
    from tests.letters.factories import LetterFactory, LetterSubmissionFactory

    settings.RETENTION_DAYS = 30
    long_ago = timezone.now() - timedelta(days=40)
    done = LetterSubmissionFactory()
    delivered = LetterFactory(submission=done, status=LetterStatus.DELIVERED, sent_at=long_ago)
    waiting = LetterSubmissionFactory()
    sent_part = LetterFactory(submission=waiting, status=LetterStatus.SENT, sent_at=long_ago)
    queued = LetterFactory(submission=waiting, status=LetterStatus.QUEUED)
    unconfirmed = LetterSubmissionFactory(confirmation=ConfirmationState.PENDING)
    held = LetterFactory(submission=unconfirmed, status=LetterStatus.QUEUED)
    LetterSubmission.objects.update(created_at=long_ago)

    output = purge()

    assert "delivered_letters: cleared 3" in output
    assert "unconfirmed_letters: cleared 1" in output
    delivered.refresh_from_db()
    done.refresh_from_db()
    assert delivered.body == "" and delivered.status == LetterStatus.DELIVERED
    assert (done.street, done.phone) == ("", "")
    assert (done.city, done.state, done.zip_code) == ("Columbus", "OH", "43215")
    # A submission with a letter still to send keeps its address; its sent letter loses text.
    waiting.refresh_from_db()
    sent_part.refresh_from_db()
    queued.refresh_from_db()
    assert waiting.street == "1 Main St"
    assert sent_part.body == ""
    assert queued.body != ""
    assert not LetterSubmission.objects.filter(pk=unconfirmed.pk).exists()
    assert not Letter.objects.filter(pk=held.pk).exists()
    assert Letter.objects.filter(status__in=["sent", "delivered"]).count() == 2
