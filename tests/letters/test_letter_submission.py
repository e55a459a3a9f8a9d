"""One submission: letters per office in one go, no duplicates, copies, confirmation, counts."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from legislators.models import Stance
from letters.models import ConfirmationState, HoldReason, Letter, LetterStatus, LetterSubmission
from letters.services import (
    Constituent,
    LetterDraft,
    letter_counts_by_legislator,
    letter_drafts,
    submission_confirm,
    submission_copy_send,
    submission_create,
)
from supporters.models import Supporter
from tests.letters.factories import LetterCampaignFactory, LetterFactory
from tests.petitions.factories import LegislatorFactory, SenatorFactory

pytestmark = pytest.mark.django_db


def constituent(**overrides) -> Constituent:
    values = {
        "email": "Alex.Rivera@Example.com ",
        "first_name": "Alex",
        "last_name": "Rivera",
        "street": "1 Main St",
        "city": "Columbus",
        "state": "OH",
        "zip_code": "43215",
    }
    return Constituent(**(values | overrides))


def drafts_for(campaign, members, stances=None):
    return letter_drafts(
        campaign=campaign,
        legislators=members,
        stances=stances or {},
        first_name="Alex",
        last_name="Rivera",
        city="Columbus",
        state="OH",
    )


def test_cosponsors_get_thanks_and_others_the_ask():
    campaign = LetterCampaignFactory()
    sponsor = SenatorFactory(last_name="Lead")
    cosponsor = SenatorFactory(last_name="Along")
    other = LegislatorFactory(last_name="Undecided")

    drafts = drafts_for(
        campaign,
        [sponsor, cosponsor, other],
        {sponsor.pk: Stance.SPONSOR, cosponsor.pk: Stance.COSPONSOR},
    )

    assert [draft.subject for draft in drafts] == [
        campaign.thanks_subject,
        campaign.thanks_subject,
        campaign.ask_subject,
    ]
    assert drafts[0].text.startswith("Dear Sen. Lead,\n\nThank you")
    assert drafts[2].text.startswith("Dear Rep. Undecided,\n\nAs your constituent in Columbus, OH")
    assert drafts[2].stance == Stance.NOT_COSPONSOR


def test_one_submission_makes_one_letter_per_office_with_the_text_as_sent(
    django_capture_on_commit_callbacks,
):
    campaign = LetterCampaignFactory()
    members = [SenatorFactory(), SenatorFactory(), LegislatorFactory()]

    with django_capture_on_commit_callbacks(execute=True):
        submission, created = submission_create(
            campaign=campaign, constituent=constituent(), drafts=drafts_for(campaign, members)
        )

    assert created
    assert Supporter.objects.get().email == "alex.rivera@example.com"
    letters = list(submission.letters.order_by("pk"))
    assert [letter.legislator for letter in letters] == members
    assert all(letter.status == LetterStatus.QUEUED for letter in letters)
    assert letters[2].body.startswith("Dear Rep. ")
    assert "Alex Rivera\n1 Main St\nColumbus, OH 43215\nalex.rivera@example.com" in letters[2].body
    assert len({letter.message_id for letter in letters}) == 3


def test_same_person_same_day_does_not_duplicate_but_next_day_may_write_again():
    campaign = LetterCampaignFactory()
    member = LegislatorFactory()
    with time_machine.travel(dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC), tick=False):
        first, created = submission_create(
            campaign=campaign, constituent=constituent(), drafts=drafts_for(campaign, [member])
        )
        again, created_again = submission_create(
            campaign=campaign,
            constituent=constituent(email="alex.rivera@example.com", street="2 Other St"),
            drafts=drafts_for(campaign, [member]),
        )
    assert created and not created_again
    assert again.pk == first.pk
    assert Letter.objects.count() == 1

    with time_machine.travel(dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.UTC), tick=False):
        _later, created_later = submission_create(
            campaign=campaign, constituent=constituent(), drafts=drafts_for(campaign, [member])
        )
    assert created_later
    assert Letter.objects.count() == 2


def test_database_refuses_a_duplicate_submission_key():
    from django.db import IntegrityError

    letter = LetterFactory()
    submission = letter.submission
    submission.pk = None
    with pytest.raises(IntegrityError):
        submission.save()


def test_too_long_letters_are_refused():
    campaign = LetterCampaignFactory()
    [draft] = drafts_for(campaign, [LegislatorFactory()])
    long_draft = LetterDraft(
        legislator=draft.legislator, stance=draft.stance, subject="s", text="x" * 5001
    )

    with pytest.raises(ValueError, match="too long"):
        submission_create(campaign=campaign, constituent=constituent(), drafts=[long_draft])
    assert not LetterSubmission.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_letters_wait_for_confirmation_when_the_campaign_asks_for_it(mailoutbox):
    campaign = LetterCampaignFactory(require_confirmation=True)
    with_address = LegislatorFactory()
    without_address = LegislatorFactory(delivery_email="")
    submission, _ = submission_create(
        campaign=campaign,
        constituent=constituent(),
        drafts=drafts_for(campaign, [with_address, without_address]),
    )
    assert submission.confirmation == ConfirmationState.PENDING
    assert set(submission.letters.values_list("status", "hold_reason")) == {
        (LetterStatus.HELD, HoldReason.UNCONFIRMED)
    }
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    [copy] = mailoutbox
    assert copy.subject == "Please confirm your letters to Congress"
    assert copy.to == ["alex.rivera@example.com"]

    assert submission_confirm(submission=submission) == 1
    assert submission_confirm(submission=submission) == 0

    by_member = dict(submission.letters.values_list("legislator_id", "status"))
    assert by_member[with_address.pk] == LetterStatus.QUEUED
    assert by_member[without_address.pk] == LetterStatus.HELD
    held = Letter.objects.get(legislator=without_address)
    assert (held.hold_reason, held.last_error) == (HoldReason.NO_ADDRESS, "held: no office address")
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert Letter.objects.get(legislator=with_address).status == LetterStatus.SENT
    assert len(mailoutbox) == 2


def test_letter_counts_by_legislator_per_status_and_campaign():
    campaign = LetterCampaignFactory()
    member = LegislatorFactory()
    other = LegislatorFactory()
    LetterFactory(legislator=member, submission__campaign=campaign, status=LetterStatus.SENT)
    LetterFactory(legislator=member, submission__campaign=campaign, status=LetterStatus.SENT)
    LetterFactory(
        legislator=member,
        submission__campaign=campaign,
        status=LetterStatus.HELD,
        hold_reason=HoldReason.NO_ADDRESS,
    )
    LetterFactory(legislator=other, status=LetterStatus.FAILED)

    assert letter_counts_by_legislator(campaign=campaign) == {member.pk: {"sent": 2, "held": 1}}
    assert letter_counts_by_legislator()[other.pk] == {"failed": 1}


def test_copy_is_sent_once(mailoutbox):
    letter = LetterFactory()

    assert submission_copy_send(submission_id=letter.submission_id) is True
    assert submission_copy_send(submission_id=letter.submission_id) is False

    assert len(mailoutbox) == 1
    assert timezone.now() - letter.submission.__class__.objects.get().copy_sent_at < dt.timedelta(
        minutes=1
    )
