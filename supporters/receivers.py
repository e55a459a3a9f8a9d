"""The email provider's reports (Anymail's normalised tracking events): an address that
hard-bounces or whose owner marks our mail as spam is suppressed on every list at once;
one that soft-bounces `LIST_SOFT_BOUNCE_LIMIT` times within the window is suppressed too.
An address whose owner unsubscribed through the provider leaves the list the message was
sent for (named in its metadata as `email_list`, or as a tag), or every list if none is named.

Anymail calls every receiver of its `tracking` signal for each event; `letters` and
`mailings` have their own for the messages they sent. This one does not care which
message it was: the address is what matters.
"""

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from supporters import lists
from supporters.models import EmailList, Supporter, Suppression

# The metadata key a list message carries its EmailList value under.
LIST_METADATA_KEY = "email_list"

# Anymail reports "bounced" for permanent failures, except that its Postmark adapter
# also maps these Postmark bounce types to it; they are not the address's fault.
_NOT_HARD = {"SoftBounce", "VirusNotification"}
# The Postmark bounce types that say the mailbox could not take the message for now (full,
# temporarily unavailable) after the provider stopped retrying.
_SOFT = {"SoftBounce"}
# "rejected" means the provider refused to try; these reasons are about the address.
_REJECTED_ADDRESS = {"bounced", "invalid"}


def suppression_reason(*, event_type: str, reject_reason: str, bounce_type: str) -> str | None:
    """The Suppression reason an event calls for, or None (soft bounce, delivery, ...)."""
    if event_type == "complained":
        return Suppression.Reason.COMPLAINT
    if event_type == "bounced" and bounce_type not in _NOT_HARD:
        return Suppression.Reason.BOUNCE
    if event_type == "rejected" and reject_reason in _REJECTED_ADDRESS:
        return Suppression.Reason.BOUNCE
    return None


def is_soft_bounce(*, event_type: str, bounce_type: str) -> bool:
    """Whether an event is a temporary failure that counts towards suppression."""
    return event_type == "bounced" and bounce_type in _SOFT


def _when(timestamp: Any) -> datetime | None:
    """The report's time when it is a usable one (aware), else None: counted from now."""
    if isinstance(timestamp, datetime) and timezone.is_aware(timestamp):
        return timestamp
    return None


def _address(event: Any) -> str | None:
    recipient = str(event.recipient or "").strip()
    if not recipient:
        return None
    try:
        validate_email(recipient)
    except ValidationError:
        return None
    return recipient


def suppress_from_event(sender: Any, event: Any, esp_name: str, **kwargs: Any) -> None:
    raw = event.esp_event if isinstance(event.esp_event, dict) else {}
    event_type = str(event.event_type or "")
    bounce_type = str(raw.get("Type") or "") if esp_name == "Postmark" else ""
    reason = suppression_reason(
        event_type=event_type,
        reject_reason=str(event.reject_reason or ""),
        bounce_type=bounce_type,
    )
    soft = reason is None and is_soft_bounce(event_type=event_type, bounce_type=bounce_type)
    recipient = _address(event)
    if (reason is None and not soft) or recipient is None:
        return
    detail = str(event.description or event.mta_response or "")
    event_id = str(event.event_id or "")
    if soft:
        lists.soft_bounce_record(
            email=recipient,
            # Event ids are the provider's own: two providers could reuse one.
            event_id=f"{esp_name}:{event_id}" if event_id else "",
            bounced_at=_when(event.timestamp),
            detail=detail,
        )
        return
    lists.suppression_add(
        email=recipient,
        reason=reason,
        detail=f"{esp_name} {event_id}: {detail}".strip(" :") if event_id else detail,
    )


def lists_named(*, metadata: Any, tags: Any) -> list[str]:
    """The lists a provider event's message says it was sent for (none: unknown)."""
    named = metadata.get(LIST_METADATA_KEY) if isinstance(metadata, dict) else None
    if isinstance(named, str) and named in EmailList.values:
        return [named]
    tagged = {str(tag) for tag in tags} if isinstance(tags, list | tuple) else set()
    return [value for value in EmailList.values if value in tagged]


def withdraw_from_event(sender: Any, event: Any, esp_name: str, **kwargs: Any) -> None:
    if str(event.event_type or "") != "unsubscribed":
        return
    recipient = _address(event)
    if recipient is None:
        return
    named = lists_named(metadata=event.metadata, tags=event.tags)
    for supporter in Supporter.objects.for_email(recipient):
        for email_list in named or EmailList.values:
            lists.consent_withdraw(
                supporter=supporter, email_list=email_list, source=lists.SOURCE_PROVIDER
            )


def connect() -> None:
    from anymail.signals import tracking

    tracking.connect(suppress_from_event, dispatch_uid="supporters_suppress_from_event")
    tracking.connect(withdraw_from_event, dispatch_uid="supporters_withdraw_from_event")
