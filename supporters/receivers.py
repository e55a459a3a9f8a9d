"""The email provider's reports (Anymail's normalised tracking events): an address that
hard-bounces or whose owner marks our mail as spam is suppressed on every list at once.

Anymail calls every receiver of its `tracking` signal for each event; `letters` and
`mailings` have their own for the messages they sent. This one does not care which
message it was: the address is what matters.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from supporters import lists
from supporters.models import Suppression

# Anymail reports "bounced" for permanent failures, except that its Postmark adapter
# also maps these Postmark bounce types to it; they are not the address's fault.
_NOT_HARD = {"SoftBounce", "VirusNotification"}
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


def suppress_from_event(sender: Any, event: Any, esp_name: str, **kwargs: Any) -> None:
    raw = event.esp_event if isinstance(event.esp_event, dict) else {}
    reason = suppression_reason(
        event_type=str(event.event_type or ""),
        reject_reason=str(event.reject_reason or ""),
        bounce_type=str(raw.get("Type") or "") if esp_name == "Postmark" else "",
    )
    recipient = str(event.recipient or "").strip()
    if reason is None or not recipient:
        return
    try:
        validate_email(recipient)
    except ValidationError:
        return
    detail = str(event.description or event.mta_response or "")
    event_id = str(event.event_id or "")
    lists.suppression_add(
        email=recipient,
        reason=reason,
        detail=f"{esp_name} {event_id}: {detail}".strip(" :") if event_id else detail,
    )


def connect() -> None:
    from anymail.signals import tracking

    tracking.connect(suppress_from_event, dispatch_uid="supporters_suppress_from_event")
