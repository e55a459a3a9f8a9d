"""iCalendar (RFC 5545) text for one event, written by hand: it is a small format."""

from datetime import UTC, datetime
from urllib.parse import urlparse

from django.conf import settings
from django.utils import timezone

from campaign.models import Event

MAX_LINE_OCTETS = 75


def escape_text(value: str) -> str:
    """Escape a TEXT value: backslash first, then the separators, newlines as \\n."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character."""
    parts: list[str] = []
    current = ""
    limit = MAX_LINE_OCTETS
    for char in line:
        if len((current + char).encode("utf-8")) > limit:
            parts.append(current)
            current = char
            # Continuation lines start with a space, which counts towards their 75 octets.
            limit = MAX_LINE_OCTETS - 1
        else:
            current += char
    parts.append(current)
    return "\r\n ".join(parts)


def utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def event_calendar(*, event: Event, now: datetime | None = None) -> str:
    """A VCALENDAR holding the one VEVENT, with CRLF line endings as the format requires."""
    url = f"{settings.SITE_URL}{event.get_absolute_url()}"
    host = urlparse(settings.SITE_URL).hostname or "localhost"
    description = event.summary
    if event.description:
        description = f"{event.summary}\n\n{event.description}"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{escape_text(settings.CAMPAIGN_NAME)}//Events//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:event-{event.pk}@{host}",
        f"DTSTAMP:{utc_stamp(now or timezone.now())}",
        f"DTSTART:{utc_stamp(event.starts_at)}",
        f"DTEND:{utc_stamp(event.ends_at)}",
        f"SUMMARY:{escape_text(event.title)}",
    ]
    if event.place:
        lines.append(f"LOCATION:{escape_text(str(event.place))}")
    lines += [
        f"DESCRIPTION:{escape_text(description)}",
        f"URL:{url}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)
