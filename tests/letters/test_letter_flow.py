"""The supporter's letter flow at /write/, without JavaScript: ZIP, details, letters, sent."""

import re

import pytest
from django.urls import reverse

from letters.models import Letter, LetterStatus, LetterSubmission
from tests.legislators.factories import build_congress
from tests.letters.factories import LetterCampaignFactory
from tests.links import letter_confirm_token

pytestmark = pytest.mark.django_db

WRITE = "/write/"


@pytest.fixture
def congress():
    members = build_congress()
    for member in members.values():
        member.delivery_email = f"office-{member.bioguide_id.lower()}@example.org"
        member.contact_form_url = f"https://example.org/contact/{member.bioguide_id}"
        member.save()
    return members


@pytest.fixture
def campaign():
    return LetterCampaignFactory()


def details(**overrides) -> dict:
    data = {
        "step": "details",
        "first_name": "Alex",
        "last_name": "Rivera",
        "email": "alex@example.com",
        "street": "1 Main St",
        "street_2": "",
        "city": "Cincinnati",
        "state": "OH",
        "zip_code": "45202",
        "phone": "",
    }
    return data | overrides


def test_url_name_is_the_agreed_one():
    assert reverse("letters:write") == WRITE


def test_start_page_asks_for_a_zip_code(anonymous, campaign):
    response = anonymous.get(WRITE)

    assert response.status_code == 200
    assert campaign.title in response.content.decode()
    assert 'name="zip"' in response.content.decode()


def test_no_open_campaign_says_so(anonymous):
    response = anonymous.get(WRITE)

    assert response.status_code == 404
    assert "No letter is open right now" in response.content.decode()


def test_bad_zip_shows_the_error_and_keeps_the_box(anonymous, campaign, congress):
    response = anonymous.get(WRITE, {"zip": "1234"})

    assert response.status_code == 400
    assert "Enter a five-digit ZIP code" in response.content.decode()


def test_whole_flow_sends_one_letter_per_member(anonymous, campaign, congress, mailoutbox):
    response = anonymous.get(WRITE, {"zip": "45202"})
    assert response.status_code == 200
    page = response.content.decode()
    for key in ("oh_senior", "oh_junior", "oh_01"):
        assert congress[key].last_name in page
    # The whole name: a last name alone can be a state's in the form's state list.
    assert congress["oh_03"].name not in page
    assert "202-225-0000" in page
    # Without a current bill, no stance is claimed for anyone.
    assert "cosponsor" not in page.lower()

    response = anonymous.post(WRITE, details(campaign=campaign.slug))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Dear Rep. {congress['oh_01'].last_name}" in page
    assert "As your constituent in Cincinnati, OH" in page

    letters_form = response.context["form"]
    data = {"step": "send", "campaign": campaign.slug}
    for name, field in letters_form.fields.items():
        data[name] = field.initial
    rep = congress["oh_01"]
    data[f"body_{rep.pk}"] = "My own words <script>alert(1)</script>"
    response = anonymous.post(WRITE, data)

    assert response.status_code == 302
    assert response["Location"] == reverse("letters:write_sent")
    submission = LetterSubmission.objects.get()
    assert submission.letters.count() == 3
    rep_letter = Letter.objects.get(legislator=rep)
    assert rep_letter.body.startswith("My own words <script>alert(1)</script>\n\nAlex Rivera\n")
    assert rep_letter.status == LetterStatus.QUEUED

    sent = anonymous.get(reverse("letters:write_sent"))
    page = sent.content.decode()
    assert "Your letters are on their way" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert f"https://example.org/contact/{rep.bioguide_id}" in page
    assert sent["Cache-Control"].startswith("private") or "no-store" in sent["Cache-Control"]


def test_sending_twice_does_not_duplicate(anonymous, campaign, congress):
    anonymous.get(WRITE, {"zip": "45202"})
    response = anonymous.post(WRITE, details(campaign=campaign.slug))
    data = {"step": "send", "campaign": campaign.slug}
    for name, field in response.context["form"].fields.items():
        data[name] = field.initial

    first = anonymous.post(WRITE, data)
    again = anonymous.post(WRITE, data)

    assert first.status_code == again.status_code == 302
    # The same person starting over the same day is not duplicated either.
    anonymous.get(WRITE, {"zip": "45202"})
    anonymous.post(WRITE, details(campaign=campaign.slug))
    anonymous.post(WRITE, data)
    assert LetterSubmission.objects.count() == 1
    assert Letter.objects.count() == 3


def test_split_zip_asks_for_the_street_then_offers_the_districts(
    anonymous, campaign, congress, http
):
    import responses

    http.add(responses.GET, url=re.compile(r".*geocoding.*"), status=500)

    response = anonymous.get(WRITE, {"zip": "43215"})
    assert response.status_code == 200
    assert 'name="address"' in response.content.decode()

    response = anonymous.post(
        WRITE, {"step": "seat", "zip": "43215", "seat": "OH-15", "campaign": campaign.slug}
    )
    page = response.content.decode()
    assert congress["oh_15"].last_name in page
    assert congress["oh_03"].name not in page


def test_details_are_validated_and_names_with_line_breaks_refused(anonymous, campaign, congress):
    anonymous.get(WRITE, {"zip": "45202"})

    response = anonymous.post(
        WRITE,
        details(campaign=campaign.slug, first_name="Eve\r\nBcc: x@example.net", state="CA"),
    )

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "first_name" in errors
    assert "state" in errors
    assert not LetterSubmission.objects.exists()


def test_details_form_starts_from_each_zip_and_keeps_what_was_typed(anonymous, campaign, congress):
    from django.test import Client

    def field(page: str, name: str) -> str:
        return re.search(rf'<input [^>]*name="{name}"[^>]*>', page)[0]

    cincinnati = anonymous.get(WRITE, {"zip": "45202"}).content.decode()
    anchorage = Client().get(WRITE, {"zip": "99501"}).content.decode()
    again = Client().get(WRITE, {"zip": "45202"}).content.decode()

    assert 'value="45202"' in field(cincinnati, "zip_code")
    assert '<option value="OH" selected>' in cincinnati
    assert 'value="99501"' in field(anchorage, "zip_code")
    assert '<option value="AK" selected>' in anchorage
    assert '<option value="OH" selected>' not in anchorage
    assert field(again, "zip_code") == field(cincinnati, "zip_code")

    response = anonymous.post(WRITE, details(campaign=campaign.slug, email="nope", city="Dayton"))

    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="Dayton"' in field(page, "city")
    assert 'value="nope"' in field(page, "email")
    assert 'aria-invalid="true"' in field(page, "email")


def test_letters_keep_the_stances_the_supporter_was_shown(anonymous, campaign, congress):
    from tests.legislators.factories import BillFactory, CosponsorshipFactory

    page = anonymous.get(WRITE, {"zip": "45202"}).content.decode()
    assert "cosponsor" not in page.lower()
    # A cosponsorship recorded while the supporter fills in the form changes nothing.
    bill = BillFactory(bill_type="hr", is_current=True)
    CosponsorshipFactory(bill=bill, legislator=congress["oh_01"])

    response = anonymous.post(WRITE, details(campaign=campaign.slug))
    assert "Cosponsor of the bill" not in response.content.decode()
    data = {"step": "send", "campaign": campaign.slug}
    for name, field in response.context["form"].fields.items():
        data[name] = field.initial
    assert anonymous.post(WRITE, data).status_code == 302

    rep_letter = Letter.objects.get(legislator=congress["oh_01"])
    assert rep_letter.stance == "not_cosponsor"
    assert rep_letter.subject == campaign.ask_subject


def test_too_long_letters_are_refused(anonymous, campaign, congress):
    anonymous.get(WRITE, {"zip": "45202"})
    response = anonymous.post(WRITE, details(campaign=campaign.slug))
    data = {"step": "send", "campaign": campaign.slug}
    for name, field in response.context["form"].fields.items():
        data[name] = field.initial
    data[f"body_{congress['oh_01'].pk}"] = "x" * 5001

    response = anonymous.post(WRITE, data)

    assert response.status_code == 400
    assert not LetterSubmission.objects.exists()


def test_send_without_a_session_starts_over(anonymous, campaign, congress):
    response = anonymous.post(WRITE, {"step": "send", "campaign": campaign.slug})

    assert response.status_code == 400
    assert "start again" in response.content.decode()


def test_a_session_the_zip_step_did_not_write_starts_over(anonymous, campaign, congress):
    anonymous.get(WRITE, {"zip": "45202"})
    session = anonymous.session
    del session["letters.write"]["stances"]
    session.save()

    response = anonymous.post(WRITE, details(campaign=campaign.slug))

    assert response.status_code == 400
    assert "start again" in response.content.decode()


def test_campaign_without_editing_sends_its_own_text(anonymous, congress):
    campaign = LetterCampaignFactory(supporters_may_edit=False, targets="representative")
    anonymous.get(WRITE, {"zip": "45202"})
    response = anonymous.post(WRITE, details(campaign=campaign.slug))
    assert "body_" not in response.content.decode()

    response = anonymous.post(
        WRITE, {"step": "send", "campaign": campaign.slug, f"body_{congress['oh_01'].pk}": "x"}
    )

    assert response.status_code == 302
    [letter] = Letter.objects.all()
    assert letter.legislator == congress["oh_01"]
    assert letter.body.startswith(f"Dear Rep. {congress['oh_01'].last_name},")


def test_confirmation_link_asks_first_and_confirms_on_post(anonymous, mailoutbox):
    from letters.models import ConfirmationState, HoldReason
    from letters.services import submission_copy_send
    from tests.letters.factories import LetterFactory

    letter = LetterFactory(
        status=LetterStatus.HELD,
        hold_reason=HoldReason.UNCONFIRMED,
        submission__confirmation=ConfirmationState.PENDING,
    )
    submission = letter.submission
    submission_copy_send(submission_id=submission.pk)
    [copy] = mailoutbox
    [url] = re.findall(r"http://[^/]+(/write/confirm/[^/\s]+/)", copy.body)
    assert url.startswith(reverse("letters:write_confirm", args=["x"])[:-2])
    assert letter_confirm_token(submission).split(":")[0] in url

    response = anonymous.get(url)
    assert response.status_code == 200
    letter.refresh_from_db()
    assert letter.status == LetterStatus.HELD

    response = anonymous.post(url)
    assert "on their way" in response.content.decode()
    letter.refresh_from_db()
    assert letter.status == LetterStatus.QUEUED

    bad = anonymous.get(reverse("letters:write_confirm", args=["nonsense"]))
    assert bad.status_code == 400


def test_stances_come_from_the_bill_and_choose_the_version(anonymous, campaign, congress):
    from tests.legislators.factories import BillFactory, CosponsorshipFactory

    bill = BillFactory(bill_type="s", is_current=True, sponsor=congress["oh_senior"])
    CosponsorshipFactory(bill=bill, legislator=congress["oh_junior"])

    page = anonymous.get(WRITE, {"zip": "45202"}).content.decode()
    assert "Sponsor of the bill" in page
    assert "Cosponsor of the bill" in page
    assert "Not yet a cosponsor" in page

    response = anonymous.post(WRITE, details(campaign=campaign.slug))
    data = {"step": "send", "campaign": campaign.slug}
    for name, field in response.context["form"].fields.items():
        data[name] = field.initial
    anonymous.post(WRITE, data)

    letters = {letter.legislator_id: letter for letter in Letter.objects.all()}
    assert letters[congress["oh_senior"].pk].stance == "sponsor"
    assert letters[congress["oh_junior"].pk].stance == "cosponsor"
    assert letters[congress["oh_01"].pk].stance == "not_cosponsor"
    assert letters[congress["oh_junior"].pk].subject == campaign.thanks_subject
    assert letters[congress["oh_senior"].pk].subject == campaign.thanks_subject
    assert letters[congress["oh_01"].pk].subject == campaign.ask_subject
    assert "Thank you for standing with" in letters[congress["oh_junior"].pk].body


def _ready_to_send(anonymous, campaign) -> dict:
    anonymous.get(WRITE, {"zip": "45202"})
    response = anonymous.post(WRITE, details(campaign=campaign.slug))
    data = {"step": "send", "campaign": campaign.slug}
    for name, field in response.context["form"].fields.items():
        data[name] = field.initial
    return data


def test_honeypot_blocks_and_stores_nothing(anonymous, campaign, congress):
    data = _ready_to_send(anonymous, campaign) | {"website": "http://spam.example"}

    response = anonymous.post(WRITE, data)

    assert response.status_code == 400
    assert not LetterSubmission.objects.exists()


def test_rate_limit_blocks_and_stores_nothing(anonymous, campaign, congress, settings):
    settings.RATE_LIMITS = {"letter": {"ip": (0, 600)}}
    data = _ready_to_send(anonymous, campaign)

    response = anonymous.post(WRITE, data)

    assert response.status_code == 429
    assert not LetterSubmission.objects.exists()


def test_a_vacant_seat_is_named_and_gets_no_letter(anonymous, campaign, congress):
    congress["oh_01"].is_serving = False
    congress["oh_01"].save()

    page = anonymous.get(WRITE, {"zip": "45202"}).content.decode()
    assert "The House seat for OH-01 is empty right now" in page
    assert congress["oh_01"].official_name not in page

    response = anonymous.post(WRITE, details(campaign=campaign.slug))
    data = {"step": "send", "campaign": campaign.slug}
    for name, field in response.context["form"].fields.items():
        data[name] = field.initial
    assert anonymous.post(WRITE, data).status_code == 302
    written = set(Letter.objects.values_list("legislator_id", flat=True))
    assert written == {congress["oh_senior"].pk, congress["oh_junior"].pk}


def test_address_steps_past_the_lookup_limit_are_refused(anonymous, campaign, congress, settings):
    settings.RATE_LIMITS = {"lookup": {"ip": (0, 600)}}
    response = anonymous.post(
        WRITE, {"step": "seat", "zip": "43215", "seat": "OH-15", "campaign": campaign.slug}
    )
    assert response.status_code == 429
    assert congress["oh_15"].last_name not in response.content.decode()
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("require_confirmation", "heading"),
    [(True, "One more step: check your email"), (False, "Your letters are on their way")],
)
def test_sent_page_says_whether_the_letters_wait_for_the_email(
    anonymous, congress, require_confirmation, heading
):
    campaign = LetterCampaignFactory(require_confirmation=require_confirmation)
    anonymous.post(WRITE, _ready_to_send(anonymous, campaign))
    page = anonymous.get(reverse("letters:write_sent")).content.decode()
    assert f"<h1>{heading}</h1>" in page
