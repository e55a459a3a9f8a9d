"""After signing, the visitor follows the next action into the letter flow for their ZIP."""

import pytest

from tests.e2e.axe import assert_accessible
from tests.legislators.factories import LegislatorFactory
from tests.letters.factories import LetterCampaignFactory
from tests.petitions.factories import PetitionFactory, ZipDistrictFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_signer_follows_the_next_action_to_their_lawmakers(page):
    ZipDistrictFactory(zcta="43215", state="OH", district=3)
    ZipDistrictFactory(zcta="45202", state="OH", district=1)
    senior = LegislatorFactory(senator=True, state="OH", state_rank="senior", last_name="Ashby")
    junior = LegislatorFactory(senator=True, state="OH", state_rank="junior", last_name="Brandt")
    representative = LegislatorFactory(state="OH", district=3, last_name="Castillo")
    elsewhere = LegislatorFactory(state="OH", district=1, last_name="Dorsey")
    LetterCampaignFactory(title="Write to Congress about call centers")
    petition = PetitionFactory(slug="keep-them-here", goal=100)

    page.goto(f"/petitions/{petition.slug}/")
    page.get_by_role("textbox", name="First name").fill("Maya")
    page.get_by_role("textbox", name="Last name").fill("Okafor")
    page.get_by_role("textbox", name="Email").fill("maya@example.com")
    page.get_by_role("textbox", name="ZIP code").fill("43215")
    page.get_by_role("button", name="Sign the petition").click()
    page.wait_for_url(f"**/petitions/{petition.slug}/thanks/")

    page.locator("[data-next-action]").click()
    page.wait_for_url("**/write/?zip=43215")
    page.get_by_role("heading", name="Your lawmakers", exact=True).wait_for()
    assert page.get_by_role("textbox", name="ZIP code").input_value() == "43215"
    members = page.locator(".member-list .member-name")
    names = members.all_inner_texts()
    assert len(names) == 3
    for member in (senior, junior, representative):
        assert any(member.name in text for text in names), (member.name, names)
    assert not any(elsewhere.name in text for text in names)
    assert_accessible(page)
