"""What the supporter reads before sending is what each office receives; one order everywhere."""

import html
import re

import pytest
from django.urls import reverse

from core.actions import ACTIONS_COOKIE
from letters.models import Letter, LetterSubmission
from tests.legislators.factories import build_congress
from tests.letters.factories import LetterCampaignFactory

pytestmark = pytest.mark.django_db

WRITE = "/write/"


@pytest.fixture
def congress():
    members = build_congress()
    for member in members.values():
        member.delivery_email = f"office-{member.bioguide_id.lower()}@example.org"
        member.save()
    return members


def _details(campaign, **overrides) -> dict:
    return {
        "step": "details",
        "campaign": campaign.slug,
        "first_name": "Alex",
        "last_name": "Rivera",
        "email": "alex@example.com",
        "street": "1 Main St",
        "street_2": "Apt 4",
        "city": "Cincinnati",
        "state": "OH",
        "zip_code": "45202",
        "phone": "513-555-0100",
    } | overrides


def _letters_page(client, campaign):
    client.get(WRITE, {"zip": "45202"})
    return client.post(WRITE, _details(campaign))


def _send_data(response, campaign, **bodies) -> dict:
    data = {"step": "send", "campaign": campaign.slug}
    for name, field in response.context["form"].fields.items():
        data[name] = field.initial
    return data | bodies


def _text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_preview_shows_signature_and_footer_the_office_receives(anonymous, congress):
    campaign = LetterCampaignFactory(supporters_may_edit=True)
    response = _letters_page(anonymous, campaign)
    page = response.content.decode()
    signature = response.context["signature"]

    block = "Alex Rivera\n1 Main St\nApt 4\nCincinnati, OH 45202\n513-555-0100\nalex@example.com"
    assert block in _text(page)
    assert "A reply to this email goes straight to Alex." in page
    assert page.count("data-letter-signature") == 3

    rep = congress["oh_01"]
    anonymous.post(WRITE, _send_data(response, campaign, **{f"body_{rep.pk}": "My own words."}))

    letter = Letter.objects.get(legislator=rep)
    assert letter.body == f"My own words.\n\n{signature}\n"


def test_read_only_preview_is_the_stored_letter_character_for_character(anonymous, congress):
    campaign = LetterCampaignFactory(supporters_may_edit=False)
    response = _letters_page(anonymous, campaign)
    shown = {row["member"].pk: row["full_text"] for row in response.context["rows"]}
    page = _text(response.content.decode())
    for text in shown.values():
        assert text.strip() in page

    anonymous.post(WRITE, _send_data(response, campaign))

    for letter in Letter.objects.all():
        assert letter.body == shown[letter.legislator_id]


def test_one_letter_open_the_others_folded_and_all_still_editable(anonymous, congress):
    campaign = LetterCampaignFactory(supporters_may_edit=True)
    page = _letters_page(anonymous, campaign).content.decode()

    letters = re.findall(r"<details class=\"letter\"[^>]*>", page)
    assert len(letters) == 3
    assert [" open" in tag for tag in letters] == [True, False, False]
    assert page.count("<textarea") == 3


def test_a_folded_letter_with_an_error_opens(anonymous, congress):
    campaign = LetterCampaignFactory(supporters_may_edit=True)
    response = _letters_page(anonymous, campaign)
    rep = congress["oh_01"]

    response = anonymous.post(WRITE, _send_data(response, campaign, **{f"body_{rep.pk}": ""}))

    assert response.status_code == 400
    letters = re.findall(r"<details class=\"letter\"[^>]*>", response.content.decode())
    assert [" open" in tag for tag in letters] == [True, False, True]


def test_senators_come_first_on_every_page_and_in_the_copy(anonymous, congress, mailoutbox):
    campaign = LetterCampaignFactory(require_confirmation=False)
    senior, junior, rep = congress["oh_senior"], congress["oh_junior"], congress["oh_01"]
    expected = [senior.name, junior.name, rep.name]

    def order(text: str) -> list[str]:
        return sorted(expected, key=text.index)

    lookup = anonymous.get(WRITE, {"zip": "45202"}).content.decode()
    assert order(lookup) == expected
    response = anonymous.post(WRITE, _details(campaign))
    assert order(response.content.decode()) == expected
    # Letters stored house first must still be listed senators first.
    anonymous.post(WRITE, _send_data(response, campaign))
    sent = anonymous.get(reverse("letters:write_sent")).content.decode()
    assert order(sent) == expected

    from letters.services import submission_copy_send

    submission_copy_send(submission_id=LetterSubmission.objects.get().pk)
    copy = next(m for m in mailoutbox if m.to == ["alex@example.com"])
    assert order(copy.body) == expected
    assert order(copy.alternatives[0].content) == expected


def test_copy_tells_the_truth_about_replies_and_uses_the_site_domain(
    anonymous, congress, mailoutbox, settings
):
    settings.DEFAULT_FROM_EMAIL = "Press One <campaign@pressone.example>"
    campaign = LetterCampaignFactory(require_confirmation=False)
    response = _letters_page(anonymous, campaign)
    anonymous.post(WRITE, _send_data(response, campaign))

    from letters.services import submission_copy_send

    submission_copy_send(submission_id=LetterSubmission.objects.get().pk)
    copy = next(m for m in mailoutbox if m.to == ["alex@example.com"])

    assert "A reply to this email reaches the campaign, not your lawmakers." in copy.body
    assert "answer them directly" not in copy.body
    assert copy.extra_headers["Message-ID"].endswith("@pressone.example>")
    assert Letter.objects.first().message_id.endswith("@pressone.example>")


def test_sending_remembers_the_letter_without_personal_data(anonymous, congress):
    campaign = LetterCampaignFactory()
    response = _letters_page(anonymous, campaign)
    response = anonymous.post(WRITE, _send_data(response, campaign))

    cookie = response.cookies[ACTIONS_COOKIE]
    from django.core import signing

    stored = signing.loads(cookie.value, salt="core.actions.done")
    assert set(stored) == {"letter"}
    for personal in ("Alex", "Rivera", "alex@example.com", "45202", "Main"):
        assert personal not in str(stored)
    assert cookie["httponly"]
