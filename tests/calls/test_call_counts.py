"""Calls counted per office: today, the past week, all time and by outcome; exact under load."""

import csv
import datetime
import io
import re
import threading

import pytest
import time_machine
from django.conf import settings
from django.db import connection

from calls import services
from calls.models import CallOutcome, CallReport
from tests.calls.factories import CallCampaignFactory, CallReportFactory
from tests.legislators.factories import BillFactory, LegislatorFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 10)


@time_machine.travel(datetime.datetime(2026, 3, 10, 15, 0, tzinfo=datetime.UTC), tick=False)
def test_counts_per_office_by_period_and_outcome(django_assert_num_queries):
    rep, senator = LegislatorFactory(), LegislatorFactory(senator=True)
    campaign, other = CallCampaignFactory(), CallCampaignFactory()
    for days_ago, outcome in [
        (0, CallOutcome.REACHED),
        (0, CallOutcome.VOICEMAIL),
        (6, CallOutcome.NO_ANSWER),
        (7, CallOutcome.REACHED),
        (40, CallOutcome.VOICEMAIL),
    ]:
        CallReportFactory(
            campaign=campaign,
            legislator=rep,
            outcome=outcome,
            day=TODAY - datetime.timedelta(days=days_ago),
        )
    CallReportFactory(campaign=other, legislator=senator, day=TODAY)

    with django_assert_num_queries(1):
        counts = services.call_counts_by_legislator()

    assert counts[rep.pk] == services.CallCounts(
        today=2, week=3, total=5, reached=2, voicemail=2, no_answer=1
    )
    assert counts[senator.pk].total == 1
    assert senator.pk not in services.call_counts_by_legislator(campaign=campaign)


def test_reporting_twice_the_same_day_counts_once_and_next_day_again():
    rep, campaign = LegislatorFactory(), CallCampaignFactory()
    kwargs = {"campaign_id": campaign.pk, "legislator_id": rep.pk, "caller_key": "k"}

    assert services.call_report_create(**kwargs, outcome="reached", day=TODAY) is True
    assert services.call_report_create(**kwargs, outcome="voicemail", day=TODAY) is False
    assert services.call_report_create(**kwargs, outcome="reached", day=TODAY.replace(day=11))

    counts = services.call_counts_by_legislator(today=TODAY)[rep.pk]
    assert (counts.today, counts.total, counts.reached) == (1, 2, 2)
    assert CallReport.objects.count() == 2


def test_an_unknown_outcome_is_a_programming_error():
    with pytest.raises(ValueError, match="outcome"):
        services.call_report_create(
            campaign_id=CallCampaignFactory().pk,
            legislator_id=LegislatorFactory().pk,
            outcome="maybe",
            caller_key="k",
        )


def test_the_whip_board_shows_calls_per_office_and_exports_them(organizer):
    bill = BillFactory(is_current=True)
    rep = LegislatorFactory(official_name="Callee Member")
    CallReportFactory.create_batch(3, legislator=rep)

    page = organizer.get(f"/staff/whip/?bill={bill.key}").content.decode()
    assert "Calls (today)" in page
    # The cell: all calls, then today's in brackets (the row leaves out optional end tags).
    assert re.search(r"<td>3 \(3\)(<td>|<tr|\s*</tbody>|\n)", page)

    exported = organizer.get(f"/staff/whip/export.csv?bill={bill.key}")
    text = b"".join(exported.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {row["name"]: row["calls"] for row in rows} == {"Callee Member": "3"}


def test_the_office_report_in_the_admin(organizer):
    rep = LegislatorFactory(official_name="Often Called")
    CallReportFactory(legislator=rep, outcome=CallOutcome.VOICEMAIL)
    CallReportFactory(legislator=rep, outcome=CallOutcome.REACHED)

    response = organizer.get("/admin/calls/callreport/offices/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Often Called" in page
    assert "Calls by office" in page
    assert response.context["offices"][0]["counts"].total == 2
    assert organizer.get("/admin/calls/callreport/offices/?campaign=x' or 1=1").status_code == 200


def test_the_home_page_shows_the_total_of_calls(anonymous):
    CallReportFactory.create_batch(2, legislator=LegislatorFactory())

    page = anonymous.get("/").content.decode()

    assert "calls to Congress so far" in page
    assert 'href="/call/"' in page


def test_the_home_page_has_no_call_box_without_an_open_campaign(anonymous):
    CallCampaignFactory(is_open=False)

    assert "home-calls" not in anonymous.get("/").content.decode()


@pytest.mark.skipif(not settings.USING_POSTGRES, reason="needs PostgreSQL's concurrent writers")
@pytest.mark.django_db(transaction=True)
def test_concurrent_reports_are_counted_exactly():
    campaign = CallCampaignFactory()
    rep = LegislatorFactory()
    callers = 24
    # Each caller reports twice at once: only one of each pair may count.
    barrier = threading.Barrier(callers * 2)
    errors: list[BaseException] = []
    accepted: list[bool] = []

    def call(n: int) -> None:
        try:
            barrier.wait()
            accepted.append(
                services.call_report_create(
                    campaign_id=campaign.pk,
                    legislator_id=rep.pk,
                    outcome="reached",
                    caller_key=f"c{n}",
                )
            )
        except BaseException as error:  # surfaced below; a thread must not swallow it
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=call, args=(n % callers,)) for n in range(callers * 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert accepted.count(True) == callers
    assert services.call_counts_by_legislator()[rep.pk].total == callers
    assert CallReport.objects.count() == callers
