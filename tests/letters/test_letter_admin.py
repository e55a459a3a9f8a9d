"""Staff manage letter campaigns and letters in the admin."""

import csv
import io

import pytest
from django.urls import reverse

from letters.models import HoldReason, Letter, LetterCampaign, LetterStatus
from tests.letters.factories import LetterCampaignFactory, LetterFactory, LetterSubmissionFactory
from tests.petitions.factories import LegislatorFactory

pytestmark = pytest.mark.django_db


def campaign_form(**overrides) -> dict:
    data = {
        "title_en": "Tell Congress: keep call centers here",
        "slug": "keep-call-centers-here",
        "intro_en": "Write to your members.",
        "is_open": "on",
        "targets": "both",
        "ask_subject_en": "Please cosponsor, {lawmaker_title} {lawmaker_last_name}",
        "ask_body_en": "Dear {lawmaker_title} {lawmaker_last_name}, from {city}, {state}.",
        "thanks_subject_en": "Thank you",
        "thanks_body_en": "Thank you, {lawmaker_title} {lawmaker_last_name}. {supporter_name}",
        "supporters_may_edit": "on",
    }
    return data | overrides


def test_organizer_creates_a_campaign(organizer):
    response = organizer.post(reverse("admin:letters_lettercampaign_add"), campaign_form())

    assert response.status_code == 302
    assert LetterCampaign.objects.get().slug == "keep-call-centers-here"


def test_unknown_placeholders_are_rejected_when_saving(organizer):
    response = organizer.post(
        reverse("admin:letters_lettercampaign_add"),
        campaign_form(
            ask_body_en="Dear {senator_name}, {lawmaker_last_name}", thanks_subject_en="{ x }"
        ),
    )

    assert response.status_code == 200
    assert not LetterCampaign.objects.exists()
    content = response.content.decode()
    assert "Unknown placeholder(s): {senator_name}" in content
    assert "Unknown placeholder(s): { x }" in content


def test_preview_shows_each_version_for_a_sample_member(organizer):
    LegislatorFactory(first_name="Dana", last_name="Okafor", chamber="senate", district=None)
    campaign = LetterCampaignFactory(
        ask_body="ASK {lawmaker_title} {lawmaker_last_name} <b>{city}</b>",
        thanks_body="THANKS {lawmaker_title} {lawmaker_last_name}",
    )

    response = organizer.get(reverse("admin:letters_lettercampaign_change", args=[campaign.pk]))

    content = response.content.decode()
    assert "ASK Sen. Okafor &lt;b&gt;Columbus&lt;/b&gt;" in content
    assert "THANKS Sen. Okafor" in content


def test_editors_cannot_see_letters(editor):
    LetterFactory()

    assert editor.get(reverse("admin:letters_letter_changelist")).status_code == 403
    assert editor.get(reverse("admin:letters_letter_offices")).status_code == 403


def test_letter_text_cannot_be_edited(organizer):
    letter = LetterFactory()

    response = organizer.post(
        reverse("admin:letters_letter_change", args=[letter.pk]),
        {"subject": "changed", "body": "changed"},
    )

    letter.refresh_from_db()
    assert response.status_code in {200, 302}
    assert letter.subject == "Please cosponsor"


@pytest.mark.django_db(transaction=True)
def test_admin_actions_retry_hold_and_cancel(organizer):
    failed = LetterFactory(status=LetterStatus.FAILED, attempts=10, last_error="SMTP 550")
    queued = LetterFactory()
    held = LetterFactory(status=LetterStatus.HELD, hold_reason=HoldReason.STAFF)
    url = reverse("admin:letters_letter_changelist")

    organizer.post(url, {"action": "retry", "_selected_action": [failed.pk]})
    organizer.post(url, {"action": "hold", "_selected_action": [queued.pk]})
    organizer.post(url, {"action": "cancel", "_selected_action": [held.pk]})

    failed.refresh_from_db()
    queued.refresh_from_db()
    held.refresh_from_db()
    assert (failed.status, failed.attempts, failed.last_error) == (LetterStatus.QUEUED, 0, "")
    assert (queued.status, queued.hold_reason) == (LetterStatus.HELD, HoldReason.STAFF)
    assert held.status == LetterStatus.CANCELLED


def test_offices_view_counts_held_letters_per_office(organizer, django_assert_num_queries):
    without = LegislatorFactory(official_name="Pat Nowhere", delivery_email="")
    with_address = LegislatorFactory(official_name="Sam Somewhere")
    for _ in range(3):
        LetterFactory(legislator=without, status=LetterStatus.HELD, hold_reason="no_address")
    LetterFactory(legislator=with_address, status=LetterStatus.FAILED)
    LetterFactory(legislator=with_address)
    url = reverse("admin:letters_letter_offices")
    organizer.get(url)  # warm the session and permission caches

    with django_assert_num_queries(6):
        response = organizer.get(url)

    assert response.status_code == 200
    offices = response.context["offices"]
    assert [office["legislator__official_name"] for office in offices] == [
        "Pat Nowhere",
        "Sam Somewhere",
    ]
    assert offices[0]["held_no_address"] == 3
    assert (offices[1]["failed"], offices[1]["queued"]) == (1, 1)
    assert response.context["held_total"] == 3


def test_csv_export_lists_an_offices_letters_for_hand_delivery(organizer):
    member = LegislatorFactory()
    submission = LetterSubmissionFactory(first_name="=cmd|' /C calc'!A0", last_name="Rivera")
    LetterFactory(legislator=member, submission=submission, body="Please cosponsor.\n")
    LetterFactory(legislator=member, status=LetterStatus.CANCELLED)
    LetterFactory()  # another office

    response = organizer.get(reverse("admin:letters_letter_export", args=[member.pk]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode())))
    assert rows[0][:4] == ["written_at", "campaign", "status", "first_name"]
    assert len(rows) == 2
    assert rows[1][3] == "'=cmd|' /C calc'!A0"
    assert rows[1][-1] == "Please cosponsor.\n"
    assert Letter.objects.count() == 3


def test_campaign_list_counts_letters_per_status_in_one_query(organizer, django_assert_num_queries):
    for _ in range(3):
        campaign = LetterCampaignFactory()
        LetterFactory(submission__campaign=campaign, status=LetterStatus.SENT)
        LetterFactory(
            submission__campaign=campaign, status=LetterStatus.HELD, hold_reason=HoldReason.STAFF
        )
    url = reverse("admin:letters_lettercampaign_changelist")
    organizer.get(url)

    with django_assert_num_queries(7):
        response = organizer.get(url)

    content = response.content.decode()
    assert content.count("sent: 1") == 3
    assert content.count("held: 1") == 3


@pytest.mark.django_db(transaction=True)
def test_entering_an_address_in_the_admin_releases_held_letters(organizer, mailoutbox):
    from django.core.management import call_command

    member = LegislatorFactory(delivery_email="")
    held = LetterFactory(
        legislator=member,
        status=LetterStatus.HELD,
        hold_reason=HoldReason.NO_ADDRESS,
        last_error="held: no office address",
    )
    staff_held = LetterFactory(
        legislator=member, status=LetterStatus.HELD, hold_reason=HoldReason.STAFF
    )

    response = organizer.post(
        reverse("admin:legislators_legislator_change", args=[member.pk]),
        {"delivery_email": "letters@office.example.org", "staff_notes": ""},
    )
    assert response.status_code == 302

    held.refresh_from_db()
    staff_held.refresh_from_db()
    assert held.status == LetterStatus.QUEUED
    assert staff_held.status == LetterStatus.HELD
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    held.refresh_from_db()
    assert held.status == LetterStatus.SENT
    assert held.sent_to == "letters@office.example.org"
    assert [message.to for message in mailoutbox] == [["letters@office.example.org"]]


def test_preview_picks_a_real_cosponsor_for_the_thank_you(organizer):
    from tests.legislators.factories import BillFactory, CosponsorshipFactory

    asked = LegislatorFactory(last_name="Aardvark", chamber="senate", district=None)
    thanked = LegislatorFactory(last_name="Zebra", chamber="senate", district=None)
    bill = BillFactory(bill_type="s", is_current=True)
    CosponsorshipFactory(bill=bill, legislator=thanked)
    campaign = LetterCampaignFactory(
        ask_body="ASK {lawmaker_last_name}", thanks_body="THANKS {lawmaker_last_name}"
    )

    response = organizer.get(reverse("admin:letters_lettercampaign_change", args=[campaign.pk]))

    content = response.content.decode()
    assert f"ASK {asked.last_name}" in content
    assert f"THANKS {thanked.last_name}" in content
