"""The whip board filters by the committees holding the bill and shows members' seats on them."""

import csv
import io

import pytest

from legislators.models import BillReferral, Committee, CommitteeSeat
from tests.legislators.factories import BillFactory, RepresentativeFactory, SenatorFactory
from tests.whip.test_whip_board import BOARD, member_rows, member_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def referred(db):
    """S. 2495 and H.R. 4954, referred to Senate Commerce (and a subcommittee) and House E&C.

    Seats on Senate Finance, which does not hold the bill, must never show.
    """
    house = BillFactory(bill_type="hr", number=4954)
    senate = BillFactory(bill_type="s", number=2495, companion=house, is_current=True)
    house.companion = senate
    house.save()
    commerce = Committee.objects.create(
        code="SSCM",
        name="Senate Committee on Commerce, Science, and Transportation",
        chamber="senate",
    )
    privacy = Committee.objects.create(
        code="SSCM01",
        name="Consumer Protection, Technology, and Data Privacy",
        chamber="senate",
        parent=commerce,
    )
    energy = Committee.objects.create(
        code="HSIF", name="House Committee on Energy and Commerce", chamber="house"
    )
    finance = Committee.objects.create(
        code="SSFI", name="Senate Committee on Finance", chamber="senate"
    )
    for bill, committee in ((senate, commerce), (senate, privacy), (house, energy)):
        BillReferral.objects.create(bill=bill, committee=committee)
    members = {
        "chair": SenatorFactory(official_name="Casey Chair", state="TX", party="Republican"),
        "ranking": SenatorFactory(official_name="Rowan Ranking", state="WA"),
        "plain": SenatorFactory(official_name="Pat Member", state="OH"),
        "finance": SenatorFactory(official_name="Frankie Finance", state="ID"),
        "rep": RepresentativeFactory(official_name="Robin Energy", state="OH"),
        "none": RepresentativeFactory(official_name="Nobody Seated", state="PA"),
    }
    seats = [
        (commerce, "chair", "majority", 1, "Chairman"),
        (commerce, "ranking", "minority", 1, "Ranking Member"),
        (commerce, "plain", "majority", 5, ""),
        (privacy, "plain", "majority", 1, "Chair"),
        (privacy, "ranking", "minority", 3, "Ex Officio"),
        (finance, "finance", "majority", 1, "Chairman"),
        (energy, "rep", "minority", 7, "Vice Chair"),
    ]
    for committee, who, side, rank, title in seats:
        CommitteeSeat.objects.create(
            committee=committee, legislator=members[who], side=side, rank=rank, title=title
        )
    return senate, house, members


def committees_cell(response) -> dict[str, str]:
    # Member, then seat, party, status, committees, last contact, organizer, letters.
    return {name: cells[3] for name, cells in member_rows(response).items()}


def test_each_row_shows_the_members_seats_on_the_committees_holding_the_bill(organizer, referred):
    response = organizer.get(BOARD)

    assert b"Committees holding the bill" in response.content
    assert committees_cell(response) == {
        "Casey Chair": "Commerce, Science, and Transportation (chair)",
        "Rowan Ranking": (
            "Commerce, Science, and Transportation (ranking); "
            "Consumer Protection, Technology, and Data Privacy"
        ),
        "Pat Member": (
            "Commerce, Science, and Transportation; "
            "Consumer Protection, Technology, and Data Privacy (chair)"
        ),
        # Finance does not hold the bill; a vice chair is not the chair.
        "Frankie Finance": "",
        "Robin Energy": "Energy and Commerce",
        "Nobody Seated": "",
    }


def test_the_committee_filter_offers_the_committees_holding_the_bill(organizer, referred):
    page = organizer.get(BOARD).content.decode()
    select = page.split('<select id="f-committee" name="committee">')[1].split("</select>")[0]

    assert '<option value="any">Any committee of referral</option>' in select
    assert (
        '<option value="SSCM01">Commerce, Science, and Transportation: '
        "Consumer Protection, Technology, and Data Privacy</option>"
    ) in select
    assert '<option value="HSIF">Energy and Commerce</option>' in select
    assert "SSFI" not in select and "Finance" not in select
    # Each full committee comes before its subcommittees.
    assert select.index('value="SSCM"') < select.index('value="SSCM01"')


@pytest.mark.parametrize(
    ("committee", "expected"),
    [
        ("SSCM", {"Casey Chair", "Rowan Ranking", "Pat Member"}),
        ("sscm01", {"Rowan Ranking", "Pat Member"}),
        ("HSIF", {"Robin Energy"}),
        ("any", {"Casey Chair", "Rowan Ranking", "Pat Member", "Robin Energy"}),
        # A committee that does not hold the bill has no seat on the board.
        ("SSFI", set()),
    ],
)
def test_filtering_by_committee(organizer, referred, committee, expected):
    response = organizer.get(BOARD, {"committee": committee})

    assert set(member_rows(response)) == expected
    if committee != "SSFI":
        assert f'value="{committee.upper() if committee != "any" else "any"}" selected' in (
            response.content.decode()
        )


@pytest.mark.parametrize("junk", ["'; drop table", "<script>", "x" * 500, "S S"])
def test_a_junk_committee_is_ignored_not_an_error(organizer, referred, junk):
    response = organizer.get(BOARD, {"committee": junk})

    assert response.status_code == 200
    assert len(member_rows(response)) == 6


def test_the_csv_has_a_committees_column(organizer, referred):
    response = organizer.get(f"{BOARD}export.csv", {"committee": "any", "sort": "name"})

    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode())))
    assert {row["name"]: row["committees"] for row in rows} == {
        "Casey Chair": "Commerce, Science, and Transportation (chair)",
        "Robin Energy": "Energy and Commerce",
        "Pat Member": (
            "Commerce, Science, and Transportation; "
            "Consumer Protection, Technology, and Data Privacy (chair)"
        ),
        "Rowan Ranking": (
            "Commerce, Science, and Transportation (ranking); "
            "Consumer Protection, Technology, and Data Privacy"
        ),
    }


def test_a_bill_not_referred_yet_has_no_committee_filter_or_column(organizer, db):
    BillFactory(bill_type="s", number=2495, is_current=True)
    SenatorFactory(official_name="Anyone")

    response = organizer.get(BOARD)

    assert b'id="f-committee"' not in response.content
    assert b"Committees holding the bill" not in response.content
    # Member, seat, party, status, last contact, organizer, letters, calls: no empty column.
    assert len(member_rows(response)["Anyone"]) == 7


def test_the_member_page_lists_seats_on_the_bills_committees(organizer, referred):
    senate, house, members = referred

    page = organizer.get(member_url(senate, members["ranking"])).content.decode()
    section = page.split("Committees holding the bill")[1].split("</section>")[0]
    assert "Senate Committee on Commerce, Science, and Transportation (Ranking Member)" in section
    assert (
        "Senate Committee on Commerce, Science, and Transportation: "
        "Consumer Protection, Technology, and Data Privacy (Ex Officio)"
    ) in section

    page = organizer.get(member_url(senate, members["finance"])).content.decode()
    section = page.split("Committees holding the bill")[1].split("</section>")[0]
    assert "No seat on the committees this bill was referred to." in section
    assert "Finance" not in section

    page = organizer.get(member_url(house, members["rep"])).content.decode()
    assert "House Committee on Energy and Commerce (Vice Chair)" in page


def test_the_member_page_says_when_no_committee_is_recorded(organizer, db):
    bill = BillFactory(bill_type="s", number=2495, is_current=True)
    senator = SenatorFactory()

    page = organizer.get(member_url(bill, senator)).content.decode()

    assert "No committee of referral is recorded for this bill yet." in page
