"""Atom feeds, sitemap.xml and robots.txt."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from campaign.models import NewsStatus
from tests.campaign.factories import NewsPostFactory, PageFactory, TopicFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _entries(response) -> list[str]:
    root = ET.fromstring(response.content)  # noqa: S314 (the site's own output)
    return [entry.find(f"{ATOM}title").text for entry in root.iter(f"{ATOM}entry")]


def test_site_feed_lists_published_posts_only(anonymous):
    NewsPostFactory(title="Live", summary="The summary.")
    NewsPostFactory(title="Draft", status=NewsStatus.DRAFT)
    NewsPostFactory(title="Later", published_at=timezone.now() + datetime.timedelta(days=1))
    response = anonymous.get("/news/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert _entries(response) == ["Live"]
    body = response.content.decode()
    assert "The summary." in body
    assert "/news/campaign-update-" in body
    assert "<name>Campaign staff</name>" in body


def test_topic_feed_lists_that_topics_posts(anonymous):
    congress = TopicFactory(slug="congress", name="Congress")
    NewsPostFactory(title="Letter", topics=[congress])
    NewsPostFactory(title="Elsewhere")
    response = anonymous.get("/news/topics/congress/feed/")
    assert response.status_code == 200
    assert _entries(response) == ["Letter"]
    assert "news about Congress" in response.content.decode()


def test_unknown_topic_feed_is_404(anonymous):
    assert anonymous.get("/news/topics/nope/feed/").status_code == 404


def test_feed_query_count_is_pinned(anonymous, django_assert_num_queries):
    for _ in range(5):
        NewsPostFactory()
    with django_assert_num_queries(1):
        anonymous.get("/news/feed/")


def test_sitemap_lists_home_news_and_pages(anonymous):
    post = NewsPostFactory(slug="live-post")
    NewsPostFactory(slug="secret-draft", status=NewsStatus.DRAFT)
    PageFactory(slug="about-the-bill")
    response = anonymous.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (the site's own output)
    locations = {url.find(f"{SITEMAP}loc").text for url in root.iter(f"{SITEMAP}url")}
    paths = {
        "/",
        "/news/",
        post.get_absolute_url(),
        "/about-the-bill/",
        "/events/",
        "/join/",
        "/petitions/",
        "/write/",
        "/find-your-lawmakers/",
        "/lawmakers/",
        "/scorecard/",
        "/privacy/",
    }
    # Each page once in English (unprefixed) and once in Spanish (/es/).
    assert locations == {f"http://127.0.0.1:8000{path}" for path in paths} | {
        f"http://127.0.0.1:8000/es{path}" for path in paths
    }


def test_sitemap_lists_public_petitions_only(anonymous):
    from tests.petitions.factories import PetitionFactory

    live = PetitionFactory(slug="keep-jobs")
    PetitionFactory(slug="old-one", status="archived")
    response = anonymous.get("/sitemap.xml")
    root = ET.fromstring(response.content)  # noqa: S314 (the site's own output)
    locations = {url.find(f"{SITEMAP}loc").text for url in root.iter(f"{SITEMAP}url")}
    assert f"http://127.0.0.1:8000{live.get_absolute_url()}" in locations
    assert "http://127.0.0.1:8000/petitions/old-one/" not in locations


def test_robots_txt_points_to_the_sitemap(anonymous):
    response = anonymous.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode()
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in body
    assert "Disallow: /admin/" in body
    assert "Disallow: /news/preview/" in body
