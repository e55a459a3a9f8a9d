"""congress.gov cosponsor sync: the service, the client's failures and the command."""

import json
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command
from responses import matchers

from legislators.clients.congress_gov import CongressGovClient, CongressGovError
from legislators.models import (
    Bill,
    Cosponsorship,
    CosponsorshipEvent,
    EventKind,
    Legislator,
    Source,
)
from legislators.services import cosponsors_sync
from tests.legislators.factories import BillFactory, CosponsorshipFactory, SenatorFactory

DATA = Path(__file__).resolve().parent.parent / "data" / "congress_gov"
API = "https://api.congress.gov/v3"
BILL_URL = f"{API}/bill/119/s/2495"
COSPONSORS_URL = f"{BILL_URL}/cosponsors"


def payload(name: str) -> dict:
    return json.loads((DATA / name).read_text())


@pytest.fixture
def api_key(settings):
    settings.CONGRESS_API_URL = API
    settings.CONGRESS_API_KEY = "test-key"
    return "test-key"


@pytest.fixture
def members(db):
    """The fictional senators named in the recorded payloads."""
    return {
        "Z900001": SenatorFactory(bioguide_id="Z900001", state="AZ", party="Democrat"),
        "Z900002": SenatorFactory(bioguide_id="Z900002", state="WV", party="Republican"),
        "Z900003": SenatorFactory(bioguide_id="Z900003", state="OH", party="Democrat"),
        "Z900004": SenatorFactory(bioguide_id="Z900004", state="MO", party="Republican"),
        "Z900005": SenatorFactory(bioguide_id="Z900005", state="ME", party="Independent"),
    }


def stub(http, cosponsors: str | dict, bill: str | dict = "bill_s2495_119.json") -> None:
    http.get(BILL_URL, json=payload(bill) if isinstance(bill, str) else bill)
    http.get(
        COSPONSORS_URL,
        json=payload(cosponsors) if isinstance(cosponsors, str) else cosponsors,
    )


def snapshot() -> tuple:
    return (
        list(Bill.objects.values_list("congress", "bill_type", "number", "title", "sponsor_id")),
        list(
            Cosponsorship.objects.order_by("pk").values_list(
                "legislator__bioguide_id", "withdrawn_date", "source"
            )
        ),
        CosponsorshipEvent.objects.count(),
    )


@time_machine.travel("2025-09-15 12:00 -04:00", tick=False)
def test_first_sync_creates_bill_sponsor_cosponsors_and_events(http, api_key, members):
    stub(http, "cosponsors_s2495_119_first.json")

    call_command("sync_cosponsors", "S2495-119")

    bill = Bill.objects.get(congress=119, bill_type="s", number=2495)
    assert bill.title == "Keep Call Centers in America Act of 2025"
    assert bill.introduced_date.isoformat() == "2025-07-24"
    assert bill.sponsor == members["Z900001"]
    assert bill.synced_at is not None
    cosponsors = bill.cosponsorships.order_by("legislator__bioguide_id")
    assert [c.legislator.bioguide_id for c in cosponsors] == ["Z900002", "Z900003", "Z900004"]
    assert [c.is_original for c in cosponsors] == [True, True, False]
    assert {c.source for c in cosponsors} == {Source.SYNC}
    events = list(bill.events.order_by("date", "legislator__bioguide_id"))
    assert [(e.kind, e.legislator.bioguide_id, e.date.isoformat()) for e in events] == [
        (EventKind.SPONSOR_CHANGED, "Z900001", "2025-07-24"),
        (EventKind.COSPONSORED, "Z900002", "2025-07-24"),
        (EventKind.COSPONSORED, "Z900003", "2025-07-24"),
        (EventKind.COSPONSORED, "Z900004", "2025-09-10"),
    ]
    # The key travels in the header, never in the URL.
    assert all(call.request.headers["X-Api-Key"] == "test-key" for call in http.calls)
    assert all("test-key" not in call.request.url for call in http.calls)


def test_second_sync_records_one_new_cosponsor_and_one_withdrawal(http, api_key, members):
    stub(http, "cosponsors_s2495_119_first.json")
    call_command("sync_cosponsors", "s2495-119")
    first_events = CosponsorshipEvent.objects.count()

    http.replace("GET", COSPONSORS_URL, json=payload("cosponsors_s2495_119_second.json"))
    call_command("sync_cosponsors")  # no argument: every bill we have

    bill = Bill.objects.get()
    new = list(CosponsorshipEvent.objects.order_by("pk")[first_events:])
    assert [(e.kind, e.legislator.bioguide_id, e.date.isoformat()) for e in new] == [
        (EventKind.WITHDRAWN, "Z900004", "2025-10-02"),
        (EventKind.COSPONSORED, "Z900005", "2025-10-06"),
    ]
    withdrawn = bill.cosponsorships.get(legislator=members["Z900004"])
    assert withdrawn.withdrawn_date.isoformat() == "2025-10-02"
    assert set(bill.cosponsorships.active().values_list("legislator__bioguide_id", flat=True)) == {
        "Z900002",
        "Z900003",
        "Z900005",
    }


def test_sync_is_idempotent(http, api_key, members):
    stub(http, "cosponsors_s2495_119_second.json")
    call_command("sync_cosponsors", "s2495-119")
    before = snapshot()

    call_command("sync_cosponsors", "s2495-119")

    assert snapshot() == before


def test_sync_pages_through_cosponsors_250_at_a_time(http, api_key, db):
    senators = [SenatorFactory(bioguide_id=f"Z8{n:05d}") for n in range(260)]
    entries = [
        {
            "bioguideId": s.bioguide_id,
            "fullName": f"Sen. {s.last_name}, {s.first_name} [D-{s.state}]",
            "party": "D",
            "state": s.state,
            "isOriginalCosponsor": False,
            "sponsorshipDate": "2025-08-01",
        }
        for s in senators
    ]
    http.get(BILL_URL, json=payload("bill_s2495_119.json"))
    http.get(
        COSPONSORS_URL,
        match=[matchers.query_param_matcher({"format": "json", "limit": "250", "offset": "0"})],
        json={
            "cosponsors": entries[:250],
            "pagination": {
                "count": 260,
                "next": f"{COSPONSORS_URL}?offset=250&limit=250&format=json",
            },
        },
    )
    http.get(
        COSPONSORS_URL,
        match=[matchers.query_param_matcher({"format": "json", "limit": "250", "offset": "250"})],
        json={"cosponsors": entries[250:], "pagination": {"count": 260}},
    )

    result = cosponsors_sync(
        bill=Bill(congress=119, bill_type="s", number=2495), client=CongressGovClient()
    )

    assert result.total_active == 260
    assert Cosponsorship.objects.count() == 260
    assert len([c for c in http.calls if "/cosponsors" in c.request.url]) == 2


def test_short_page_without_next_is_an_error_not_a_partial_list(http, api_key, members):
    stub(
        http,
        {
            "cosponsors": payload("cosponsors_s2495_119_first.json")["cosponsors"][:1],
            "pagination": {"count": 3},
        },
    )
    http.get(COSPONSORS_URL, json={"cosponsors": [], "pagination": {"count": 3}})
    with pytest.raises(CongressGovError, match="promised 3"):
        cosponsors_sync(bill=BillFactory(number=2495), client=CongressGovClient())
    assert Cosponsorship.objects.count() == 0


def test_missing_key_is_a_clear_error_and_changes_nothing(http, settings, members):
    settings.CONGRESS_API_KEY = ""
    bill = BillFactory(number=2495, title="Before")
    before = snapshot()

    with pytest.raises(CommandError, match="CONGRESS_API_KEY"):
        call_command("sync_cosponsors", "s2495-119")

    assert snapshot() == before
    assert not http.calls
    Bill.objects.get(pk=bill.pk)


@pytest.mark.parametrize(
    ("status", "message"), [(429, "rate limiting"), (500, "HTTP 500"), (503, "HTTP 503")]
)
def test_http_errors_change_nothing(http, api_key, members, status, message):
    # A first good sync, then congress.gov fails half-way: the cosponsor pages.
    stub(http, "cosponsors_s2495_119_first.json")
    call_command("sync_cosponsors", "s2495-119")
    before = snapshot()
    http.replace("GET", COSPONSORS_URL, status=status, json={"error": "nope"})

    with pytest.raises(CommandError, match=message):
        call_command("sync_cosponsors", "s2495-119")

    assert snapshot() == before


def test_failure_on_a_second_bill_leaves_the_first_untouched(http, api_key, members):
    stub(http, "cosponsors_s2495_119_second.json")
    http.get(f"{API}/bill/119/hr/4954", status=500)

    with pytest.raises(CommandError, match="hr4954-119"):
        call_command("sync_cosponsors", "s2495-119", "HR4954-119")

    assert Bill.objects.count() == 0
    assert Cosponsorship.objects.count() == 0


def test_malformed_json_changes_nothing(http, api_key, members):
    http.get(BILL_URL, json=payload("bill_s2495_119.json"))
    http.get(COSPONSORS_URL, body="<html>Bad gateway</html>", content_type="text/html")

    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("sync_cosponsors", "s2495-119")

    assert Bill.objects.count() == 0


@pytest.mark.parametrize(
    "reply",
    [
        {"cosponsors": "nope", "pagination": {}},
        {"cosponsors": [{"fullName": "no id", "sponsorshipDate": "2025-01-01"}]},
        {"cosponsors": [{"bioguideId": "Z900002", "sponsorshipDate": "yesterday"}]},
        [1, 2, 3],
    ],
)
def test_unexpected_shapes_are_errors(http, api_key, members, reply):
    stub(http, reply)
    with pytest.raises(CommandError, match=r"congress\.gov"):
        call_command("sync_cosponsors", "s2495-119")
    assert Cosponsorship.objects.count() == 0


def test_unknown_member_is_created_as_a_former_member(http, api_key, members, capsys):
    members["Z900003"].delete()
    stub(http, "cosponsors_s2495_119_first.json")

    call_command("sync_cosponsors", "s2495-119")

    out = capsys.readouterr().out
    assert "Z900003 (Casey Example)" in out and "added as a former member" in out
    former = Legislator.objects.get(bioguide_id="Z900003")
    assert (former.first_name, former.last_name, former.state, former.chamber) == (
        "Casey",
        "Example",
        "OH",
        "senate",
    )
    assert former.party == "Democrat"
    assert not former.is_serving and former.source == "congress_gov"
    assert former not in Legislator.objects.serving()
    assert set(Cosponsorship.objects.values_list("legislator__bioguide_id", flat=True)) == {
        "Z900002",
        "Z900003",
        "Z900004",
    }


def test_2017_cosponsors_unknown_to_the_roster_are_kept(http, api_key, db):
    """S. 515 (115th): nobody in it is in today's roster; every one is kept, none dropped."""
    url = f"{API}/bill/115/s/515"
    http.get(url, json=payload("bill_s515_115.json"))
    http.get(f"{url}/cosponsors", json=payload("cosponsors_s515_115.json"))

    call_command("sync_cosponsors", "s515-115")

    bill = Bill.objects.get(congress=115, bill_type="s", number=515)
    assert bill.sponsor.bioguide_id == "Z900101" and not bill.sponsor.is_serving
    kept = {c.legislator.bioguide_id: c.legislator for c in bill.cosponsorships.all()}
    assert set(kept) == {"Z900102", "Z900103"}
    # Only a full name to go on: read from congress.gov's "Sen. Last, First [P-ST]".
    assert (kept["Z900103"].first_name, kept["Z900103"].last_name) == ("Robin", "Oldtimer")
    assert kept["Z900103"].party == "Independent"
    assert Legislator.objects.serving().count() == 0


def test_member_without_usable_fields_is_reported_and_the_rest_recorded(
    http, api_key, members, capsys
):
    members["Z900003"].delete()
    cosponsors = payload("cosponsors_s2495_119_first.json")
    cosponsors["cosponsors"][1].update(state="", fullName="Casey Example")
    stub(http, cosponsors)

    call_command("sync_cosponsors", "s2495-119")

    err = capsys.readouterr().err
    assert "Z900003" in err and "not recorded" in err
    assert not Legislator.objects.filter(bioguide_id="Z900003").exists()
    assert set(Cosponsorship.objects.values_list("legislator__bioguide_id", flat=True)) == {
        "Z900002",
        "Z900004",
    }


def test_bad_bill_argument_is_a_clear_error(db, api_key):
    with pytest.raises(CommandError, match="write it like s2495-119"):
        call_command("sync_cosponsors", "senate-bill")


def test_staff_added_cosponsor_is_taken_over_by_the_sync(http, api_key, members):
    bill = BillFactory(number=2495)
    CosponsorshipFactory(bill=bill, legislator=members["Z900002"], source=Source.STAFF)
    stub(http, "cosponsors_s2495_119_first.json")

    result = cosponsors_sync(bill=bill, client=CongressGovClient())

    assert members["Z900002"] not in result.new_cosponsors
    assert bill.cosponsorships.get(legislator=members["Z900002"]).source == Source.SYNC


def test_sponsor_change_and_a_return_after_withdrawal_are_events(http, api_key, members):
    stub(http, "cosponsors_s2495_119_second.json")
    call_command("sync_cosponsors", "s2495-119")
    before = CosponsorshipEvent.objects.count()

    bill_payload = payload("bill_s2495_119.json")
    bill_payload["bill"]["sponsors"][0].update(bioguideId="Z900003", fullName="Sen. Example")
    cosponsors = payload("cosponsors_s2495_119_second.json")
    # Z900004 signs on again: congress.gov lists the old, withdrawn entry and a new one.
    cosponsors["cosponsors"].append(
        {**cosponsors["cosponsors"][2], "sponsorshipDate": "2025-11-01"}
    )
    del cosponsors["cosponsors"][-1]["sponsorshipWithdrawnDate"]
    cosponsors["pagination"]["count"] = 5
    http.replace("GET", BILL_URL, json=bill_payload)
    http.replace("GET", COSPONSORS_URL, json=cosponsors)

    call_command("sync_cosponsors", "s2495-119")

    new = list(CosponsorshipEvent.objects.order_by("pk")[before:])
    assert [(e.kind, e.legislator.bioguide_id) for e in new] == [
        (EventKind.SPONSOR_CHANGED, "Z900003"),
        (EventKind.RESTORED, "Z900004"),
    ]
    assert "was" in new[0].detail
    restored = Cosponsorship.objects.get(legislator=members["Z900004"])
    assert restored.withdrawn_date is None
    assert restored.sponsorship_date.isoformat() == "2025-11-01"


def test_network_failure_and_refused_key_are_clear_errors(http, api_key, members):
    import requests

    http.get(BILL_URL, body=requests.ConnectionError("connection reset"))
    with pytest.raises(CommandError, match=r"Could not reach congress\.gov"):
        call_command("sync_cosponsors", "s2495-119")

    http.replace("GET", BILL_URL, status=403, json={"error": {"code": "API_KEY_INVALID"}})
    with pytest.raises(CommandError, match="refused the API key"):
        call_command("sync_cosponsors", "s2495-119")
    assert Bill.objects.count() == 0
