"""A supporter calls their lawmakers from a phone-sized browser: number, script, outcome."""

import pytest

from calls.models import CallReport
from tests.calls.factories import CallCampaignFactory
from tests.e2e.axe import assert_accessible
from tests.legislators.factories import build_congress

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
DIALER = """
document.addEventListener("click", (event) => {
  const link = event.target.closest('a[href^="tel:"]');
  if (link) { event.preventDefault(); window.dialed = link.getAttribute("href"); }
}, true);
"""


@pytest.fixture
def phone_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="en-US", viewport=PHONE, has_touch=True, is_mobile=True
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def on_first_screen(locator) -> bool:
    box = locator.bounding_box()
    return (
        box is not None and box["y"] >= 0 and box["y"] + min(box["height"], 80) <= PHONE["height"]
    )


def test_from_the_home_page_to_a_script_a_call_and_the_next_step(phone_page):
    page = phone_page
    members = build_congress()
    senior = members["oh_senior"]
    senior.phone = "202-224-2315"
    senior.save()
    CallCampaignFactory(title="Call Congress")

    page.goto("/")
    assert_accessible(page)
    page.get_by_role("link", name="Get the number and what to say").click()

    page.get_by_label("Your ZIP code").fill("45202")
    page.get_by_label("Your city (optional)").fill("Cincinnati")
    assert_accessible(page)
    page.get_by_role("button", name="Find my lawmakers' numbers").click()

    first = page.locator(".call-card").first
    number = first.locator("a.call-number")
    number.wait_for()
    assert number.get_attribute("href") == "tel:+12022242315"
    script = first.locator(".call-script p").first
    assert "a constituent from Cincinnati, OH" in script.inner_text()
    assert on_first_screen(number)
    assert on_first_screen(script)
    assert_accessible(page)

    # Tapping the number hands it to the phone's dialer. A headless browser has none, so
    # the dialer is stood in for by noting which number the tap asked for.
    page.evaluate(DIALER)
    number.tap()
    assert page.evaluate("window.dialed") == "tel:+12022242315"

    for member in (senior, members["oh_junior"], members["oh_01"]):
        card = page.locator(f"#member-{member.pk}")
        card.get_by_role("button", name="Left a voicemail").click()
        card.get_by_text("You told us you left a voicemail").wait_for()

    page.get_by_role("heading", name="Thank you for calling! One more thing").wait_for()
    letter = page.get_by_role("link", name="Write to your lawmakers")
    assert letter.get_attribute("href") == "/write/?zip=45202"
    assert_accessible(page)
    assert CallReport.objects.count() == 3
