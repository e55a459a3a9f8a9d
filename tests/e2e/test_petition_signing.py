"""A visitor signs the petition, sees the count go up and is sent on to write to Congress."""

import pytest

from tests.e2e.axe import assert_accessible
from tests.links import signature_confirm_token
from tests.petitions.factories import PetitionFactory, SignatureFactory, ZipDistrictFactory


@pytest.fixture
def petition(transactional_db):
    ZipDistrictFactory(zcta="43215", state="OH", district=3)
    petition = PetitionFactory(slug="keep-them-here", goal=100)
    SignatureFactory.create_batch(4, petition=petition, show_publicly=True)
    from petitions import services

    services.petition_recount(petition=petition)
    return petition


def test_visitor_signs_and_is_sent_to_write_with_the_zip(page, petition):
    page.goto(f"/petitions/{petition.slug}/")
    assert page.locator("[data-petition-count]").inner_text() == "4"
    assert_accessible(page)

    page.get_by_role("textbox", name="First name").fill("Maya")
    page.get_by_role("textbox", name="Last name").fill("Okafor")
    page.get_by_role("textbox", name="Email").fill("maya@example.com")
    page.get_by_role("textbox", name="ZIP code").fill("43215")
    page.get_by_label("Show my first name and state on this page").check()
    page.get_by_role("button", name="Sign the petition").click()

    page.wait_for_url(f"**/petitions/{petition.slug}/thanks/")
    assert page.get_by_role("heading", name="Thank you for signing!").is_visible()
    assert page.locator("[data-petition-count]").inner_text() == "5"
    assert page.locator("#share-url").input_value().endswith(f"/petitions/{petition.slug}/")
    assert "maya" not in page.url.lower()
    assert_accessible(page)

    next_action = page.locator("[data-next-action]")
    assert next_action.get_attribute("href") == "/write/?zip=43215"
    next_action.click()
    page.wait_for_url("**/write/?zip=43215")

    page.goto(f"/petitions/{petition.slug}/")
    assert page.locator("[data-petition-count]").inner_text() == "5"
    assert page.get_by_text("Maya, OH").is_visible()


def test_form_errors_are_announced_and_accessible(page, petition):
    page.goto(f"/petitions/{petition.slug}/")
    page.get_by_role("button", name="Sign the petition").click()
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)


def test_confirmation_link_shows_a_button_then_thanks(page, transactional_db):
    from petitions import services

    ZipDistrictFactory(zcta="43215", state="OH", district=3)
    petition = PetitionFactory(slug="please-confirm", requires_confirmation=True)
    signature = services.signature_create(
        petition=petition,
        email="sam@example.com",
        first_name="Sam",
        last_name="Lee",
        zip_code="43215",
    ).signature
    page.goto(f"/petitions/confirm/{signature_confirm_token(signature=signature)}/")
    assert_accessible(page)
    page.get_by_role("button", name="Confirm my signature").click()
    page.wait_for_url("**/petitions/please-confirm/thanks/")
    assert page.locator("[data-petition-count]").inner_text() == "1"
    assert page.locator("[data-next-action]").get_attribute("href") == "/write/?zip=43215"
    assert_accessible(page)


def test_home_page_leads_to_the_featured_petition(page, transactional_db):
    petition = PetitionFactory(slug="featured-one", title="Keep our calls here", is_featured=True)
    page.goto("/")
    assert page.get_by_role("heading", name="Keep our calls here").is_visible()
    assert_accessible(page)
    page.locator(".home-petition").get_by_role("link", name="Sign the petition").click()
    page.wait_for_url(f"**{petition.get_absolute_url()}")
    # The main menu is a disclosure: open it, then follow the link.
    page.get_by_text("Menu", exact=True).click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Petitions").click()
    page.wait_for_url("**/petitions/")
    assert page.get_by_role("link", name="Keep our calls here").is_visible()
    assert_accessible(page)


def test_signing_from_a_cached_page_in_a_real_browser(browser, live_server, settings, petition):
    settings.PAGE_CACHE_SECONDS = 60
    url = f"{live_server.url}/petitions/{petition.slug}/"
    # The first visitor's page is stored; the next one is served it from the cache.
    first = browser.new_context(locale="en-US")
    first.new_page().goto(url)
    first.close()
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    response = page.goto(url)
    assert response.headers.get("x-page-cache") == "hit"
    assert any(cookie["name"] == "csrftoken" for cookie in context.cookies())

    page.get_by_role("textbox", name="First name").fill("Rosa")
    page.get_by_role("textbox", name="Last name").fill("Delgado")
    page.get_by_role("textbox", name="Email").fill("rosa@example.com")
    page.get_by_role("textbox", name="ZIP code").fill("43215")
    page.get_by_role("button", name="Sign the petition").click()
    page.wait_for_url(f"**/petitions/{petition.slug}/thanks/")
    assert page.locator("[data-petition-count]").inner_text() == "5"
    context.close()
