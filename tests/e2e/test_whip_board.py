"""An organizer whips a senator on the board; the board and the scorecard pass axe."""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client

from accounts.staff import ORGANIZERS
from tests.e2e.axe import assert_accessible
from tests.factories import UserFactory
from tests.legislators.factories import (
    BillFactory,
    CosponsorshipFactory,
    RepresentativeFactory,
    SenatorFactory,
)
from whip.services import whip_status_update


@pytest.fixture
def campaign_bills(db):
    house = BillFactory(bill_type="hr", number=4954, short_title="Keep Call Centers in America Act")
    senate = BillFactory(
        bill_type="s",
        number=2495,
        short_title="Keep Call Centers in America Act",
        is_current=True,
        companion=house,
    )
    CosponsorshipFactory(
        bill=senate,
        legislator=SenatorFactory(official_name="Riley Cosponsor", state="WV", party="Republican"),
        sponsorship_date=datetime.date(2025, 7, 24),
    )
    CosponsorshipFactory(
        bill=house,
        legislator=RepresentativeFactory(official_name="Jordan Cosponsor", state="OH"),
        sponsorship_date=datetime.date(2025, 8, 20),
    )
    return senate, house


def log_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def test_organizer_moves_a_senator_from_undecided_to_supportive(page, live_server, campaign_bills):
    senate, _house = campaign_bills
    organizer = UserFactory(username="whip-organizer", is_staff=True)
    organizer.groups.add(Group.objects.get(name=ORGANIZERS))
    senator = SenatorFactory(official_name="Casey Undecided", state="PA", party="Democrat")
    whip_status_update(
        bill=senate,
        legislator=senator,
        user=organizer,
        status="undecided",
        last_contact=None,
        organizer=None,
        notes="",
    )
    log_in(page, live_server, organizer)

    page.goto("/staff/whip/")
    page.get_by_role("heading", name="Whip board").wait_for()
    assert_accessible(page)

    page.get_by_label("State").select_option("PA")
    page.get_by_role("button", name="Filter").click()
    row = page.locator(f"#member-{senator.bioguide_id}")
    assert "Undecided" in row.inner_text()
    row.locator("summary").click()
    row.get_by_label("Status").select_option("supportive")
    row.get_by_label("Note on this change").fill("Committed at the town hall")
    row.get_by_role("button", name="Save").click()

    page.get_by_text("Saved the whip status").wait_for()
    assert "state=PA" in page.url
    assert "Supportive" in page.locator(f"#member-{senator.bioguide_id}").inner_text()
    history = page.locator(
        "section", has=page.get_by_role("heading", name="Latest whip status changes")
    )
    assert "Undecided → Supportive" in history.inner_text()
    assert "Committed at the town hall" in history.inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Casey Undecided").first.click()
    page.get_by_role("heading", name="History").wait_for()
    assert "Committed at the town hall" in page.locator("ul.whip-history").inner_text()
    assert "by whip-organizer" in page.locator("ul.whip-history").inner_text()
    assert_accessible(page)


def test_scorecard_is_accessible_and_public(page, campaign_bills):
    page.goto("/scorecard/")
    page.get_by_role("heading", name="Where do your lawmakers stand?").wait_for()
    assert "Riley Cosponsor" in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="H.R. 4954").first.click()
    page.get_by_text("Jordan Cosponsor").wait_for()
    assert_accessible(page)
