"""Retention: the browser code kept with old call reports is cleared; the reports stay."""

from datetime import timedelta

import pytest
from django.utils import timezone

from calls import services
from calls.models import CallReport
from tests.calls.factories import CallReportFactory
from tests.legislators.factories import LegislatorFactory
from tests.retention import age, purge

pytestmark = pytest.mark.django_db


def report(*, age_days: float, key: str, member) -> CallReport:
    made = CallReportFactory(
        legislator=member,
        caller_key=key,
        day=(timezone.now() - timedelta(days=age_days)).date(),
    )
    age(made, days=age_days, field="created_at")
    return made


def test_old_reports_lose_the_browser_code_and_keep_office_day_and_outcome(settings):
    settings.RETENTION_DAYS = 30
    senator = LegislatorFactory(senator=True, state="OH")
    representative = LegislatorFactory(state="OH", district=3)
    browser = services.caller_key("token-of-one-browser")
    old_one = report(age_days=40, key=browser, member=senator)
    old_two = report(age_days=40, key=browser, member=representative)
    recent = report(age_days=2, key=browser, member=senator)

    before = set(CallReport.objects.values_list("pk", "legislator_id", "day", "outcome"))
    assert "call_report_keys: would clear 2" in purge("--dry-run")
    assert CallReport.objects.filter(caller_key=browser).count() == 3

    assert "call_report_keys: cleared 2" in purge()
    old_one.refresh_from_db()
    old_two.refresh_from_db()
    recent.refresh_from_db()
    # Nothing links the two old reports to each other or to the browser any more.
    assert browser not in {old_one.caller_key, old_two.caller_key}
    assert old_one.caller_key != old_two.caller_key
    assert recent.caller_key == browser
    # Every report is still counted, with its office, day and outcome.
    assert set(CallReport.objects.values_list("pk", "legislator_id", "day", "outcome")) == before

    assert "call_report_keys: cleared 0" in purge()
