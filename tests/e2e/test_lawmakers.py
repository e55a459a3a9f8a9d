"""Find your lawmakers in a real browser, with and without JavaScript; axe on every page."""

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.legislators.conftest import GEOCODER_URL, census_payload
from tests.legislators.factories import LegislatorFactory, build_congress


@pytest.fixture
def congress(transactional_db) -> dict:
    return build_congress()


def test_split_zip_asks_for_the_address_then_shows_three_lawmakers(page, congress, http) -> None:
    http.get(GEOCODER_URL, json=census_payload("census_oh15.json"))
    page.goto("/find-your-lawmakers/")
    assert_accessible(page)

    page.evaluate("window.samePage = true")
    page.get_by_label("ZIP code").fill("43215")
    page.get_by_role("button", name="Find my lawmakers").click()
    address = page.get_by_label("Street address")
    expect(address).to_be_focused()
    # Shown in place by the script: the URL says which ZIP, the page was not reloaded.
    assert page.url.endswith("/find-your-lawmakers/?zip=43215")
    assert page.evaluate("window.samePage === true")
    expect(page.get_by_text("split between 2 congressional districts")).to_be_visible()
    assert_accessible(page)

    address.fill("1200 W Broad St")
    page.get_by_role("button", name="Find my representative").click()
    expect(page.locator(".card.lawmaker")).to_have_count(3)
    expect(page.get_by_role("heading", name="Your representative")).to_be_visible()
    expect(page.get_by_text(congress["oh_15"].name)).to_be_visible()
    assert page.evaluate("window.samePage === true")
    assert "1200" not in page.url  # the address never lands in the URL
    assert_accessible(page)


def test_lookup_works_without_javascript(browser, live_server, congress, http) -> None:
    http.get(GEOCODER_URL, json=census_payload("census_oh03.json"))
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/find-your-lawmakers/")
        page.get_by_label("ZIP code").fill("43215")
        page.get_by_role("button", name="Find my lawmakers").click()
        page.get_by_label("Street address").fill("75 S High St")
        page.get_by_role("button", name="Find my representative").click()
        expect(page.locator(".card.lawmaker")).to_have_count(3)
        expect(page.get_by_text(congress["oh_03"].name)).to_be_visible()
    finally:
        context.close()


def test_bad_zip_message_is_announced_and_accessible(page, congress) -> None:
    page.goto("/find-your-lawmakers/")
    page.get_by_label("ZIP code").fill("12")
    page.get_by_role("button", name="Find my lawmakers").click()
    expect(page.get_by_role("alert")).to_contain_text("five-digit ZIP code")
    expect(page.get_by_label("ZIP code")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)


def test_directory_and_member_page_are_accessible(page, congress) -> None:
    page.goto("/lawmakers/")
    assert_accessible(page)
    page.get_by_label("State").select_option("OH")
    page.get_by_role("button", name="Show members").click()
    expect(page.get_by_text("5 members")).to_be_visible()
    assert_accessible(page)

    member = congress["oh_15"]
    page.get_by_role("link", name=f"Rep. {member.name}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Rep. {member.name}")
    expect(page.get_by_role("link", name="Call 202-225-0000").first).to_have_attribute(
        "href", "tel:+12022250000"
    )
    assert_accessible(page)


def test_po_box_zip_shows_senators_then_finds_the_representative(page, congress, http) -> None:
    ny = [
        LegislatorFactory(senator=True, state="NY", state_rank="senior", senate_class=1),
        LegislatorFactory(senator=True, state="NY", state_rank="junior", senate_class=3),
    ]
    payload = census_payload("census_oh03.json")
    area = payload["result"]["addressMatches"][0]["geographies"]["119th Congressional Districts"][0]
    area.update(GEOID="3622", STATE="36")
    http.get(GEOCODER_URL, json=payload)

    page.goto("/find-your-lawmakers/")
    page.get_by_label("ZIP code").fill("13261")  # Syracuse: PO boxes only
    page.get_by_role("button", name="Find my lawmakers").click()
    expect(page.get_by_text("it may be a PO box or business ZIP code")).to_be_visible()
    expect(page.locator(".card.lawmaker")).to_have_count(2)
    expect(page.get_by_text(ny[0].name)).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Street address").fill("100 S Clinton St")
    page.get_by_role("button", name="Find my representative").click()
    # Nobody serves in NY-22 here: the page says the seat is empty instead of naming anyone.
    expect(page.get_by_text("The House seat for NY-22 is empty right now")).to_be_visible()
    expect(page.locator(".card.lawmaker")).to_have_count(2)
    assert_accessible(page)
