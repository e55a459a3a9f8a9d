"""Provider reports (Anymail's tracking signal) on the mailings' own send rows.

`supporters` has its own receiver, which suppresses the address on every list; this one
only records on the row that its message bounced or drew a complaint.
"""

from typing import Any

from mailings import sending


def track_recipient(sender: Any, event: Any, esp_name: str, **kwargs: Any) -> None:
    metadata = getattr(event, "metadata", None) or {}
    sending.recipient_track(
        event_type=str(event.event_type or ""),
        message_id=str(event.message_id or ""),
        recipient_id=metadata.get("mailing_recipient"),
        description=str(event.description or event.mta_response or event.reject_reason or ""),
    )


def connect() -> None:
    """Connect the receiver; `MailingsConfig.ready()` calls this once."""
    from anymail.signals import tracking

    tracking.connect(track_recipient, dispatch_uid="mailings_track_recipient")
