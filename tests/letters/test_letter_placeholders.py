"""Drafts are filled from a fixed set of placeholders, never by the template engine."""

import pytest
from django.core.exceptions import ValidationError

from core.placeholders import PlaceholderValues, fill, unknown_placeholders, validate_template
from tests.letters.factories import LetterCampaignFactory
from tests.petitions.factories import LegislatorFactory


def test_known_placeholders_are_filled_literally():
    values = PlaceholderValues(
        lawmaker_title="Rep.",
        lawmaker_last_name="Osei",
        supporter_name="{city} {{ settings.SECRET_KEY }}",
        city="Columbus",
        state="OH",
    )

    text = fill("Dear {lawmaker_title} {lawmaker_last_name}, {supporter_name} of {city}", values)

    assert text == "Dear Rep. Osei, {city} {{ settings.SECRET_KEY }} of Columbus"


def test_unknown_placeholders_are_named():
    assert unknown_placeholders("{lawmaker_title} {senator} {0} {__class__}") == [
        "senator",
        "0",
        "__class__",
    ]
    with pytest.raises(ValidationError, match=r"\{senator\}"):
        validate_template("Dear {senator}")
    validate_template("Dear {lawmaker_title} {lawmaker_last_name}")


@pytest.mark.django_db
def test_values_come_from_the_member_and_the_supporter():
    member = LegislatorFactory(chamber="senate", district=None, first_name="Dana", last_name="Ng")

    values = PlaceholderValues.for_letter(
        legislator=member, first_name=" Alex ", last_name="Rivera", city="Columbus", state="oh"
    )

    assert (values.lawmaker_title, values.lawmaker_last_name) == ("Sen.", "Ng")
    assert (values.supporter_name, values.supporter_first_name) == ("Alex Rivera", "Alex")
    assert values.state == "OH"


@pytest.mark.django_db
def test_campaign_clean_rejects_unknown_placeholders():
    campaign = LetterCampaignFactory.build(thanks_body="Thanks {lawmaker_nickname}")

    with pytest.raises(ValidationError) as error:
        campaign.full_clean()

    assert "thanks_body_en" in error.value.message_dict
