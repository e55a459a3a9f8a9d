"""Writing in Spanish: offices get English unless the supporter picks the Spanish draft, and
everything the supporter receives follows the language they wrote in."""

import re

import pytest

from letters.models import Letter, LetterSubmission
from supporters.models import Supporter
from tests.legislators.factories import build_congress
from tests.letters.factories import LetterCampaignFactory

pytestmark = pytest.mark.django_db

WRITE = "/es/write/"
SPANISH = {
    "ask_subject_es": "Por favor, copatrocine el proyecto de ley",
    "ask_body_es": "Estimado/a {lawmaker_title} {lawmaker_last_name}:\n\nLe escribo desde {city}.",
    "thanks_subject_es": "Gracias por copatrocinar",
    "thanks_body_es": "Gracias, {lawmaker_title} {lawmaker_last_name}.",
}


@pytest.fixture
def congress():
    members = build_congress()
    for member in members.values():
        member.delivery_email = f"office-{member.bioguide_id.lower()}@example.org"
        member.save()
    return members


def details(campaign) -> dict:
    return {
        "step": "details",
        "campaign": campaign.slug,
        "first_name": "Lucía",
        "last_name": "Reyes",
        "email": "lucia@example.com",
        "street": "1 Main St",
        "street_2": "",
        "city": "Cincinnati",
        "state": "OH",
        "zip_code": "45202",
        "phone": "",
    }


def send(client, campaign, response):
    data = {"step": "send", "campaign": campaign.slug}
    for name, field in response.context["form"].fields.items():
        data[name] = field.initial
    return client.post(WRITE, data)


def test_without_a_spanish_draft_no_choice_is_offered_and_letters_are_english(anonymous, congress):
    campaign = LetterCampaignFactory()
    anonymous.get(WRITE, {"zip": "45202"})
    response = anonymous.post(WRITE, details(campaign))
    page = response.content.decode()
    assert 'name="draft_language"' not in page
    assert "As your constituent in Cincinnati, OH" in page
    # Asking for the Spanish draft anyway changes nothing.
    response = anonymous.post(
        WRITE, {"step": "draft", "campaign": campaign.slug, "draft_language": "es"}
    )
    assert "As your constituent in Cincinnati, OH" in response.content.decode()


def test_the_supporter_starts_from_english_and_may_pick_the_spanish_draft(anonymous, congress):
    campaign = LetterCampaignFactory(**SPANISH)
    assert campaign.offers_spanish_draft
    anonymous.get(WRITE, {"zip": "45202"})
    response = anonymous.post(WRITE, details(campaign))
    page = response.content.decode()
    # English first: offices answer in English.
    assert 'name="draft_language" value="en" checked' in page
    assert "As your constituent in Cincinnati, OH" in page
    # An English draft on a Spanish page says it is English (screen readers switch voice).
    assert re.search(r'<textarea name="body_\d+"[^>]* lang="en"', page)

    response = anonymous.post(
        WRITE, {"step": "draft", "campaign": campaign.slug, "draft_language": "es"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="draft_language" value="es" checked' in page
    assert "Le escribo desde Cincinnati." in page
    assert "As your constituent" not in page
    assert not re.search(r'<textarea name="body_\d+"[^>]* lang=', page)

    assert send(anonymous, campaign, response).status_code == 302
    rep = congress["oh_01"]
    letter = Letter.objects.get(legislator=rep)
    assert letter.subject == "Por favor, copatrocine el proyecto de ley"
    assert letter.body.startswith(f"Estimado/a Rep. {rep.last_name}:")
    # The block under the text speaks to the office: always English.
    assert "This constituent wrote to you through" in letter.body


def test_writing_in_spanish_is_remembered_and_the_copy_follows_it(
    anonymous, congress, mailoutbox, run_tasks
):
    campaign = LetterCampaignFactory(require_confirmation=True)
    anonymous.get(WRITE, {"zip": "45202"})
    response = anonymous.post(WRITE, details(campaign))
    assert send(anonymous, campaign, response).status_code == 302
    submission = LetterSubmission.objects.get()
    assert submission.language == "es"
    assert Supporter.objects.get(email="lucia@example.com").language == "es"

    run_tasks()
    [copy] = [m for m in mailoutbox if m.to == ["lucia@example.com"]]
    html = copy.alternatives[0].content
    assert '<html lang="es">' in html
    # The confirm link opens the Spanish page.
    assert re.search(r"http://127\.0\.0\.1:8000/es/write/confirm/[^/\s]+/", copy.body)
    # The letters quoted are the English ones the offices will get.
    assert "As your constituent in Cincinnati, OH" in copy.body


def test_a_spanish_draft_must_be_whole():
    from django.core.exceptions import ValidationError

    campaign = LetterCampaignFactory(ask_subject_es="Por favor", ask_body_es="")
    with pytest.raises(ValidationError):
        campaign.full_clean()
    bad = LetterCampaignFactory(**(SPANISH | {"ask_body_es": "Hola {senador}"}))
    with pytest.raises(ValidationError) as error:
        bad.full_clean()
    assert "ask_body_es" in error.value.message_dict


def test_placeholders_speak_the_drafts_language_not_the_pages(anonymous, congress):
    campaign = LetterCampaignFactory(**SPANISH)
    puerto_rico = details(campaign) | {"city": "San Juan", "state": "PR", "zip_code": "00901"}
    anonymous.get(WRITE, {"zip": "00901"})
    page = anonymous.post(WRITE, puerto_rico).content.decode()
    # The English draft, written from the Spanish page: the office reads English.
    assert f"Dear Res. Comm. {congress['pr'].last_name}," in page
    response = anonymous.post(
        WRITE, {"step": "draft", "campaign": campaign.slug, "draft_language": "es"}
    )
    assert f"Estimado/a Com. Res. {congress['pr'].last_name}:" in response.content.decode()
