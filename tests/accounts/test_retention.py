"""Retention: purge_personal_data applies every rule after RETENTION_DAYS."""

from datetime import timedelta
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.utils import timezone

from accounts import retention
from accounts.models import AuditEvent


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


def purge(*args: str) -> str:
    out = StringIO()
    call_command("purge_personal_data", *args, stdout=out)
    return out.getvalue()


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
    assert 'href="/privacy/"' in client.get("/").content.decode()
