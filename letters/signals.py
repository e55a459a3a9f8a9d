"""Signal receivers for letters: office addresses entered by staff, members leaving and
returning with a roster import, provider reports."""

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from legislators.models import Legislator, RosterImport
from legislators.signals import members_changed_chamber, members_departed
from letters import delivery


@receiver(post_save, sender=Legislator, dispatch_uid="letters_release_held_letters")
def release_held_letters(sender: type[Legislator], instance: Legislator, **kwargs: Any) -> None:
    legislator_id = instance.pk
    # Letters held for want of an address go out as soon as staff enter one.
    if instance.delivery_email:
        transaction.on_commit(lambda: delivery.letters_release_held(legislator_id=legislator_id))
    # Staff correcting a term's dates may put the member back in office.
    transaction.on_commit(
        lambda: delivery.letters_release_term_ended(legislator_ids=[legislator_id])
    )


@receiver(post_save, sender=RosterImport, dispatch_uid="letters_release_term_ended")
def release_after_import(
    sender: type[RosterImport], instance: RosterImport, created: bool, **kwargs: Any
) -> None:
    # A real roster import (a dry run records none) writes its record last, in its own
    # transaction: members it shows seated again for a new term get their held letters.
    if created:
        delivery.letters_release_term_ended()


@receiver([members_departed, members_changed_chamber], dispatch_uid="letters_stop_to_seats_left")
def stop_letters_to_seats_left(
    sender: type[Legislator], legislators: list[Legislator], dry_run: bool, **kwargs: Any
) -> dict[int, int]:
    # Members who left office, or moved to the other chamber (their letters were written
    # to the seat they left: its title, its constituents): their undelivered letters are
    # never sent, and each supporter is asked to write again. A dry run only counts.
    moved = kwargs.get("signal") is members_changed_chamber
    return delivery.letters_stop_departed(
        legislator_ids=[member.pk for member in legislators],
        dry_run=dry_run,
        why=delivery.MOVED_ERROR if moved else delivery.STOPPED_ERROR,
    )


def track_letter(sender: Any, event: Any, esp_name: str, **kwargs: Any) -> None:
    delivery.letter_track(
        event_type=str(event.event_type or ""),
        message_id=str(event.message_id or ""),
        timestamp=event.timestamp,
        description=str(event.description or event.mta_response or ""),
    )


def connect() -> None:
    from anymail.signals import tracking

    tracking.connect(track_letter, dispatch_uid="letters_track_letter")
