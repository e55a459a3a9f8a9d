"""The home page's blocks, one small function each, so other parts of the site can fill theirs.

Each function returns the data its partial needs, or None/[] when there is nothing to show;
the home template leaves out a block with no data.
"""

from typing import Any

from django.urls import NoReverseMatch, reverse

from campaign.models import NewsPost
from petitions import services as petition_services

LATEST_NEWS_COUNT = 3


def latest_news() -> list[NewsPost]:
    # Editors pin a story to the home page with the featured flag; the rest is the latest news.
    posts = NewsPost.objects.published().only("title", "slug", "summary", "published_at")
    return list(posts.order_by("-featured", "-published_at", "-id")[:LATEST_NEWS_COUNT])


def featured_petition() -> Any | None:
    """The featured petition and its progress (title, summary, url, goal, count), or None."""
    return petition_services.featured_petition()


def cosponsor_tally() -> Any | None:
    """The current bill's cosponsor count; filled in by the bills work."""
    return None


def letter_start_url() -> str:
    """Where the home page's ZIP box sends people: the letter flow, else the lawmaker finder."""
    for name in ("petitions:write", "legislators:find"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return "/write/"
