"""Provider reports (Anymail's tracking signal) on the mailings' own send rows.

`supporters.receivers` suppresses the address on every list; this receiver records on the
row that its message bounced or drew a complaint. Both follow the same rule
(`supporters.receivers.suppression_reason`), so a row is marked bounced exactly when its
address is suppressed for a bounce: a soft bounce changes neither.
"""

from typing import Any

from mailings import sending
from supporters.models import Suppression
from supporters.receivers import suppression_reason

_STATUS_EVENT = {Suppression.Reason.BOUNCE: "bounced", Suppression.Reason.COMPLAINT: "complained"}


def track_recipient(sender: Any, event: Any, esp_name: str, **kwargs: Any) -> None:
    raw = event.esp_event if isinstance(event.esp_event, dict) else {}
    reason = suppression_reason(
        event_type=str(event.event_type or ""),
        reject_reason=str(event.reject_reason or ""),
        bounce_type=str(raw.get("Type") or "") if esp_name == "Postmark" else "",
    )
    if reason not in _STATUS_EVENT:
        return
    metadata = event.metadata if isinstance(event.metadata, dict) else {}
    sending.recipient_track(
        event_type=_STATUS_EVENT[reason],
        message_id=str(event.message_id or ""),
        recipient_id=metadata.get("mailing_recipient"),
        description=str(event.description or event.mta_response or event.event_type or ""),
    )


def connect() -> None:
    """Connect the receiver; `MailingsConfig.ready()` calls this once."""
    from anymail.signals import tracking

    tracking.connect(track_recipient, dispatch_uid="mailings_track_recipient")
