"""The demo week of action loads once, however often `make run` runs."""

import io
from datetime import UTC, datetime

import pytest
from django.core.management import call_command

from campaign.models import Event
from tests.campaign.factories import EventRegistrationFactory

pytestmark = pytest.mark.django_db


def test_demo_week_of_action_is_idempotent_and_keeps_edits_and_registrations():
    call_command("load_demo_events", stdout=io.StringIO())
    event = Event.objects.get()
    EventRegistrationFactory(event=event)
    event.title = "Edited by hand"
    event.save()
    out = io.StringIO()
    call_command("setup_site", stdout=out)
    assert "load_demo_events" in out.getvalue()
    event = Event.objects.get()
    assert event.title == "Edited by hand"
    assert event.registrations.count() == 1
    assert event.starts_at < event.ends_at
    assert event.registration_deadline < event.starts_at
    assert event.capacity == 300


def test_demo_week_of_action_page_is_open_for_registration(anonymous, time_machine):
    # The demo event is in early October 2027; look at it from the June before.
    time_machine.move_to(datetime(2027, 6, 1, tzinfo=UTC), tick=False)
    call_command("load_demo_events", stdout=io.StringIO())
    response = anonymous.get("/events/customer-service-week-of-action-2027/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Register our local" in html
    assert "<li>callers are told where the call center they reach is located;</li>" in html


def test_demo_week_of_action_reads_in_spanish_under_es(anonymous, time_machine):
    time_machine.move_to(datetime(2027, 6, 1, tzinfo=UTC), tick=False)
    call_command("load_demo_events", stdout=io.StringIO())
    html = anonymous.get("/es/events/customer-service-week-of-action-2027/").content.decode()
    assert "Semana de acción del servicio al cliente 2027" in html
    assert "Lugares de trabajo y salones sindicales de todo el país" in html
    assert "untranslated-note" not in html
    assert "Customer Service Week" not in html


def test_an_older_demo_event_gains_spanish_unless_edited():
    call_command("load_demo_events", stdout=io.StringIO())
    Event.objects.update(title_es=None, summary_es=None, description_es=None, location_es=None)
    call_command("load_demo_events", stdout=io.StringIO())
    assert Event.objects.get().title_es == "Semana de acción del servicio al cliente 2027"
    Event.objects.update(title_es=None, summary_es=None, description_es=None, location_es=None)
    Event.objects.update(title_en="Our own week")
    call_command("load_demo_events", stdout=io.StringIO())
    assert Event.objects.get().title_es is None
