"""Share cards: each petition, letter campaign and news post has its own Open Graph image."""

import re
from io import BytesIO

import pytest
from django.core.cache import cache
from PIL import Image

from campaign import og_images
from campaign.models import NewsStatus
from tests.campaign.factories import NewsPostFactory
from tests.letters.factories import LetterCampaignFactory
from tests.petitions.factories import PetitionFactory

pytestmark = pytest.mark.django_db


def _og(html: str) -> dict[str, str]:
    return dict(re.findall(r'<meta property="(og:image[^"]*)" content="([^"]*)">', html))


@pytest.mark.parametrize(
    ("make", "page_url", "kind"),
    [
        (lambda: PetitionFactory(slug="keep-jobs"), lambda o: o.get_absolute_url(), "petition"),
        (
            lambda: LetterCampaignFactory(slug="write-now"),
            lambda o: f"/write/?campaign={o.slug}",
            "letters",
        ),
        (lambda: NewsPostFactory(slug="big-news"), lambda o: o.get_absolute_url(), "news"),
    ],
)
def test_each_shareable_page_names_its_card_and_the_card_is_a_png(anonymous, make, page_url, kind):
    thing = make()

    html = anonymous.get(page_url(thing)).content.decode()
    tags = _og(html)

    assert tags["og:image"] == f"http://127.0.0.1:8000/og/{kind}/{thing.slug}.png"
    assert tags["og:image:width"] == "1200"
    assert tags["og:image:height"] == "630"
    assert tags["og:image:alt"] == thing.title
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    card = anonymous.get(f"/og/{kind}/{thing.slug}.png")
    assert card.status_code == 200
    assert card["Content-Type"] == "image/png"
    assert "public" in card["Cache-Control"]
    image = Image.open(BytesIO(card.content))
    assert image.size == (1200, 630)
    # The campaign's brand blue fills the card.
    assert image.convert("RGB").getpixel((600, 40)) == (11, 61, 145)


def test_cards_only_for_pages_the_public_can_see(anonymous):
    PetitionFactory(slug="gone", status="archived")
    NewsPostFactory(slug="draft", status=NewsStatus.DRAFT)

    assert anonymous.get("/og/petition/gone.png").status_code == 404
    assert anonymous.get("/og/news/draft.png").status_code == 404
    assert anonymous.get("/og/petition/no-such.png").status_code == 404
    assert anonymous.get("/og/other/thing.png").status_code == 404


def test_a_card_is_drawn_once_then_served_from_the_cache(anonymous, monkeypatch):
    cache.clear()
    PetitionFactory(slug="keep-jobs", title="Keep the jobs")
    drawn = []
    real = og_images.card_png
    monkeypatch.setattr(og_images, "card_png", lambda **kw: drawn.append(kw) or real(**kw))

    first = anonymous.get("/og/petition/keep-jobs.png").content
    second = anonymous.get("/og/petition/keep-jobs.png").content

    assert first == second
    assert len(drawn) == 1


def test_long_titles_fit_the_card():
    png = og_images.card_png(title="word " * 200, label="News")

    assert Image.open(BytesIO(png)).size == (1200, 630)
