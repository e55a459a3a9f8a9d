"""Members who backed an earlier version of the bill, on the whip board and the member page."""

import csv
import datetime
import io

import pytest

from legislators.models import BillFamily
from tests.legislators.factories import (
    BillFactory,
    CosponsorshipFactory,
    RepresentativeFactory,
    SenatorFactory,
)
from tests.whip.test_whip_board import BOARD, member_rows, member_url
from whip.records import backed_an_earlier_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def versions(db):
    """The 119th's S. 2495 / H.R. 4954 and the 120th's S. 100 / H.R. 250, the current bill."""
    family = BillFamily.objects.create(name="Keep Call Centers in America Act")

    def pair(congress: int, senate_number: int, house_number: int, **extra):
        house = BillFactory(congress=congress, bill_type="hr", number=house_number, family=family)
        senate = BillFactory(
            congress=congress,
            bill_type="s",
            number=senate_number,
            family=family,
            companion=house,
            **extra,
        )
        house.companion = senate
        house.save()
        return senate, house

    old_senate, old_house = pair(119, 2495, 4954)
    senate, house = pair(120, 100, 250, is_current=True)
    members = {
        "back_again": SenatorFactory(official_name="Signed Both Times", state="OH"),
        "returning": SenatorFactory(official_name="Only Last Time", state="WI"),
        "old_sponsor": SenatorFactory(official_name="Wrote It Last Time", state="MI"),
        "rep": RepresentativeFactory(official_name="House Returning", state="PA"),
        "never": SenatorFactory(official_name="Never Signed", state="TX"),
        "withdrew": SenatorFactory(official_name="Withdrew Last Time", state="ME"),
    }
    old_senate.sponsor = members["old_sponsor"]
    old_senate.save()
    CosponsorshipFactory(bill=old_senate, legislator=members["back_again"])
    CosponsorshipFactory(bill=senate, legislator=members["back_again"])
    CosponsorshipFactory(bill=old_senate, legislator=members["returning"])
    CosponsorshipFactory(bill=old_house, legislator=members["rep"])
    CosponsorshipFactory(
        bill=old_senate,
        legislator=members["withdrew"],
        withdrawn_date=datetime.date(2025, 9, 1),
    )
    return {"senate": senate, "house": house, "old_senate": old_senate, "old_house": old_house}, (
        members
    )


def status_cells(response) -> dict[str, str]:
    return {name: cells[2] for name, cells in member_rows(response).items()}


def test_the_board_shows_who_backed_an_earlier_version_and_not_yet_this_one(organizer, versions):
    response = organizer.get(BOARD)

    assert status_cells(response) == {
        "Signed Both Times": "Cosponsor",
        "Only Last Time": "Unknowncosponsored in the 119th; not yet in the 120th",
        "Wrote It Last Time": "Unknownsponsored in the 119th; not yet in the 120th",
        "House Returning": "Unknowncosponsored in the 119th; not yet in the 120th",
        "Never Signed": "Unknown",
        # A withdrawn cosponsorship is not backing.
        "Withdrew Last Time": "Unknown",
    }


def test_the_filter_keeps_only_members_to_ask_again(organizer, versions):
    response = organizer.get(BOARD, {"earlier": "1"})

    # By state: MI, PA, WI.
    assert list(member_rows(response)) == [
        "Wrote It Last Time",
        "House Returning",
        "Only Last Time",
    ]
    page = response.content.decode()
    assert (
        '<input type="checkbox" id="f-earlier" name="earlier" value="1" checked> '
        '<label for="f-earlier">Backed an earlier version, not yet this one</label>'
    ) in page
    # Other filters combine with it.
    chamber = organizer.get(BOARD, {"earlier": "1", "chamber": "house"})
    assert list(member_rows(chamber)) == ["House Returning"]


def test_the_csv_names_the_earlier_version_each_member_backed(organizer, versions):
    response = organizer.get(f"{BOARD}export.csv", {"earlier": "1"})

    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode())))
    assert {row["name"]: (row["earlier_version"], row["earlier_stance"]) for row in rows} == {
        "Only Last Time": ("s2495-119", "cosponsor"),
        "Wrote It Last Time": ("s2495-119", "sponsor"),
        "House Returning": ("hr4954-119", "cosponsor"),
    }


def test_an_earlier_version_on_the_board_says_nothing_of_not_yet(organizer, versions):
    bills, _members = versions

    response = organizer.get(BOARD, {"bill": bills["old_senate"].key})

    # The 119th is over: nobody is "not yet" on it, and there is nothing to filter by.
    assert "not yet" not in response.content.decode()
    assert b'id="f-earlier"' not in response.content


def test_a_middle_version_offers_no_filter_either(organizer, versions):
    bills, members = versions
    oldest = BillFactory(congress=115, bill_type="s", number=515, family=bills["old_senate"].family)
    CosponsorshipFactory(bill=oldest, legislator=members["never"])

    middle = organizer.get(BOARD, {"bill": bills["old_senate"].key, "earlier": "1"})
    newest = organizer.get(BOARD, {"earlier": "1"})

    assert b'id="f-earlier"' not in middle.content
    assert "not yet" not in middle.content.decode()
    assert "Never Signed" in member_rows(newest)
    assert status_cells(newest)["Never Signed"] == (
        "Unknowncosponsored in the 115th; not yet in the 120th"
    )


def test_a_bill_without_earlier_versions_has_no_such_filter(organizer, db):
    BillFactory(bill_type="s", number=2495, is_current=True)
    SenatorFactory(official_name="Anyone")

    response = organizer.get(BOARD, {"earlier": "1"})

    assert b'id="f-earlier"' not in response.content
    assert b"Backed an earlier version" not in response.content
    assert list(member_rows(response)) == []


def test_the_member_page_shows_the_record_across_versions(organizer, versions):
    bills, members = versions

    page = organizer.get(member_url(bills["senate"], members["returning"])).content.decode()

    assert "<strong>Cosponsored in the 119th; not yet in the 120th.</strong>" in page
    record = page.split("Record across versions of the bill")[1].split("</section>")[0]
    assert "120th Congress, S. 100: not a cosponsor" in record
    assert "119th Congress, S. 2495: cosponsor" in record
    assert record.index("120th") < record.index("119th")

    page = organizer.get(member_url(bills["house"], members["rep"])).content.decode()
    assert "119th Congress, H.R. 4954: cosponsor" in page

    page = organizer.get(member_url(bills["senate"], members["back_again"])).content.decode()
    assert "not yet in the 120th" not in page
    assert "120th Congress, S. 100: cosponsor" in page


def test_a_bill_without_versions_has_no_record_section(organizer, db):
    bill = BillFactory(bill_type="s", number=2495, is_current=True)
    senator = SenatorFactory()

    page = organizer.get(member_url(bill, senator)).content.decode()

    assert "Record across versions" not in page


def test_board_and_scorecard_agree_on_who_to_ask_again(organizer, anonymous, versions):
    bills, members = versions
    backing = backed_an_earlier_version(bill=bills["senate"], legislators=members.values())

    scorecard = anonymous.get("/scorecard/").content.decode()
    section = scorecard.split("Backed an earlier version, not yet this one")[1]
    assert "sponsored S. 2495 in the 119th Congress; not yet in the 120th." in section
    named_on_scorecard = {m.pk for m in members.values() if m.official_name in section}
    board = organizer.get(BOARD, {"earlier": "1"})
    named_on_board = {m.pk for m in members.values() if m.official_name in member_rows(board)}

    assert named_on_scorecard == named_on_board == set(backing)
    assert {pk: b.stance for pk, b in backing.items()} == {
        members["returning"].pk: "cosponsor",
        members["old_sponsor"].pk: "sponsor",
        members["rep"].pk: "cosponsor",
    }


def test_a_cosponsor_is_never_asked_again_when_a_companion_is_linked_one_way(
    organizer, anonymous, versions
):
    bills, members = versions
    # Staff linked the 120th's House bill to nothing: only S. 100 names its companion.
    bills["house"].companion = None
    bills["house"].save()

    board = organizer.get(BOARD)
    scorecard = anonymous.get("/scorecard/").content.decode()
    page = organizer.get(member_url(bills["senate"], members["back_again"])).content.decode()

    assert status_cells(board)["Signed Both Times"] == "Cosponsor"
    assert "Signed Both Times" not in scorecard.split("Backed an earlier version")[1]
    assert "not yet" not in page
