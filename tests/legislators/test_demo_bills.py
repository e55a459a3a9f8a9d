"""Demo bills: idempotent, linked as companions, no invented cosponsors or sponsors."""

import pytest
from django.core.management import call_command

from legislators.models import Bill, Cosponsorship, CosponsorshipEvent

pytestmark = pytest.mark.django_db


def test_demo_bills_load_once_and_link_companions():
    call_command("load_demo_bills")
    call_command("load_demo_bills")

    assert Bill.objects.count() == 4
    current = Bill.objects.current()
    assert current.key == "s2495-119"
    assert current.companion.key == "hr4954-119"
    assert current.companion.companion == current
    assert Bill.objects.by_key("s515-115").companion.key == "hr1300-115"
    assert current.short_title == "Keep Call Centers in America Act of 2025"
    # Never invented: who backs the bill comes from congress.gov or staff.
    assert not Cosponsorship.objects.exists()
    assert not CosponsorshipEvent.objects.exists()
    assert not Bill.objects.filter(sponsor__isnull=False).exists()


def test_demo_bills_keep_staff_choices():
    call_command("load_demo_bills")
    house = Bill.objects.by_key("hr4954-119")
    Bill.objects.update(is_current=False)
    house.is_current = True
    house.summary = "Edited by staff"
    house.save()

    call_command("load_demo_bills")

    assert Bill.objects.current() == house
    house.refresh_from_db()
    assert house.summary == "Edited by staff"
