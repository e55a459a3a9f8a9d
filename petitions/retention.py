"""Retention rules for supporters' records (see accounts.retention)."""

from datetime import datetime

from django.db.models import Exists, OuterRef, QuerySet

from accounts.retention import retention_rule
from petitions.models import (
    LETTER_SENT_STATUSES,
    ConfirmationState,
    Letter,
    LetterSubmission,
    Signature,
    Supporter,
)


def _with_nothing_left() -> QuerySet[Supporter]:
    # Any row of any app that points at the supporter (a signature, a letter, a
    # registration, a list subscription, even an unsubscribed one) keeps them.
    queryset = Supporter.objects.filter(list_opt_in=False)
    for relation in Supporter._meta.related_objects:
        related = relation.related_model
        queryset = queryset.exclude(
            Exists(related._default_manager.filter(**{relation.field.name: OuterRef("pk")}))
        )
    return queryset


@retention_rule(
    "supporters_with_nothing_left",
    "People whose only records were unconfirmed sign-ups, once those are gone.",
    order=900,
)
def purge_supporters_with_nothing_left(*, cutoff: datetime, dry_run: bool) -> int:
    gone = _with_nothing_left().filter(created_at__lt=cutoff)
    return gone.count() if dry_run else gone.delete()[0]


@retention_rule(
    "unconfirmed_signatures",
    "Petition signatures whose confirmation link was never clicked (never counted).",
)
def purge_unconfirmed_signatures(*, cutoff: datetime, dry_run: bool) -> int:
    stale = Signature.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff)
    return stale.count() if dry_run else stale.delete()[0]


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
