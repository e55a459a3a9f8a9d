"""Call scripts: one per stance, written with the letter drafts' placeholders, checked on save."""

import pytest
from django.core.exceptions import ValidationError

from calls import services
from calls.models import SCRIPT_FOR_STANCE, CallCampaign
from legislators.models import Stance
from tests.calls.factories import CallCampaignFactory
from tests.legislators.factories import LegislatorFactory

pytestmark = pytest.mark.django_db


def test_every_stance_has_a_script():
    # A new stance must be given a script on purpose.
    assert set(SCRIPT_FOR_STANCE) == set(Stance.values)


def test_earlier_cosponsors_are_asked_to_sign_on_again_or_asked_plainly():
    member = LegislatorFactory()
    campaign = CallCampaignFactory(ask_script="Please cosponsor.", again_script="Sign on again.")
    plain = CallCampaignFactory(ask_script="Please cosponsor.", again_script="")

    script = services.call_script(campaign=campaign, legislator=member, stance="past_cosponsor")
    fallback = services.call_script(campaign=plain, legislator=member, stance="past_cosponsor")

    assert (script, fallback) == ("Sign on again.", "Please cosponsor.")


@pytest.mark.parametrize(
    ("stance", "expected"),
    [
        (Stance.SPONSOR, "Thank you"),
        (Stance.COSPONSOR, "Thank you"),
        (Stance.NOT_COSPONSOR, "Please cosponsor"),
        ("", "Please cosponsor"),
    ],
)
def test_the_script_follows_the_stance(stance, expected):
    campaign = CallCampaignFactory(ask_script="Please cosponsor.", thanks_script="Thank you.")
    member = LegislatorFactory()

    script = services.call_script(campaign=campaign, legislator=member, stance=stance)

    assert script.startswith(expected)


def test_placeholders_are_filled_literally():
    campaign = CallCampaignFactory(
        ask_script="{lawmaker_title} {lawmaker_full_name} / {city}, {state} / {supporter_name}"
    )
    member = LegislatorFactory(senator=True, state="OH", official_name="Ann O'Neil")

    script = services.call_script(
        campaign=campaign,
        legislator=member,
        stance=Stance.NOT_COSPONSOR,
        city=" {city} & <b>Dayton</b> ",
        state="oh",
    )

    assert script == "Sen. Ann O'Neil / {city} & <b>Dayton</b>, OH / [your name]"


@pytest.mark.parametrize(
    "script", ["Hi {member_title}", "Hi { city }", "Hi {{ city }}", "{lawmaker_title} {bogus}"]
)
def test_unknown_placeholders_are_refused_on_save(script):
    campaign = CallCampaignFactory.build(ask_script=script)

    with pytest.raises(ValidationError) as raised:
        campaign.full_clean()

    assert "ask_script_en" in raised.value.message_dict
    assert "Unknown placeholder" in raised.value.message_dict["ask_script_en"][0]


def test_organizers_manage_campaigns_in_the_admin(organizer):
    data = {
        "title_en": "Call week",
        "slug": "call-week",
        "ask_en": "Call now.",
        "is_open": "on",
        "ask_script_en": "Please cosponsor, {lawmaker_title} {lawmaker_last_name}.",
        "thanks_script_en": "Thanks, {lawmaker_title} {unknown}.",
    }
    url = "/admin/calls/callcampaign/add/"

    refused = organizer.post(url, data)
    assert refused.status_code == 200
    assert "Unknown placeholder" in refused.content.decode()
    assert not CallCampaign.objects.exists()

    data["thanks_script_en"] = "Thanks, {lawmaker_title} {lawmaker_last_name}."
    assert organizer.post(url, data).status_code == 302
    campaign = CallCampaign.objects.get()
    LegislatorFactory()
    preview = organizer.get(f"/admin/calls/callcampaign/{campaign.pk}/change/").content.decode()
    assert "Please cosponsor, Rep." in preview


def test_editors_do_not_manage_call_campaigns(editor):
    assert editor.get("/admin/calls/callcampaign/").status_code == 403
