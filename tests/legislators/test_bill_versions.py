"""The campaign's bill across Congresses: versions, finding the reintroduction, confirming it."""

import datetime
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import requests
import time_machine
from django.core.management import CommandError, call_command
from responses import matchers

from accounts.models import AuditEvent
from legislators.models import (
    Bill,
    BillFamily,
    CandidateStatus,
    ReintroductionCandidate,
    Stance,
)
from legislators.services import titles_match, version_records
from legislators.signals import current_bill_changed
from tests.legislators.factories import (
    BillFactory,
    CosponsorshipFactory,
    LegislatorFactory,
    SenatorFactory,
)

DATA = Path(__file__).resolve().parent.parent / "data" / "congress_gov"
API = "https://api.congress.gov/v3"
EASTERN = ZoneInfo("America/New_York")
ADMIN = "/admin/legislators/reintroductioncandidate/"


def payload(name: str) -> dict:
    return json.loads((DATA / name).read_text())


@pytest.fixture
def api_key(settings):
    settings.CONGRESS_API_URL = API
    settings.CONGRESS_API_KEY = "test-key"


@pytest.fixture
def family(db) -> BillFamily:
    """The 119th's S. 2495 (current) and H.R. 4954, after the 2017 S. 515."""
    family = BillFamily.objects.create(name="Keep Call Centers in America Act")
    senate_sponsor = SenatorFactory(bioguide_id="Z900001", state="AZ")
    house_sponsor = LegislatorFactory(bioguide_id="Z900010", state="OH", district=3)
    s515 = BillFactory(
        congress=115,
        bill_type="s",
        number=515,
        title="U.S. Call Center Worker and Consumer Protection Act of 2017",
        family=family,
    )
    s2495 = BillFactory(
        congress=119,
        bill_type="s",
        number=2495,
        title="Keep Call Centers in America Act of 2025",
        sponsor=senate_sponsor,
        family=family,
        previous_version=s515,
        is_current=True,
    )
    hr4954 = BillFactory(
        congress=119,
        bill_type="hr",
        number=4954,
        title="Keep Call Centers in America Act of 2025",
        sponsor=house_sponsor,
        family=family,
        companion=s2495,
    )
    s2495.companion = hr4954
    s2495.save()
    return family


def stub_120(http) -> None:
    http.get(
        f"{API}/bill/120/s",
        json=payload("bills_s_120_page1.json"),
        match=[matchers.query_param_matcher({"offset": "0"}, strict_match=False)],
    )
    http.get(
        f"{API}/bill/120/s",
        json=payload("bills_s_120_page2.json"),
        match=[matchers.query_param_matcher({"offset": "2"}, strict_match=False)],
    )
    http.get(f"{API}/bill/120/hr", json=payload("bills_hr_120.json"))
    for name, path in [
        ("bill_s7_120.json", "s/7"),
        ("bill_s100_120.json", "s/100"),
        ("bill_s101_120.json", "s/101"),
        ("bill_hr250_120.json", "hr/250"),
    ]:
        http.get(f"{API}/bill/120/{path}", json=payload(name))


def test_titles_match_across_years_but_not_other_bills() -> None:
    earlier = ["Keep Call Centers in America Act of 2025"]
    assert titles_match("Keep Call Centers in America Act of 2027", earlier)
    assert titles_match("Keep Call Center in America Act", earlier)
    assert not titles_match("Keep Jobs in America Act of 2027", earlier)
    assert not titles_match("U.S. Call Center Worker and Consumer Protection Act", earlier)
    assert not titles_match("", earlier)


@time_machine.travel(datetime.datetime(2027, 1, 7, 9, tzinfo=EASTERN), tick=False)
def test_find_reintroduction_proposes_title_and_sponsor_matches(http, api_key, family, capsys):
    stub_120(http)

    call_command("find_reintroduction")

    out = capsys.readouterr().out
    candidates = {c.key: c for c in ReintroductionCandidate.objects.all()}
    assert set(candidates) == {"s100-120", "hr250-120"}
    s100, hr250 = candidates["s100-120"], candidates["hr250-120"]
    assert s100.title_matches and not s100.sponsor_matches
    assert hr250.sponsor_matches and not hr250.title_matches
    assert hr250.sponsor_bioguide_id == "Z900010"
    assert s100.introduced_date == datetime.date(2027, 1, 5)
    assert {c.status for c in candidates.values()} == {CandidateStatus.PROPOSED}
    assert "Proposed S. 100 (120th)" in out and "same title" in out
    assert "sponsor of an earlier version" in out

    # The list was asked for bills updated since the 120th Congress began (noon Eastern).
    list_call = next(c for c in http.calls if c.request.url.startswith(f"{API}/bill/120/s?"))
    assert "fromDateTime=2027-01-03T17%3A00%3A00Z" in list_call.request.url
    family.refresh_from_db()
    assert family.checked_through == datetime.datetime(2027, 1, 7, 9, tzinfo=EASTERN)
    assert sorted(family.checked_bills) == ["s101-120", "s7-120"]


@time_machine.travel(datetime.datetime(2027, 1, 7, 9, tzinfo=EASTERN), tick=False)
def test_a_second_run_fetches_no_bill_twice(http, api_key, family):
    stub_120(http)
    call_command("find_reintroduction")
    details_before = sum("/bill/120/s/" in c.request.url for c in http.calls)

    call_command("find_reintroduction")

    details_after = sum("/bill/120/s/" in c.request.url for c in http.calls)
    assert details_after == details_before
    assert ReintroductionCandidate.objects.count() == 2
    # The second run lists only what changed since the first.
    last_list = [c for c in http.calls if c.request.url.startswith(f"{API}/bill/120/hr?")][-1]
    assert "fromDateTime=2027-01-07T14%3A00%3A00Z" in last_list.request.url


@time_machine.travel(datetime.datetime(2027, 1, 7, 9, tzinfo=EASTERN), tick=False)
def test_a_run_stops_at_its_fetch_limit_and_the_next_carries_on(http, api_key, family, capsys):
    stub_120(http)

    call_command("find_reintroduction", "--max-fetches", "2")

    assert "Stopped after 2 bill records" in capsys.readouterr().out
    assert set(ReintroductionCandidate.objects.values_list("number", flat=True)) == {100}
    family.refresh_from_db()
    assert family.checked_through is None  # the next run starts from the same place

    call_command("find_reintroduction", "--max-fetches", "2")

    assert set(ReintroductionCandidate.objects.values_list("number", flat=True)) == {100, 250}
    family.refresh_from_db()
    assert family.checked_through is not None
    fetched = [c.request.url.split("?")[0] for c in http.calls if "/bill/120/s/" in c.request.url]
    fetched += [c.request.url.split("?")[0] for c in http.calls if "/bill/120/hr/" in c.request.url]
    assert len(fetched) == len(set(fetched)) == 4  # each bill's record fetched once


@time_machine.travel(datetime.datetime(2027, 1, 7, 9, tzinfo=EASTERN), tick=False)
def test_congress_gov_failure_changes_nothing(http, api_key, family):
    stub_120(http)
    http.replace("GET", f"{API}/bill/120/hr", status=503)

    with pytest.raises(CommandError, match=r"HTTP 503.*Nothing was changed"):
        call_command("find_reintroduction")

    assert ReintroductionCandidate.objects.count() == 0
    family.refresh_from_db()
    assert family.checked_through is None and family.checked_bills == []


def test_timeout_is_a_clear_error(http, api_key, family):
    http.get(f"{API}/bill/120/s", body=requests.exceptions.ReadTimeout("read timed out"))
    with pytest.raises(CommandError, match=r"Could not reach congress\.gov"):
        call_command("find_reintroduction", "--congress", "120")


def test_without_a_family_the_command_says_what_to_do(db, api_key):
    with pytest.raises(CommandError, match="--family"):
        call_command("find_reintroduction", "--congress", "120")


def confirm(client, candidate: ReintroductionCandidate):
    return client.post(
        ADMIN,
        {"action": "confirm_as_current", "_selected_action": [candidate.pk]},
        follow=True,
    )


def candidate(family: BillFamily, bill_type: str, number: int, **extra) -> ReintroductionCandidate:
    return ReintroductionCandidate.objects.create(
        family=family,
        congress=120,
        bill_type=bill_type,
        number=number,
        title="Keep Call Centers in America Act of 2027",
        introduced_date=datetime.date(2027, 1, 5),
        title_matches=True,
        **extra,
    )


def test_staff_confirm_a_reintroduction_and_it_becomes_current(organizer, family):
    new_senator = SenatorFactory(bioguide_id="Z900051", state="OH")
    proposed = candidate(family, "s", 100, sponsor_bioguide_id="Z900051")
    other = candidate(family, "s", 101)
    changes: list[tuple] = []

    def receiver(sender, bill, previous, **kwargs) -> None:
        changes.append((bill.key, previous.key))

    current_bill_changed.connect(receiver)
    try:
        response = confirm(organizer, proposed)
    finally:
        current_bill_changed.disconnect(receiver)

    assert response.status_code == 200
    assert "sync_cosponsors s100-120" in response.content.decode()
    current = Bill.objects.current()
    assert current.key == "s100-120"
    assert current.family == family and current.sponsor == new_senator
    assert current.previous_version.key == "s2495-119"
    assert not Bill.objects.get(congress=119, bill_type="s", number=2495).is_current
    assert Bill.objects.filter(family=family).count() == 4  # no version lost
    proposed.refresh_from_db()
    other.refresh_from_db()
    assert proposed.status == CandidateStatus.CONFIRMED
    assert proposed.decided_by == organizer.user
    assert other.status == CandidateStatus.DISMISSED
    assert changes == [("s100-120", "s2495-119")]
    event = AuditEvent.objects.get(action="legislators.bill.reintroduction_confirm")
    assert event.actor == organizer.user and event.details["bill"] == "s100-120"

    # The House version confirmed later joins it as its companion; the Senate one stays current.
    house = candidate(family, "hr", 250)
    confirm(organizer, house)
    current = Bill.objects.current()
    assert current.key == "s100-120" and current.companion.key == "hr250-120"
    assert current.companion.previous_version.key == "hr4954-119"
    assert current.companion.companion == current


def test_confirm_needs_exactly_one(organizer, family):
    first, second = candidate(family, "s", 100), candidate(family, "s", 101)
    response = organizer.post(
        ADMIN,
        {"action": "confirm_as_current", "_selected_action": [first.pk, second.pk]},
        follow=True,
    )
    assert "exactly one" in response.content.decode()
    assert Bill.objects.current().key == "s2495-119"


def test_editors_cannot_confirm(editor, family):
    proposed = candidate(family, "s", 100)
    response = editor.post(
        ADMIN, {"action": "confirm_as_current", "_selected_action": [proposed.pk]}
    )
    assert response.status_code == 403
    assert Bill.objects.current().key == "s2495-119"


def test_dismissed_bills_are_audited(organizer, family):
    proposed = candidate(family, "s", 7)
    organizer.post(ADMIN, {"action": "dismiss", "_selected_action": [proposed.pk]})
    proposed.refresh_from_db()
    assert proposed.status == CandidateStatus.DISMISSED
    assert AuditEvent.objects.filter(action="legislators.bill.reintroduction_dismiss").exists()


def test_each_members_record_across_versions(family):
    s2495 = Bill.objects.get(congress=119, bill_type="s", number=2495)
    s100 = BillFactory(
        congress=120, bill_type="s", number=100, family=family, previous_version=s2495
    )
    returning = SenatorFactory(state="OH")
    CosponsorshipFactory(bill=s2495, legislator=returning)
    sponsor = s2495.sponsor
    representative = Bill.objects.get(number=4954).sponsor

    records = version_records(bill=s100, legislators=[returning, sponsor, representative])

    assert [(b.key, stance) for b, stance in records[returning.pk]] == [
        ("s100-120", Stance.NOT_COSPONSOR),
        ("s2495-119", Stance.COSPONSOR),
        ("s515-115", Stance.NOT_COSPONSOR),
    ]
    assert records[sponsor.pk][1] == (s2495, Stance.SPONSOR)
    # No House version in the 120th or the 115th yet: only the 119th's.
    assert [(b.key, stance) for b, stance in records[representative.pk]] == [
        ("hr4954-119", Stance.SPONSOR)
    ]
