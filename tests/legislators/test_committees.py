"""Committees and seats from congress-legislators; committees of referral from congress.gov."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from legislators.models import BillReferral, Committee, CommitteeSeat, Legislator
from legislators.services import committee_seats_on_bill
from tests.legislators.factories import BillFactory, LegislatorFactory

TESTS_DATA = Path(__file__).resolve().parents[1] / "data"
COMMITTEES = TESTS_DATA / "committees"
ROSTERS = TESTS_DATA / "rosters"
API = "https://api.congress.gov/v3"


def run(command: str, *args: str) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def import_committees(congress: int, *extra: str) -> str:
    return run(
        "import_committees",
        "--committees-file",
        str(COMMITTEES / f"committees_{congress}.yaml"),
        "--membership-file",
        str(COMMITTEES / f"membership_{congress}.yaml"),
        "--min-committees",
        "1",
        *extra,
    )


def import_roster(name: str) -> None:
    run(
        "import_legislators",
        "--file",
        str(ROSTERS / name),
        "--social-file",
        str(ROSTERS / "social_empty.yaml"),
        "--min-members",
        "1",
    )


def seats() -> set[tuple]:
    return set(
        CommitteeSeat.objects.values_list(
            "committee__code", "legislator__bioguide_id", "side", "rank", "title"
        )
    )


@pytest.fixture
def roster_119(db) -> None:
    import_roster("roster_119.yaml")


@pytest.mark.django_db
def test_snapshot_imports_every_committee_and_is_idempotent() -> None:
    run("import_legislators")
    out = run("import_committees")
    assert "230 added" in out
    assert Committee.objects.filter(parent__isnull=True).count() == 49
    finance = Committee.objects.get(code="SSFI")
    assert finance.chamber == "senate" and finance.subcommittees.exists()
    assert CommitteeSeat.objects.count() > 3000
    chair = CommitteeSeat.objects.get(committee__code="SSAF", rank=1, side="majority")
    assert chair.title == "Chairman" and chair.legislator.bioguide_id == "B001236"

    before = seats()
    out = run("import_committees")
    assert "0 added, 0 updated, 0 no longer listed" in out and "(unchanged)" in out
    assert seats() == before


def test_a_new_congress_replaces_the_seats(roster_119) -> None:
    import_committees(119)
    assert ("HSIF", "Z800004", "majority", 1, "Chair") in seats()

    import_roster("roster_120.yaml")
    out = import_committees(120)

    assert seats() == {
        ("SSCM", "Z800001", "minority", 1, "Ranking Member"),
        ("SSCM", "Z800005", "majority", 1, "Chairman"),
        ("SSCM01", "Z800005", "majority", 1, ""),
        ("HSIF", "Z800003", "minority", 2, ""),
        ("HSIF", "Z800006", "majority", 9, ""),
    }
    # Committees the new file leaves out are kept for old referrals, marked not current.
    assert "3 no longer listed" in out
    assert set(Committee.objects.filter(is_current=False).values_list("code", flat=True)) == {
        "SSCM26",
        "HSIF17",
        "JSEC",
    }


def test_seats_of_unknown_members_are_left_out_with_a_warning(roster_119) -> None:
    Legislator.objects.filter(bioguide_id="Z800004").delete()
    out = import_committees(119)
    assert "1 members with committee seats are not in our table" in out and "Z800004" in out
    assert not CommitteeSeat.objects.filter(legislator__bioguide_id="Z800004").exists()


@pytest.mark.parametrize(
    ("membership", "problem"),
    [
        ("SSCM: [\n  - broken", "not valid YAML"),
        ("XXXX:\n- {name: A, party: majority, rank: 1, bioguide: Z800001}\n", "no such committee"),
        ("SSCM:\n- {name: A, party: sideways, rank: 1, bioguide: Z800001}\n", "bad bioguide"),
        ("- just a list\n", "should map codes"),
    ],
)
def test_bad_files_change_nothing(roster_119, tmp_path, capsys, membership, problem) -> None:
    import_committees(119)
    before = seats(), set(Committee.objects.values_list("code", "is_current"))
    bad = tmp_path / "membership.yaml"
    bad.write_text(membership, encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command(
            "import_committees",
            "--committees-file",
            str(COMMITTEES / "committees_120.yaml"),
            "--membership-file",
            str(bad),
            "--min-committees",
            "1",
            stdout=StringIO(),
            stderr=err,
        )
    assert problem in err.getvalue()
    assert (seats(), set(Committee.objects.values_list("code", "is_current"))) == before


def test_truncated_committees_file_is_refused(roster_119) -> None:
    with pytest.raises(CommandError, match="nothing was changed"):
        import_committees(119, "--min-committees", "40")
    assert not Committee.objects.exists()


@pytest.fixture
def api_key(settings):
    settings.CONGRESS_API_URL = API
    settings.CONGRESS_API_KEY = "test-key"


def test_committees_of_referral_and_members_seats_on_them(roster_119, http, api_key) -> None:
    import_committees(119)
    bill = BillFactory(congress=119, bill_type="s", number=2495, is_current=True)
    http.get(
        f"{API}/bill/119/s/2495/committees",
        json=json.loads((TESTS_DATA / "congress_gov" / "committees_s2495_119.json").read_text()),
    )

    out = run("sync_bill_committees")

    assert "s2495-119: referred to" in out and "Consumer Protection" in out
    assert set(bill.referrals.values_list("committee__code", flat=True)) == {"SSCM", "SSCM01"}
    by_member = committee_seats_on_bill()
    ada = Legislator.objects.get(bioguide_id="Z800001")
    bert = Legislator.objects.get(bioguide_id="Z800002")
    cora = Legislator.objects.get(bioguide_id="Z800003")
    # The full committee first, then the subcommittee.
    assert [seat.committee.code for seat in by_member[ada.pk]] == ["SSCM", "SSCM01"]
    assert by_member[ada.pk][0].title == "Chairman"
    assert [seat.title for seat in by_member[bert.pk]] == ["Ranking Member"]
    # House Energy and Commerce does not hold this bill.
    assert cora.pk not in by_member
    assert set(committee_seats_on_bill(bill=bill, legislators=[bert])) == {bert.pk}

    # Running it again changes nothing.
    out = run("sync_bill_committees", "s2495-119")
    assert "+ " not in out and BillReferral.objects.count() == 2


def test_staff_see_a_bills_committees_in_the_admin(organizer) -> None:
    bill = BillFactory(congress=119, bill_type="s", number=2495)
    committee = Committee.objects.create(code="SSCM", name="Senate Commerce", chamber="senate")
    BillReferral.objects.create(bill=bill, committee=committee)
    page = organizer.get(f"/admin/legislators/bill/{bill.pk}/change/").content.decode()
    assert "Committees of referral" in page and "Senate Commerce" in page


def test_a_referral_to_an_unknown_committee_is_recorded(db, http, api_key) -> None:
    bill = BillFactory(congress=119, bill_type="s", number=2495)
    http.get(
        f"{API}/bill/119/s/2495/committees",
        json=json.loads((TESTS_DATA / "congress_gov" / "committees_s2495_119.json").read_text()),
    )
    run("sync_bill_committees", "s2495-119")
    committee = Committee.objects.get(code="SSCM")
    assert committee.name == "Commerce, Science, and Transportation Committee"
    assert committee.chamber == "senate"
    assert Committee.objects.get(code="SSCM01").parent == committee
    assert bill.referrals.count() == 2


@pytest.mark.parametrize(
    "reply",
    [{"status": 500}, {"json": {"committees": "nope"}}, {"json": {"committees": [{"x": 1}]}}],
)
def test_congress_gov_failures_leave_referrals_as_they_were(db, http, api_key, reply) -> None:
    bill = BillFactory(congress=119, bill_type="s", number=2495)
    committee = Committee.objects.create(code="SSFI", name="Finance", chamber="senate")
    BillReferral.objects.create(bill=bill, committee=committee)
    http.get(f"{API}/bill/119/s/2495/committees", **reply)

    with pytest.raises(CommandError, match="not changed"):
        run("sync_bill_committees", "s2495-119")

    assert list(bill.referrals.values_list("committee__code", flat=True)) == ["SSFI"]


def test_seats_on_the_bill_follow_the_companion(db) -> None:
    senate = Committee.objects.create(code="SSCM", name="Commerce", chamber="senate")
    house = Committee.objects.create(code="HSIF", name="Energy and Commerce", chamber="house")
    s_bill = BillFactory(congress=119, bill_type="s", number=2495, is_current=True)
    h_bill = BillFactory(congress=119, bill_type="hr", number=4954, companion=s_bill)
    s_bill.companion = h_bill
    s_bill.save()
    BillReferral.objects.create(bill=s_bill, committee=senate)
    BillReferral.objects.create(bill=h_bill, committee=house)
    representative = LegislatorFactory(state="OH", district=3)
    CommitteeSeat.objects.create(committee=house, legislator=representative, side="minority")

    assert [s.committee.code for s in committee_seats_on_bill()[representative.pk]] == ["HSIF"]
