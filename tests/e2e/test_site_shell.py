"""The shell every page shares works for a keyboard user and passes axe."""

from tests.e2e.axe import assert_accessible


def test_home_page_is_accessible_and_skip_link_works(page):
    page.goto("/")
    assert page.locator("h1").first.is_visible()
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    assert_accessible(page)


def test_not_found_page_is_accessible(page):
    response = page.goto("/no-such-page/")
    assert response.status == 404
    assert_accessible(page)
