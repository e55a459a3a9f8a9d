"""Journeys: a local registers for the week of action; a person joins the list and confirms."""

import re
from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from campaign.models import EventRegistration
from supporters.models import ListSubscription
from tests.campaign.factories import EventFactory
from tests.e2e.axe import assert_accessible
from tests.factories import SupporterFactory


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def path_in(body: str, kind: str) -> str:
    match = re.search(rf"https?://[^/\s]+(/join/{kind}/[^/\s]+/)", body)
    assert match, body
    return match.group(1)


def test_a_local_registers_for_the_week_of_action_and_gets_the_confirmation(page):
    start = timezone.now() + timedelta(days=60)
    EventFactory(
        title="Customer Service Week of Action",
        slug="customer-service-week",
        starts_at=start,
        ends_at=start + timedelta(days=6),
        registration_deadline=start - timedelta(days=20),
        capacity=300,
    )
    page.goto("/events/")
    assert_accessible(page)
    page.get_by_role("link", name="Customer Service Week of Action").click()
    page.wait_for_url("**/events/customer-service-week/")
    assert_accessible(page)

    # A slip first: the form explains itself and stays accessible.
    page.locator("#id_local_number").fill("Local 1101")
    page.locator("#id_email").fill("not-an-email")
    page.get_by_role("button", name="Register our local").click()
    assert page.locator(".error-summary").is_visible()
    assert "Enter a valid email address." in page.locator(".error-summary").inner_text()
    assert_accessible(page)

    page.locator("#id_contact_name").fill("Dana Rivera")
    page.locator("#id_email").fill("dana.rivera@example.org")
    page.locator("#id_phone").fill("202-555-0143")
    page.locator("#id_street").fill("501 Third Street NW")
    page.locator("#id_city").fill("Washington")
    page.locator("#id_state").select_option("DC")
    page.locator("#id_zip_code").fill("20001")
    page.locator("#id_expected_participants").fill("40")
    page.get_by_role("button", name="Register our local").click()
    page.wait_for_url("**/events/customer-service-week/registered/")
    assert page.get_by_role("heading", name="Your local is registered").is_visible()
    assert_accessible(page)

    assert EventRegistration.objects.get().local_number == "1101"
    run_worker()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["dana.rivera@example.org"]
    assert "Local 1101 is registered" in mail.outbox[0].subject


def test_a_person_joins_the_list_confirms_and_can_leave(page):
    page.goto("/join/")
    assert_accessible(page)
    page.locator("#id_name").fill("Sam Caller")
    page.locator("#id_email").fill("sam@example.org")
    page.locator("#id_zip_code").fill("43215")
    page.get_by_role("button", name="Join the list").click()
    page.wait_for_url("**/join/check-your-inbox/")
    assert_accessible(page)

    run_worker()
    assert len(mail.outbox) == 1
    page.goto(path_in(mail.outbox[0].body, "confirm"))
    assert_accessible(page)
    page.get_by_role("button", name="Yes, add me to the list").click()
    assert page.get_by_role("heading", name="You are on the list").is_visible()
    assert_accessible(page)
    subscription = ListSubscription.objects.get()
    assert subscription.status == ListSubscription.Status.CONFIRMED
    assert subscription.supporter.list_opt_in

    run_worker()
    welcome = mail.outbox[-1]
    # The welcome's link leaves the one list joined here, the newsletter.
    match = re.search(r"https?://[^/\s]+(/lists/unsubscribe/[^/\s]+/)", welcome.body)
    assert match, welcome.body
    page.goto(match.group(1))
    assert page.get_by_role("heading", name="Leave the Newsletter list?").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Unsubscribe").click()
    assert page.get_by_role("heading", name="You are off the Newsletter list").is_visible()
    assert_accessible(page)
    subscription.supporter.refresh_from_db()
    assert not subscription.supporter.list_opt_in
    assert not subscription.supporter.list_consents.active().exists()


def test_closed_full_and_broken_link_pages_are_accessible(page):
    now = timezone.now()
    EventFactory(
        slug="closed",
        starts_at=now + timedelta(days=5),
        ends_at=now + timedelta(days=6),
        registration_deadline=now - timedelta(days=1),
    )
    full = EventFactory(slug="full", capacity=1)
    EventRegistration.objects.create(
        event=full,
        supporter=SupporterFactory(),
        local_number="1",
        contact_name="Pat",
        phone="202-555-0143",
        street="1 Main St",
        city="Columbus",
        state="OH",
        zip_code="43215",
        expected_participants=5,
    )
    EventFactory(
        slug="past",
        starts_at=now - timedelta(days=30),
        ends_at=now - timedelta(days=29),
        registration_deadline=now - timedelta(days=40),
    )
    for path, text in [
        ("/events/", "Past events"),
        ("/events/closed/", "Registration for this event has closed"),
        ("/events/full/", "This event is full"),
        ("/events/past/", "This event has taken place"),
        ("/join/confirm/tampered/", "This link does not work"),
        ("/join/unsubscribe/tampered/", "This link does not work"),
    ]:
        page.goto(path)
        assert text in page.content()
        assert_accessible(page)
