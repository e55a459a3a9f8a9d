"""A reintroduced bill keeps what organizers know about returning members."""

import datetime

import pytest

from legislators.models import Bill, BillFamily, ReintroductionCandidate
from tests.legislators.factories import BillFactory, LegislatorFactory, SenatorFactory
from whip.models import WhipChoice, WhipStatus
from whip.services import whip_status_update, whip_statuses_carry_over

ADMIN = "/admin/legislators/reintroductioncandidate/"


@pytest.fixture
def family(db) -> BillFamily:
    family = BillFamily.objects.create(name="Keep Call Centers in America Act")
    senate = BillFactory(congress=119, bill_type="s", number=2495, family=family, is_current=True)
    house = BillFactory(congress=119, bill_type="hr", number=4954, family=family, companion=senate)
    senate.companion = house
    senate.save()
    return family


def propose(family: BillFamily, bill_type: str, number: int) -> ReintroductionCandidate:
    return ReintroductionCandidate.objects.create(
        family=family,
        congress=120,
        bill_type=bill_type,
        number=number,
        title="Keep Call Centers in America Act of 2027",
        introduced_date=datetime.date(2027, 1, 6),
        title_matches=True,
    )


def confirm(client, candidate: ReintroductionCandidate) -> None:
    response = client.post(
        ADMIN, {"action": "confirm_as_current", "_selected_action": [candidate.pk]}, follow=True
    )
    assert response.status_code == 200


def test_returning_members_keep_status_and_notes_on_the_new_version(organizer, family):
    old_senate = Bill.objects.get(congress=119, bill_type="s")
    old_house = Bill.objects.get(congress=119, bill_type="hr")
    returning = SenatorFactory(official_name="Returning Senator", state="OH")
    departed = SenatorFactory(official_name="Departed Senator", state="WI", is_serving=False)
    rep = LegislatorFactory(official_name="Returning Rep", state="OH", district=3)
    for member, bill in ((returning, old_senate), (departed, old_senate), (rep, old_house)):
        whip_status_update(
            bill=bill, legislator=member, user=None, status=WhipChoice.UNDECIDED,
            last_contact=datetime.date(2026, 11, 2), organizer=None,
            notes=f"Met {member.official_name}'s staff",
        )  # fmt: skip

    confirm(organizer, propose(family, "s", 100))
    new_senate = Bill.objects.current()
    assert new_senate.key == "s100-120"
    carried = WhipStatus.objects.get(bill=new_senate, legislator=returning)
    assert carried.status == WhipChoice.UNDECIDED
    assert carried.notes == "Met Returning Senator's staff"
    assert carried.last_contact == datetime.date(2026, 11, 2)
    assert "S. 2495" in carried.changes.get().note
    # Members who left are not carried; the House waits for its own version.
    assert not WhipStatus.objects.filter(bill=new_senate, legislator=departed).exists()
    assert not WhipStatus.objects.filter(legislator=rep).exclude(bill=old_house).exists()

    # The House version arrives later, as the current bill's companion.
    confirm(organizer, propose(family, "hr", 200))
    new_house = Bill.objects.get(congress=120, bill_type="hr")
    assert Bill.objects.current() == new_senate
    assert (
        WhipStatus.objects.get(bill=new_house, legislator=rep).notes == "Met Returning Rep's staff"
    )

    # A status organizers already set on the new version is never overwritten.
    whip_status_update(
        bill=new_senate, legislator=returning, user=None, status=WhipChoice.SUPPORTIVE,
        last_contact=None, organizer=None, notes="Said yes",
    )  # fmt: skip
    assert whip_statuses_carry_over(bill=new_senate) == 0
    assert (
        WhipStatus.objects.get(bill=new_senate, legislator=returning).status
        == WhipChoice.SUPPORTIVE
    )
