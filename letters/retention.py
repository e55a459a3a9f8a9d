"""Retention rules for letters and their senders' addresses (see accounts.retention)."""

from datetime import datetime

from django.db.models import Exists, OuterRef

from accounts.retention import retention_rule
from letters.models import LETTER_SENT_STATUSES, ConfirmationState, Letter, LetterSubmission


@retention_rule(
    "delivered_letters",
    "Text of letters handed to the office long ago, and the postal address and phone of "
    "submissions whose letters have all gone (the letter row stays, so counts stay right).",
)
def purge_delivered_letters(*, cutoff: datetime, dry_run: bool) -> int:
    old_letters = Letter.objects.filter(
        status__in=LETTER_SENT_STATUSES, sent_at__lt=cutoff
    ).exclude(body="")
    # A submission keeps its address while any of its letters may still be sent.
    unsent = Letter.objects.filter(submission=OuterRef("pk")).exclude(
        status__in=LETTER_SENT_STATUSES, sent_at__lt=cutoff
    )
    done = (
        LetterSubmission.objects.filter(created_at__lt=cutoff)
        .exclude(Exists(unsent))
        .exclude(street="", street_2="", phone="")
    )
    if dry_run:
        return old_letters.count() + done.count()
    return old_letters.update(body="") + done.update(street="", street_2="", phone="")


@retention_rule(
    "unconfirmed_letters",
    "Letters whose writer never confirmed their email address, with their submission.",
)
def purge_unconfirmed_letters(*, cutoff: datetime, dry_run: bool) -> int:
    stale = LetterSubmission.objects.filter(
        confirmation=ConfirmationState.PENDING, created_at__lt=cutoff
    )
    if dry_run:
        return stale.count()
    Letter.objects.filter(submission__in=stale).exclude(status__in=LETTER_SENT_STATUSES).delete()
    # Submissions that still have a sent letter (should not happen) are kept.
    return stale.exclude(Exists(Letter.objects.filter(submission=OuterRef("pk")))).delete()[0]
