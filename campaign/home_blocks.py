"""The home page's blocks, one small function each, so other parts of the site can fill theirs.

Each function returns the data its partial needs, or None/[] when there is nothing to show;
the home template leaves out a block with no data.
"""

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from calls import services as call_services
from campaign.models import NewsPost
from legislators.models import Bill, Cosponsorship
from petitions import services as petition_services

LATEST_NEWS_COUNT = 3

TALLY_CACHE_KEY = "home:cosponsor-tally"
# Cosponsors change a few times a month at most; a minute of staleness keeps the home
# page free of bill queries.
TALLY_CACHE_SECONDS = 60
_MISSING = object()

PARTY_ORDER = {"D": 0, "R": 1, "I": 2}
PARTY_NAMES = {
    "D": _("Democrats"),
    "R": _("Republicans"),
    "I": _("Independents"),
}


def latest_news() -> list[NewsPost]:
    # Editors pin a story to the home page with the featured flag; the rest is the latest news.
    posts = NewsPost.objects.published().only("title", "slug", "summary", "published_at")
    return list(posts.order_by("-featured", "-published_at", "-id")[:LATEST_NEWS_COUNT])


def featured_petition() -> Any | None:
    """The featured petition and its progress (title, summary, url, goal, count), or None."""
    return petition_services.featured_petition()


@dataclass(frozen=True)
class PartyCount:
    party: str
    name: str | Promise
    count: int


@dataclass(frozen=True)
class CosponsorTally:
    citation: str
    title: str
    # Sponsor plus active cosponsors, counted as the public scorecard counts them.
    total: int
    parties: list[PartyCount]
    # False until congress.gov (or staff) has told us anything about the bill, so an
    # unsynced bill never shows a made-up "0".
    known: bool
    url: str


def _tally_data() -> dict | None:
    bill = Bill.objects.current()
    if bill is None:
        return None
    parties = [
        party[:1] if party else "?"
        for party in Cosponsorship.objects.active()
        .filter(bill=bill)
        .exclude(legislator_id=bill.sponsor_id)
        .values_list("legislator__party", flat=True)
    ]
    if bill.sponsor is not None:
        parties.append(bill.sponsor.party_initial)
    return {
        "citation": bill.citation,
        "title": bill.display_title,
        "parties": dict(Counter(parties)),
        "known": bool(parties) or bill.synced_at is not None,
    }


def cosponsor_tally() -> CosponsorTally | None:
    """The current bill's public cosponsor tally and the scorecard link, or None.

    Cached, so the home page costs no query for it.
    """
    data = cache.get(TALLY_CACHE_KEY, _MISSING)
    if data is _MISSING:
        data = _tally_data()
        cache.set(TALLY_CACHE_KEY, data, TALLY_CACHE_SECONDS)
    if data is None:
        return None
    ordered = sorted(
        data["parties"].items(), key=lambda item: (PARTY_ORDER.get(item[0], 9), item[0])
    )
    return CosponsorTally(
        citation=data["citation"],
        title=data["title"],
        total=sum(data["parties"].values()),
        parties=[
            PartyCount(party=party, name=PARTY_NAMES.get(party, party), count=count)
            for party, count in ordered
        ],
        known=data["known"],
        url=reverse("whip:scorecard"),
    )


def call_block() -> dict[str, str | int] | None:
    """The open call campaign, its count of reported calls and its link; None when closed."""
    summary = call_services.call_campaign_summary()
    if summary is None:
        return None
    return {**summary, "url": reverse("calls:call")}


def letter_start_url() -> str:
    """Where the home page's ZIP box sends people: the letter flow."""
    return reverse("letters:write")
