"""Campaign pages, the navigation menu and Markdown rendering."""

import pytest
from django.core.exceptions import ValidationError

from campaign.markdown import render_markdown
from tests.campaign.factories import PageFactory

pytestmark = pytest.mark.django_db


def test_page_renders_its_markdown_and_share_tags(anonymous):
    page = PageFactory(
        slug="about-the-bill",
        title="About the bill",
        summary="Three provisions.",
        body="1. **Disclosure**\n2. Choice\n\n[News](/news/)",
    )
    response = anonymous.get("/about-the-bill/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>About the bill</h1>" in html
    assert "<li><strong>Disclosure</strong></li>" in html
    assert '<a href="/news/" rel="noopener noreferrer">News</a>' in html
    assert '<meta property="og:title" content="About the bill">' in html
    assert '<meta property="og:description" content="Three provisions.">' in html
    assert '<meta name="description" content="Three provisions.">' in html
    assert '<link rel="canonical" href="http://127.0.0.1:8000/about-the-bill/">' in html
    assert 'name="zip"' in html
    assert page.get_absolute_url() == "/about-the-bill/"


def test_unknown_page_is_the_site_404(anonymous):
    response = anonymous.get("/not-a-page/")
    assert response.status_code == 404
    assert "find that page" in response.content.decode()


def test_navigation_lists_flagged_pages_in_order(anonymous):
    PageFactory(title="For the media", slug="for-the-media", ordering=90, show_in_navigation=True)
    PageFactory(title="About the bill", slug="about-the-bill", ordering=10, show_in_navigation=True)
    PageFactory(title="Hidden page", slug="hidden", show_in_navigation=False)
    html = anonymous.get("/news/").content.decode()
    nav = html.split('class="site-nav"', 1)[1].split("</nav>", 1)[0]
    assert nav.index("About the bill") < nav.index("For the media")
    assert "Hidden page" not in nav
    assert 'href="/news/" aria-current="page"' in nav


def test_navigation_costs_one_query_then_none_until_a_page_changes(
    anonymous, django_assert_num_queries
):
    from django.test.client import RequestFactory

    from campaign.context_processors import navigation

    PageFactory(title="About the bill", show_in_navigation=True)
    request = RequestFactory().get("/")
    with django_assert_num_queries(1):
        assert [item["title"] for item in navigation(request)["nav_pages"]] == ["About the bill"]
    with django_assert_num_queries(0):
        navigation(request)
    PageFactory(title="Save call center jobs", show_in_navigation=True)
    with django_assert_num_queries(1):
        titles = [item["title"] for item in navigation(request)["nav_pages"]]
    assert titles == ["About the bill", "Save call center jobs"]


def test_page_query_count_is_pinned(anonymous, django_assert_num_queries):
    page = PageFactory(show_in_navigation=True)
    anonymous.get(page.get_absolute_url())
    with django_assert_num_queries(1):
        assert anonymous.get(page.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("slug", ["news", "admin", "healthz", "robots-txt-is-fine"])
def test_page_slugs_cannot_shadow_other_routes(slug):
    page = PageFactory.build(slug=slug)
    if slug == "robots-txt-is-fine":
        page.full_clean()
        return
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "already used by another part of the site" in str(error.value)


def test_markdown_keeps_safe_tags_and_drops_the_rest():
    html = render_markdown(
        "# Title\n\n## Sub\n\n> quote\n\n<iframe src='https://evil.example'></iframe>"
        "\n\n<div onclick='x()'>text</div>\n\n[mail](mailto:press@example.org) "
        "[bad](javascript:alert(1))\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    )
    assert "<h1>" not in html and "Title" in html
    assert "<h2>Sub</h2>" in html
    assert "<blockquote>" in html
    assert "iframe" not in html
    assert "onclick" not in html
    assert 'href="mailto:press@example.org"' in html
    assert "javascript" not in html
    assert "<table>" in html


def test_body_html_is_rendered_on_save():
    page = PageFactory(body="*hello*")
    assert page.body_html == "<p><em>hello</em></p>"
    page.body = "**bye**"
    page.save(update_fields=["body"])
    page.refresh_from_db()
    assert page.body_html == "<p><strong>bye</strong></p>"
