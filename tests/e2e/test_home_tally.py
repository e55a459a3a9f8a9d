"""The home page's cosponsor tally is accessible and leads to the scorecard."""

import pytest
from django.utils import timezone

from tests.e2e.axe import assert_accessible
from tests.legislators.factories import BillFactory, CosponsorshipFactory, SenatorFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_tally_links_to_the_scorecard(page):
    bill = BillFactory(
        bill_type="s",
        number=2495,
        short_title="Keep Call Centers in America Act",
        sponsor=SenatorFactory(party="Democrat"),
        is_current=True,
        synced_at=timezone.now(),
    )
    CosponsorshipFactory(bill=bill, legislator=SenatorFactory(party="Republican"))

    page.goto("/")
    tally = page.locator(".home-tally")
    assert tally.get_by_role("heading", name="Who backs S. 2495").is_visible()
    assert "2" in tally.locator(".tally-count strong").inner_text()
    assert_accessible(page)
    tally.get_by_role("link", name="See the scorecard").click()
    page.wait_for_url("**/scorecard/")
    assert_accessible(page)
