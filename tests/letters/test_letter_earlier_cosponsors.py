"""Members who backed an earlier version of the bill get a letter thanking them and asking
them to sign on again."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from legislators.models import BillFamily, Stance
from letters.models import LetterCampaign
from letters.services import letter_drafts, stances_for_letters
from tests.legislators.factories import BillFactory, CosponsorshipFactory
from tests.letters.factories import LetterCampaignFactory
from tests.petitions.factories import LegislatorFactory, SenatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def family() -> dict:
    """The 119th's S. 2495 / H.R. 4954 and the 120th's reintroduction (current)."""
    versions = BillFamily.objects.create(name="Keep Call Centers in America Act")
    members = {
        "sponsor_119": SenatorFactory(last_name="Sponsorson"),
        "cosponsor_119": SenatorFactory(last_name="Backer"),
        "house_119": LegislatorFactory(last_name="Housely", district=4),
        "withdrew_119": SenatorFactory(last_name="Wavers"),
        "cosponsor_120": SenatorFactory(last_name="Current"),
        "never": SenatorFactory(last_name="Never"),
        "other_bill": SenatorFactory(last_name="Elsewhere"),
    }
    house_119 = BillFactory(congress=119, bill_type="hr", number=4954, family=versions)
    senate_119 = BillFactory(
        congress=119,
        bill_type="s",
        number=2495,
        family=versions,
        companion=house_119,
        sponsor=members["sponsor_119"],
    )
    senate_120 = BillFactory(
        congress=120, bill_type="s", number=77, family=versions, is_current=True
    )
    CosponsorshipFactory(bill=senate_119, legislator=members["cosponsor_119"])
    CosponsorshipFactory(bill=house_119, legislator=members["house_119"])
    CosponsorshipFactory(
        bill=senate_119,
        legislator=members["withdrew_119"],
        withdrawn_date=datetime.date(2025, 10, 1),
    )
    # Backed the earlier version and the current one: a cosponsor, plainly.
    CosponsorshipFactory(bill=senate_119, legislator=members["cosponsor_120"])
    CosponsorshipFactory(bill=senate_120, legislator=members["cosponsor_120"])
    CosponsorshipFactory(
        bill=BillFactory(congress=119, bill_type="s", number=1), legislator=members["other_bill"]
    )
    return members


def test_members_who_backed_an_earlier_version_are_told_apart(family) -> None:
    stances = stances_for_letters(legislators=list(family.values()))

    assert {name: stances[member.pk] for name, member in family.items()} == {
        "sponsor_119": Stance.PAST_COSPONSOR,
        "cosponsor_119": Stance.PAST_COSPONSOR,
        "house_119": Stance.PAST_COSPONSOR,
        "withdrew_119": Stance.NOT_COSPONSOR,
        "cosponsor_120": Stance.COSPONSOR,
        "never": Stance.NOT_COSPONSOR,
        "other_bill": Stance.NOT_COSPONSOR,
    }


def test_a_bill_without_earlier_versions_has_no_earlier_cosponsors() -> None:
    member = SenatorFactory()
    BillFactory(congress=120, bill_type="s", number=77, is_current=True)

    assert stances_for_letters(legislators=[member]) == {member.pk: Stance.NOT_COSPONSOR}


def drafts_for(campaign, members, stances) -> dict[str, tuple[str, str]]:
    drafts = letter_drafts(
        campaign=campaign,
        legislators=members,
        stances=stances,
        first_name="Alex",
        last_name="Rivera",
        city="Columbus",
        state="OH",
    )
    return {
        draft.legislator.last_name: (draft.stance, draft.subject, draft.text) for draft in drafts
    }


def test_the_letter_thanks_them_and_asks_them_to_sign_on_again(family) -> None:
    campaign = LetterCampaignFactory(
        ask_subject="ASK",
        ask_body="Please cosponsor, {lawmaker_title} {lawmaker_last_name}.",
        thanks_subject="THANKS",
        thanks_body="Thank you, {lawmaker_title} {lawmaker_last_name}.",
        again_subject="Sign on again, {lawmaker_title} {lawmaker_last_name}",
        again_body="Thank you for backing S. 2495. Please cosponsor it again, from {city}.",
    )
    members = [family["cosponsor_119"], family["cosponsor_120"], family["never"]]

    drafts = drafts_for(campaign, members, stances_for_letters(legislators=members))

    assert drafts == {
        "Backer": (
            Stance.PAST_COSPONSOR,
            "Sign on again, Sen. Backer",
            "Thank you for backing S. 2495. Please cosponsor it again, from Columbus.",
        ),
        "Current": (Stance.COSPONSOR, "THANKS", "Thank you, Sen. Current."),
        "Never": (Stance.NOT_COSPONSOR, "ASK", "Please cosponsor, Sen. Never."),
    }


def test_without_that_draft_they_get_the_ask(family) -> None:
    campaign = LetterCampaignFactory(ask_subject="ASK", ask_body="Please cosponsor.")
    member = family["cosponsor_119"]

    drafts = drafts_for(campaign, [member], {member.pk: Stance.PAST_COSPONSOR})

    assert drafts == {"Backer": (Stance.PAST_COSPONSOR, "ASK", "Please cosponsor.")}


def test_the_draft_is_checked_like_the_others() -> None:
    campaign = LetterCampaignFactory(again_subject="Again", again_body="Dear {senator}")
    with pytest.raises(ValidationError) as error:
        campaign.full_clean()
    assert "again_body_en" in error.value.message_dict

    half = LetterCampaignFactory(again_subject="Sign on again", again_body="")
    with pytest.raises(ValidationError):
        half.full_clean()


def test_staff_write_and_preview_the_draft(family, organizer) -> None:
    response = organizer.post(
        reverse("admin:letters_lettercampaign_add"),
        {
            "title_en": "Tell Congress: keep call centers here",
            "slug": "keep-call-centers-here",
            "is_open": "on",
            "targets": "both",
            "ask_subject_en": "Please cosponsor",
            "ask_body_en": "ASK {lawmaker_last_name}",
            "thanks_subject_en": "Thank you",
            "thanks_body_en": "THANKS {lawmaker_last_name}",
            "again_subject_en": "Sign on again",
            "again_body_en": "AGAIN {lawmaker_last_name}",
            "supporters_may_edit": "on",
        },
    )
    assert response.status_code == 302
    campaign = LetterCampaign.objects.get()
    assert campaign.again_body == "AGAIN {lawmaker_last_name}"

    page = organizer.get(reverse("admin:letters_lettercampaign_change", args=[campaign.pk]))

    content = page.content.decode()
    assert "cosponsored an earlier version" in content
    # A real earlier cosponsor is the sample (the first by chamber, state and name).
    assert "AGAIN Housely" in content
    assert "THANKS Current" in content
