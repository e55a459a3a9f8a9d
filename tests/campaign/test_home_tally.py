"""The home page's cosponsor tally for the current bill."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from campaign import home_blocks
from tests.campaign.factories import NewsPostFactory
from tests.legislators.factories import BillFactory, CosponsorshipFactory, SenatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bill():
    sponsor = SenatorFactory(party="Democrat")
    bill = BillFactory(
        bill_type="s",
        number=2495,
        short_title="Keep Call Centers in America Act",
        sponsor=sponsor,
        is_current=True,
        synced_at=timezone.now(),
    )
    CosponsorshipFactory(bill=bill, legislator=SenatorFactory(party="Democrat"))
    CosponsorshipFactory(bill=bill, legislator=SenatorFactory(party="Republican"))
    CosponsorshipFactory(bill=bill, legislator=SenatorFactory(party="Independent"))
    # Neither of these counts: a withdrawn cosponsor, and a cosponsor of another bill.
    CosponsorshipFactory(
        bill=bill,
        legislator=SenatorFactory(party="Republican"),
        withdrawn_date=datetime.date(2025, 9, 1),
    )
    CosponsorshipFactory(
        bill=BillFactory(),
        legislator=SenatorFactory(party="Republican"),
    )
    return bill


def test_no_current_bill_no_block(anonymous):
    BillFactory(is_current=False)
    assert home_blocks.cosponsor_tally() is None
    assert "home-tally" not in anonymous.get("/").content.decode()


def test_tally_counts_sponsor_and_active_cosponsors_with_party_split(bill):
    tally = home_blocks.cosponsor_tally()
    assert tally.total == 4
    assert [(p.party, p.count) for p in tally.parties] == [("D", 2), ("R", 1), ("I", 1)]
    assert tally.known is True
    assert tally.url == "/scorecard/"
    assert tally.citation == "S. 2495"


def test_home_page_shows_the_tally_and_links_the_scorecard(anonymous, bill):
    html = anonymous.get("/").content.decode()
    assert "home-tally" in html
    assert "<strong>4</strong>" in html
    assert "members of Congress so far" in html
    assert '<a href="/scorecard/">' in html


def test_tally_agrees_with_the_public_scorecard(anonymous, bill):
    assert anonymous.get("/scorecard/").context["total"] == 4
    assert home_blocks.cosponsor_tally().total == 4


def test_unsynced_bill_without_cosponsors_shows_no_number(anonymous):
    # The demo bills: no sponsor, no cosponsors, never synced. "0" would be invented.
    BillFactory(is_current=True, sponsor=None, synced_at=None)
    tally = home_blocks.cosponsor_tally()
    assert tally.known is False
    html = anonymous.get("/").content.decode()
    assert "home-tally" in html
    assert "members of Congress so far" not in html
    assert "We are still gathering who has signed on" in html


def test_synced_bill_without_cosponsors_says_zero(anonymous):
    BillFactory(is_current=True, sponsor=None, synced_at=timezone.now())
    html = anonymous.get("/").content.decode()
    assert "<strong>0</strong>" in html
    assert "members of Congress so far" in html


def test_home_page_query_count_stays_pinned_with_a_bill(anonymous, bill, django_assert_num_queries):
    for _ in range(4):
        NewsPostFactory()
    anonymous.get("/")
    # Only the latest news: the tally comes from the cache like the petition block.
    with django_assert_num_queries(1):
        assert "home-tally" in anonymous.get("/").content.decode()


def test_tally_is_cached_until_it_expires(bill):
    assert home_blocks.cosponsor_tally().total == 4
    CosponsorshipFactory(bill=bill, legislator=SenatorFactory(party="Republican"))
    assert home_blocks.cosponsor_tally().total == 4
    cache.delete(home_blocks.TALLY_CACHE_KEY)
    assert home_blocks.cosponsor_tally().total == 5
