"""A visitor finds news by topic and date, reads a post, and visits a page and the home page."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.campaign.factories import NewsPostFactory, PageFactory, SiteBannerFactory, TopicFactory
from tests.e2e.axe import assert_accessible

EASTERN = ZoneInfo("America/New_York")


@pytest.fixture
def news(transactional_db):
    congress = TopicFactory(slug="congress", name="Congress")
    security = TopicFactory(slug="data-security", name="Data security")
    NewsPostFactory(
        title="Senators ask the White House to act",
        slug="senators-2017",
        summary="A letter about call center jobs.",
        body="## The letter\n\nSenators asked for **executive action**.",
        topics=[congress],
        published_at=datetime.datetime(2017, 1, 27, 10, tzinfo=EASTERN),
    )
    NewsPostFactory(
        title="Cosponsors write again",
        slug="senators-2018",
        summary="A second letter, with data security first.",
        topics=[congress, security],
        published_at=datetime.datetime(2018, 5, 1, 10, tzinfo=EASTERN),
    )
    NewsPostFactory(
        title="A bipartisan start",
        slug="start-2013",
        summary="The first bill.",
        topics=[congress],
        published_at=datetime.datetime(2013, 11, 14, 10, tzinfo=EASTERN),
    )
    NewsPostFactory(title="Why data security matters", topics=[security])
    PageFactory(
        slug="about-the-bill",
        title="About the bill",
        body="The bill has **three** parts.",
        show_in_navigation=True,
    )
    SiteBannerFactory(message="Read the explainer", link_url="/news/", link_text="News")


def test_visitor_filters_news_by_topic_and_date_and_reads_a_post(page, news):
    page.goto("/news/")
    assert_accessible(page)
    page.get_by_label("Topic", exact=True).select_option("congress")
    page.get_by_label("Published from").fill("2017-01-01")
    page.get_by_label("Published until").fill("2017-12-31")
    page.get_by_role("button", name="Show news").click()
    page.wait_for_url("**/news/?**")
    results = page.locator(".news-results")
    assert results.get_by_role(
        "link", name="Senators ask the White House to act", exact=True
    ).is_visible()
    assert results.get_by_text("Cosponsors write again").count() == 0
    assert results.get_by_text("A bipartisan start").count() == 0
    assert page.locator("h1").inner_text() == "News: Congress"
    assert_accessible(page)

    results.get_by_role("link", name="Senators ask the White House to act", exact=True).click()
    page.wait_for_url("**/news/senators-2017/")
    assert page.locator("h1").inner_text() == "Senators ask the White House to act"
    assert page.get_by_role("heading", name="The letter").is_visible()
    assert page.get_by_role("heading", name="Related news").is_visible()
    assert_accessible(page)


def test_bad_dates_are_explained_in_the_browser(page, news):
    page.goto("/news/?published_from=2019-01-01&published_to=2017-01-01")
    assert page.get_by_text("The end date is before the start date").is_visible()
    assert_accessible(page)


def test_campaign_page_and_home_page_are_accessible(page, news):
    page.goto("/")
    assert page.get_by_role("heading", name="Latest news").is_visible()
    assert page.get_by_label("Your ZIP code").is_visible()
    assert_accessible(page)
    # The main menu is a disclosure: open it, then follow the link.
    page.get_by_text("Menu", exact=True).click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="About the bill").click()
    page.wait_for_url("**/about-the-bill/")
    assert page.locator("h1").inner_text() == "About the bill"
    assert_accessible(page)


def test_banner_can_be_dismissed_with_javascript(page, news):
    page.goto("/")
    banner = page.locator(".site-banner")
    assert banner.is_visible()
    page.get_by_role("button", name="Dismiss this announcement").click()
    assert banner.is_hidden()
    page.goto("/news/")
    assert page.locator(".site-banner").count() == 0


def test_banner_can_be_dismissed_without_javascript(browser, live_server, news):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/news/")
        page.get_by_role("button", name="Dismiss this announcement").click()
        page.wait_for_url("**/news/")
        assert page.locator(".site-banner").count() == 0
    finally:
        context.close()
