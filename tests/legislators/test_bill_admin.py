"""Organizers manage bills, cosponsorships and whip status in the admin; changes are logged."""

import pytest
from django.urls import reverse

from legislators.models import Cosponsorship, CosponsorshipEvent, EventKind, Source
from tests.legislators.factories import BillFactory, SenatorFactory
from whip.models import WhipStatus
from whip.services import whip_status_update

pytestmark = pytest.mark.django_db


def test_organizer_sees_bill_event_and_whip_admin(organizer):
    bill = BillFactory()
    senator = SenatorFactory()
    whip = whip_status_update(
        bill=bill,
        legislator=senator,
        user=organizer.user,
        status="undecided",
        last_contact=None,
        organizer=None,
        notes="",
        note="first",
    )
    for url in (
        reverse("admin:legislators_bill_changelist"),
        reverse("admin:legislators_bill_change", args=[bill.pk]),
        reverse("admin:legislators_cosponsorshipevent_changelist"),
        reverse("admin:whip_whipstatus_changelist") + "?status=undecided",
        reverse("admin:whip_whipstatus_change", args=[whip.pk]),
    ):
        response = organizer.get(url)
        assert response.status_code == 200, url
    assert (
        b"first" in organizer.get(reverse("admin:whip_whipstatus_change", args=[whip.pk])).content
    )


def test_editor_cannot_open_whip_status_in_the_admin(editor):
    response = editor.get(reverse("admin:whip_whipstatus_changelist"))
    assert response.status_code == 403


def test_whip_status_edit_in_the_admin_is_recorded(organizer):
    bill, senator = BillFactory(), SenatorFactory()
    whip = whip_status_update(
        bill=bill,
        legislator=senator,
        user=organizer.user,
        status="undecided",
        last_contact=None,
        organizer=None,
        notes="",
    )
    response = organizer.post(
        reverse("admin:whip_whipstatus_change", args=[whip.pk]),
        {
            "status": "opposed",
            "last_contact": "",
            "organizer": "",
            "notes": "Said no",
            "changes-TOTAL_FORMS": "1",
            "changes-INITIAL_FORMS": "1",
            "changes-MIN_NUM_FORMS": "0",
            "changes-MAX_NUM_FORMS": "1000",
            "changes-0-id": str(whip.changes.get().pk),
            "changes-0-whip_status": str(whip.pk),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    whip = WhipStatus.objects.get()
    assert whip.status == "opposed"
    latest = whip.changes.first()
    assert (latest.old_status, latest.new_status, latest.changed_by) == (
        "undecided",
        "opposed",
        organizer.user,
    )


def test_cosponsor_added_by_staff_is_logged(organizer):
    bill, senator = BillFactory(), SenatorFactory()
    response = organizer.post(
        reverse("admin:legislators_bill_change", args=[bill.pk]),
        {
            "congress": bill.congress,
            "bill_type": bill.bill_type,
            "number": bill.number,
            "title": bill.title,
            "short_title": "",
            "summary": "",
            "cosponsorships-TOTAL_FORMS": "1",
            "cosponsorships-INITIAL_FORMS": "0",
            "cosponsorships-MIN_NUM_FORMS": "0",
            "cosponsorships-MAX_NUM_FORMS": "1000",
            "cosponsorships-0-legislator": str(senator.pk),
            "cosponsorships-0-sponsorship_date": "2026-11-03",
            "cosponsorships-0-bill": str(bill.pk),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Cosponsorship.objects.get().source == Source.STAFF
    event = CosponsorshipEvent.objects.get()
    assert (event.kind, event.source, event.legislator) == (
        EventKind.COSPONSORED,
        Source.STAFF,
        senator,
    )
