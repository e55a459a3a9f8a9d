"""The .ics download: valid iCalendar text, escaped and folded, times in UTC."""

from datetime import UTC, datetime

import pytest

from campaign.ics import escape_text, event_calendar, fold
from tests.campaign.factories import EventFactory

NOW = datetime(2027, 8, 2, 16, 0, tzinfo=UTC)


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_escape_text_handles_the_reserved_characters():
    assert escape_text("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf"


@pytest.mark.parametrize("text", ["x" * 200, "é" * 100, "Call centers 📞 " * 20, "a" * 75])
def test_fold_keeps_lines_within_75_octets_and_unfolds_to_the_original(text):
    folded = fold("DESCRIPTION:" + text)
    for line in folded.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    assert folded.replace("\r\n ", "") == "DESCRIPTION:" + text


@pytest.mark.django_db
def test_ics_download_has_one_event_with_utc_times(anonymous, time_machine, settings):
    time_machine.move_to(NOW, tick=False)
    settings.SITE_URL = "https://pressone.example"
    event = EventFactory(
        slug="week",
        title="Week of action; phones, calls",
        summary="Locals act, together.",
        description="Line one\nLine two " + "long " * 40,
        starts_at=datetime(2027, 10, 3, 4, 0, tzinfo=UTC),
        ends_at=datetime(2027, 10, 10, 3, 59, tzinfo=UTC),
        location="Union hall, Room 2",
    )
    response = anonymous.get("/events/week/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="week.ics"'
    raw = response.content.decode()
    assert raw.endswith("\r\n")
    assert "\n" not in raw.replace("\r\n", "")
    for line in raw.split("\r\n"):
        assert len(line.encode()) <= 75
    lines = unfold(raw)
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-2] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines
    assert lines.count("BEGIN:VEVENT") == 1 and lines.count("END:VEVENT") == 1
    assert f"UID:event-{event.pk}@pressone.example" in lines
    assert "DTSTAMP:20270802T160000Z" in lines
    assert "DTSTART:20271003T040000Z" in lines
    assert "DTEND:20271010T035900Z" in lines
    assert "SUMMARY:Week of action\\; phones\\, calls" in lines
    assert "LOCATION:Union hall\\, Room 2" in lines
    assert "URL:https://pressone.example/events/week/" in lines
    description = next(line for line in lines if line.startswith("DESCRIPTION:"))
    assert description.startswith("DESCRIPTION:Locals act\\, together.\\n\\nLine one\\nLine two")


@pytest.mark.django_db
def test_online_event_says_online():
    event = EventFactory(is_online=True, location="")
    assert "LOCATION:Online" in unfold(event_calendar(event=event))
