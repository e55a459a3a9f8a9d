"""A supporter on a phone (390 x 844): the action is on the first screen, the menu works
without JavaScript, and the letter they approve is the letter each office receives."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from letters.models import Letter, LetterStatus
from tests.campaign.factories import EventFactory, SiteBannerFactory
from tests.e2e.axe import assert_accessible
from tests.legislators.factories import build_congress
from tests.letters.factories import LetterCampaignFactory
from tests.petitions.factories import PetitionFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-US", viewport=PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def site(transactional_db):
    """Content as long as the real site's, and a banner: the worst first screen."""
    members = build_congress()
    for member in members.values():
        member.delivery_email = f"office-{member.bioguide_id.lower()}@example.org"
        member.save()
    SiteBannerFactory(
        message="New: the bill's three provisions, explained in plain words.",
        link_url="/news/",
        link_text="Read the explainer",
    )
    petition = PetitionFactory(
        slug="keep-jobs",
        title="Tell Congress: keep call center jobs in America",
        summary=(
            "Pass the Keep Call Centers in America Act: tell callers where the agent is, let "
            "them ask for someone in the United States, and stop rewarding offshoring with "
            "federal money."
        ),
        body="\n\n".join(["A long paragraph about the jobs that left. " * 8] * 6),
    )
    event = EventFactory(
        slug="week-of-action",
        title="Customer Service Week of Action 2027",
        summary=(
            "October 3 to 9, 2027: locals across the country mark Customer Service Week by "
            "asking Congress to pass the Keep Call Centers in America Act."
        ),
        starts_at=timezone.now() + timedelta(days=40),
    )
    LetterCampaignFactory(
        title="Write to Congress: keep call center jobs in America", supporters_may_edit=True
    )
    return {"members": members, "petition": petition, "event": event}


def _inside_first_screen(page, locator) -> None:
    locator.wait_for()
    box = locator.bounding_box()
    assert box is not None, "the control is not rendered"
    # Measured from the top of the page as it loads, before any scrolling.
    assert page.evaluate("window.scrollY") == 0
    assert box["y"] >= 0
    assert box["y"] + box["height"] <= PHONE["height"], (
        f"{page.url}: the control ends at {box['y'] + box['height']:.0f}px, "
        f"below the first screen ({PHONE['height']}px)"
    )


def test_each_landing_page_shows_its_action_on_the_first_screen(phone, site):
    checks = [
        ("/", lambda p: p.get_by_role("button", name="Start my letter")),
        ("/petitions/keep-jobs/", lambda p: p.get_by_role("textbox", name="First name")),
        ("/write/", lambda p: p.get_by_role("button", name="Find my lawmakers")),
        ("/find-your-lawmakers/", lambda p: p.get_by_role("button", name="Find my lawmakers")),
        ("/events/week-of-action/", lambda p: p.get_by_role("link", name="Register your local")),
    ]
    for path, control in checks:
        phone.goto(path)
        _inside_first_screen(phone, control(phone))
        assert_accessible(phone)


def test_the_event_jump_link_brings_the_registration_form_into_view(phone, site):
    phone.goto("/events/week-of-action/")
    phone.get_by_role("link", name="Register your local").click()

    assert phone.url.endswith("#register")
    assert phone.get_by_role("heading", name="Register your local").is_visible()
    assert phone.get_by_role("button", name="Register our local").is_visible()


def test_menu_opens_and_closes_without_javascript(browser, live_server, site):
    context = browser.new_context(
        base_url=live_server.url, locale="en-US", viewport=PHONE, java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto("/")
        nav_link = page.get_by_role("link", name="Members of Congress")
        assert not nav_link.is_visible()

        page.get_by_text("Menu", exact=True).click()
        assert nav_link.is_visible()
        nav_link.click()
        assert page.url.endswith("/lawmakers/")
    finally:
        context.close()


def test_letter_journey_shows_the_whole_letter_before_sending(phone, site, smtp_server):
    phone.goto("/write/")
    phone.get_by_label("Your ZIP code").fill("45202")
    phone.get_by_role("button", name="Find my lawmakers").click()

    phone.get_by_role("heading", name="Your lawmakers", exact=True).wait_for()
    phone.get_by_label("First name").fill("Alex")
    phone.get_by_label("Last name").fill("Rivera")
    phone.get_by_label("Email").fill("alex@example.com")
    phone.get_by_label("Street address").fill("1 Main St")
    phone.get_by_label("City").fill("Cincinnati")
    phone.get_by_role("button", name="Continue to your letters").click()

    phone.get_by_role("heading", name="Read your letters, then send").wait_for()
    assert_accessible(phone)
    letters = phone.locator("details[data-letter]")
    assert letters.count() == 3
    first, second = letters.nth(0), letters.nth(1)
    senior = site["members"]["oh_senior"]
    # Senators first, the senior one open; the others folded but a tap away.
    assert senior.name in first.locator("summary").inner_text()
    signature = first.locator("[data-letter-signature]")
    assert signature.is_visible()
    signed = signature.inner_text()
    for part in ("Alex Rivera", "1 Main St", "Cincinnati, OH 45202", "alex@example.com"):
        assert part in signed
    assert "A reply to this email goes straight to Alex." in signed
    assert not second.locator("textarea").is_visible()
    second.locator("summary").click()
    assert second.locator("textarea").is_visible()
    assert second.locator("[data-letter-signature]").inner_text() == signed

    own_words = "I answer these calls for a living in Cincinnati."
    first.locator("textarea").fill(own_words)
    assert_accessible(phone)
    phone.get_by_role("button", name="Send my 3 letters").click()
    phone.get_by_role("heading", name="Your letters are on their way").wait_for()

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    letter = Letter.objects.get(legislator=senior)
    assert letter.status == LetterStatus.SENT
    (received,) = smtp_server.messages_to(letter.legislator.delivery_email)
    body = received.get_content().replace("\r\n", "\n").strip()
    assert body == f"{own_words}\n\n{signed.strip()}"
