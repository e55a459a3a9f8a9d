"""Signal receivers for letters: office addresses entered by staff, provider reports."""

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from legislators.models import Legislator
from letters import delivery


@receiver(post_save, sender=Legislator, dispatch_uid="letters_release_held_letters")
def release_held_letters(sender: type[Legislator], instance: Legislator, **kwargs: Any) -> None:
    # Letters held for want of an address go out as soon as staff enter one.
    if instance.delivery_email:
        legislator_id = instance.pk
        transaction.on_commit(lambda: delivery.letters_release_held(legislator_id=legislator_id))


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
