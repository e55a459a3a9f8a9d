"""The home page: hero, ZIP box, latest news and the optional blocks."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from campaign import home_blocks
from campaign.models import NewsStatus
from tests.campaign.factories import NewsPostFactory

pytestmark = pytest.mark.django_db


def test_home_page_states_the_ask_and_shows_the_latest_news(anonymous):
    for day in range(1, 6):
        NewsPostFactory(
            title=f"Update {day}",
            published_at=timezone.now() - datetime.timedelta(days=10 - day),
        )
    NewsPostFactory(title="Draft", status=NewsStatus.DRAFT)
    NewsPostFactory(title="Tomorrow", published_at=timezone.now() + datetime.timedelta(days=1))
    response = anonymous.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Keep call center jobs in America" in html
    assert [post.title for post in response.context["latest_news"]] == [
        "Update 5",
        "Update 4",
        "Update 3",
    ]
    assert "Draft" not in html and "Tomorrow" not in html
    assert 'href="/news/"' in html


def test_home_page_without_news_leaves_the_block_out(anonymous):
    html = anonymous.get("/").content.decode()
    assert "Latest news" not in html
    assert "home-petition" not in html
    assert "home-tally" not in html


def test_zip_box_is_a_get_form_to_the_letter_flow(anonymous):
    html = anonymous.get("/").content.decode()
    form = html.split('class="zip-box', 1)[1].split("</form>", 1)[0]
    assert 'method="get"' in form
    assert 'action="/write/"' in form
    assert 'name="zip"' in form
    assert '<label for="zip-box-zip">' in form


def test_optional_blocks_render_when_their_data_exists(anonymous):
    with (
        mock.patch.object(home_blocks, "featured_petition", return_value={"title": "Sign now"}),
        mock.patch.object(home_blocks, "cosponsor_tally", return_value={"count": 12}),
    ):
        html = anonymous.get("/").content.decode()
    assert "home-petition" in html and "Sign now" in html
    assert "home-tally" in html


def test_home_page_query_count_is_pinned(anonymous, django_assert_num_queries):
    for _ in range(6):
        NewsPostFactory()
    anonymous.get("/")
    # the latest news; navigation and banner come from the cache
    with django_assert_num_queries(1):
        assert anonymous.get("/").status_code == 200


def test_home_page_has_share_tags(anonymous):
    html = anonymous.get("/").content.decode()
    assert '<meta property="og:title"' in html
    assert '<meta property="og:description"' in html
    assert '<link rel="canonical" href="http://127.0.0.1:8000/">' in html


def test_featured_posts_lead_the_home_page_news(anonymous):
    NewsPostFactory(
        title="Pinned", featured=True, published_at=timezone.now() - datetime.timedelta(days=30)
    )
    for day in range(1, 4):
        NewsPostFactory(
            title=f"Recent {day}", published_at=timezone.now() - datetime.timedelta(days=4 - day)
        )
    titles = [post.title for post in anonymous.get("/").context["latest_news"]]
    assert titles == ["Pinned", "Recent 3", "Recent 2"]
