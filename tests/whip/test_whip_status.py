"""Whip status changes are kept with who and when; stances come from cosponsorships."""

import datetime

import pytest
import time_machine

from legislators.models import Bill, Chamber
from legislators.services import stances_for
from tests.factories import UserFactory
from tests.legislators.factories import (
    BillFactory,
    CosponsorshipFactory,
    RepresentativeFactory,
    SenatorFactory,
)
from whip.models import WhipChoice, WhipStatus, WhipStatusChange
from whip.services import whip_status_update

pytestmark = pytest.mark.django_db


def update(bill, member, user, **changes):
    values = {"status": "unknown", "last_contact": None, "organizer": None, "notes": "", "note": ""}
    current = WhipStatus.objects.filter(bill=bill, legislator=member).first()
    if current:
        values.update(
            status=current.status,
            last_contact=current.last_contact,
            organizer=current.organizer,
            notes=current.notes,
        )
    values.update(changes)
    return whip_status_update(bill=bill, legislator=member, user=user, **values)


def test_every_change_is_kept_with_who_and_when():
    bill, senator = BillFactory(), SenatorFactory()
    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")

    with time_machine.travel("2026-11-01 10:00Z", tick=False):
        update(bill, senator, alice, status="undecided", note="Met the LA in DC")
    with time_machine.travel("2026-11-05 15:30Z", tick=False):
        update(
            bill,
            senator,
            bob,
            status="supportive",
            last_contact=datetime.date(2026, 11, 5),
            organizer=alice,
            note="Said yes on the phone",
        )

    whip = WhipStatus.objects.get(bill=bill, legislator=senator)
    assert whip.status == "supportive"
    assert whip.organizer == alice
    history = list(whip.changes.order_by("changed_at"))
    assert [(c.old_status, c.new_status, c.changed_by.username) for c in history] == [
        ("unknown", "undecided", "alice"),
        ("undecided", "supportive", "bob"),
    ]
    assert history[0].changed_at == datetime.datetime(2026, 11, 1, 10, tzinfo=datetime.UTC)
    assert history[1].note == "Said yes on the phone"
    assert "last contact: 2026-11-05" in history[1].other_changes
    assert "organizer: alice" in history[1].other_changes


def test_saving_without_changes_or_note_records_nothing():
    bill, senator, user = BillFactory(), SenatorFactory(), UserFactory()
    update(bill, senator, user, status="opposed")
    update(bill, senator, user)
    assert WhipStatusChange.objects.count() == 1


def test_a_note_alone_is_recorded():
    bill, senator, user = BillFactory(), SenatorFactory(), UserFactory()
    update(bill, senator, user, status="opposed")
    update(bill, senator, user, note="Called again, no change")
    assert WhipStatusChange.objects.count() == 2


@pytest.mark.parametrize("status", [WhipChoice.COSPONSOR, "maybe"])
def test_cosponsor_cannot_be_set_by_hand(status):
    with pytest.raises(ValueError):
        update(BillFactory(), SenatorFactory(), UserFactory(), status=status)
    assert not WhipStatus.objects.exists()


def test_stances_use_active_cosponsorships_and_the_companion_bill(django_assert_num_queries):
    house = BillFactory(bill_type="hr", number=4954)
    senate = BillFactory(bill_type="s", number=2495, companion=house)
    sponsor, cosponsor, withdrawn, silent = (SenatorFactory() for _ in range(4))
    rep, other_rep = RepresentativeFactory(), RepresentativeFactory()
    senate.sponsor = sponsor
    senate.save()
    CosponsorshipFactory(bill=senate, legislator=cosponsor)
    CosponsorshipFactory(
        bill=senate, legislator=withdrawn, withdrawn_date=datetime.date(2026, 1, 2)
    )
    CosponsorshipFactory(bill=house, legislator=rep)
    members = [sponsor, cosponsor, withdrawn, silent, rep, other_rep]

    fresh = Bill.objects.get(pk=senate.pk)
    with django_assert_num_queries(2):
        stances = stances_for(bill=fresh, legislators=members)

    assert stances == {
        sponsor.pk: "sponsor",
        cosponsor.pk: "cosponsor",
        withdrawn.pk: "not_cosponsor",
        silent.pk: "not_cosponsor",
        rep.pk: "cosponsor",
        other_rep.pk: "not_cosponsor",
    }
    assert rep.chamber == Chamber.HOUSE
    senate.is_current = True
    senate.save()
    current = Bill.objects.current()
    with django_assert_num_queries(1):
        assert stances_for(bill=current, legislators=members) == stances


def test_current_bill_and_keys():
    from legislators.models import Bill

    assert Bill.objects.current() is None
    bill = BillFactory(bill_type="hr", number=4954, congress=119, is_current=True)
    assert Bill.objects.current() == bill
    assert bill.key == "hr4954-119"
    assert bill.citation == "H.R. 4954"
    assert bill.congress_gov_url == "https://www.congress.gov/bill/119th-congress/house-bill/4954"
    assert Bill.objects.by_key("HR4954-119") == bill
    assert Bill.objects.by_key("H.R. 4954-119") == bill
    assert Bill.objects.by_key("xx1-119") is None
