"""Events: list and detail pages, registration for locals, capacity, closed and full events."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from campaign import services
from campaign.models import EventRegistration
from supporters.models import Supporter
from tests.campaign.factories import EventFactory, EventRegistrationFactory
from tests.campaign.worker import run_worker
from tests.factories import SupporterFactory

NOW = datetime(2027, 8, 2, 16, 0, tzinfo=UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


@pytest.fixture
def event():
    return EventFactory(
        title="Customer Service Week of Action",
        slug="week-of-action",
        starts_at=datetime(2027, 10, 3, 4, 0, tzinfo=UTC),
        ends_at=datetime(2027, 10, 10, 3, 59, tzinfo=UTC),
        registration_deadline=datetime(2027, 9, 10, 21, 0, tzinfo=UTC),
    )


def valid_data(**overrides) -> dict:
    data = {
        "local_number": "Local 1101",
        "contact_name": "Dana Rivera",
        "email": "  Dana.Rivera@Example.org ",
        "phone": "(202) 555-0143",
        "street": "501 Third Street NW",
        "city": "Washington",
        "state": "DC",
        "zip_code": "20001",
        "expected_participants": "40",
        "website": "",
    }
    data.update(overrides)
    return data


# Pages -------------------------------------------------------------------------------------


def test_event_list_shows_upcoming_and_past_with_fixed_queries(
    anonymous, event, django_assert_num_queries
):
    past = EventFactory(
        title="Week of action 2026",
        starts_at=NOW - timedelta(days=300),
        ends_at=NOW - timedelta(days=294),
        registration_deadline=NOW - timedelta(days=310),
    )
    draft = EventFactory(title="Not announced yet", is_published=False)
    for _ in range(3):
        EventFactory()
    EventRegistrationFactory.create_batch(2, event=event)
    # The menu and banner every page shares are cached after the first page view.
    anonymous.get("/")
    with django_assert_num_queries(2):
        response = anonymous.get("/events/")
    html = response.content.decode()
    assert response.status_code == 200
    assert event.title in html and past.title in html
    assert draft.title not in html
    assert html.index("Coming up") < html.index(event.title) < html.index("Past events")
    assert html.index("Past events") < html.index(past.title)
    assert "Registration open until September 10" in html


def test_event_list_without_events_points_to_the_list(anonymous):
    response = anonymous.get("/events/")
    assert response.status_code == 200
    assert "Nothing is scheduled right now" in response.content.decode()
    assert 'href="/join/"' in response.content.decode()


def test_event_detail_shows_facts_form_and_open_graph(anonymous, event):
    response = anonymous.get("/events/week-of-action/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 id="event-title">Customer Service Week of Action</h1>' in html
    assert 'property="og:title" content="Customer Service Week of Action"' in html
    assert "Sunday, October 3, 2027" in html  # shown in the site's time zone
    assert "Saturday, October 9, 2027" in html
    assert 'name="local_number"' in html and "Register our local" in html
    assert "/events/week-of-action/calendar.ics" in html


def test_event_description_markdown_is_rendered_and_sanitised(anonymous):
    EventFactory(
        slug="md",
        description="**Bold** move\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))",
    )
    html = anonymous.get("/events/md/").content.decode()
    assert "<strong>Bold</strong>" in html
    assert "<script>alert(1)" not in html
    assert "javascript:" not in html


@pytest.mark.parametrize("path", ["/events/nope/", "/events/nope/calendar.ics"])
def test_unknown_event_is_404(anonymous, path):
    assert anonymous.get(path).status_code == 404


def test_draft_event_is_hidden(anonymous):
    EventFactory(slug="draft", is_published=False)
    assert anonymous.get("/events/draft/").status_code == 404
    assert anonymous.post("/events/draft/", valid_data()).status_code == 404


def test_event_pages_refuse_other_methods(anonymous, event):
    assert anonymous.put("/events/week-of-action/").status_code == 405
    assert anonymous.post("/events/").status_code == 405


# Registering -------------------------------------------------------------------------------


def test_local_registers_and_gets_the_confirmation(anonymous, event):
    response = anonymous.post("/events/week-of-action/", valid_data())
    assert response.status_code == 302
    assert response["Location"] == "/events/week-of-action/registered/"
    registration = EventRegistration.objects.get()
    assert registration.local_number == "1101"
    assert registration.phone == "202-555-0143"
    assert registration.supporter.email == "dana.rivera@example.org"
    assert (registration.supporter.first_name, registration.supporter.last_name) == (
        "Dana",
        "Rivera",
    )
    # The confirmation is queued in the same transaction, not sent by the request.
    assert DBTaskResult.objects.count() == 1
    assert mail.outbox == []

    run_worker()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["dana.rivera@example.org"]
    assert message.subject == "Local 1101 is registered for Customer Service Week of Action"
    assert "501 Third Street NW" in message.body
    assert "Washington, DC 20001" in message.body
    assert "/events/week-of-action/calendar.ics" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Local 1101" in html
    registration.refresh_from_db()
    assert registration.confirmation_sent_at == NOW

    thanks = anonymous.get(response["Location"])
    assert thanks.status_code == 200
    assert "Your local is registered" in thanks.content.decode()
    assert "dana.rivera" not in thanks.content.decode()


def test_confirmation_is_sent_once_even_if_the_task_runs_twice(event):
    registration = EventRegistrationFactory(event=event)
    assert services.event_registration_confirmation_send(registration_id=registration.pk)
    assert not services.event_registration_confirmation_send(registration_id=registration.pk)
    assert not services.event_registration_confirmation_send(registration_id=999_999)
    assert len(mail.outbox) == 1


def test_registration_reuses_the_supporter_and_keeps_their_name(anonymous, event):
    existing = SupporterFactory(email="dana.rivera@example.org", first_name="Danielle")
    anonymous.post("/events/week-of-action/", valid_data())
    assert Supporter.objects.count() == 1
    existing.refresh_from_db()
    assert existing.first_name == "Danielle"
    assert EventRegistration.objects.get().supporter == existing


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("local_number", "", "This field is required."),
        ("local_number", "Local abc", "Enter your local&#x27;s number in digits"),
        ("local_number", "1234567", "Enter your local&#x27;s number in digits"),
        ("local_number", "1" * 21, "at most 20 characters"),
        ("contact_name", "", "This field is required."),
        ("contact_name", "D", "at least 2 characters"),
        ("contact_name", "D" * 151, "at most 150 characters"),
        ("contact_name", "Dana\x00Rivera", "Null characters are not allowed."),
        ("contact_name", "   ", "This field is required."),
        ("email", "", "This field is required."),
        ("email", "dana@", "Enter a valid email address."),
        ("email", "not an email", "Enter a valid email address."),
        ("email", "a" * 250 + "@example.org", "at most 254 characters"),
        ("phone", "", "This field is required."),
        ("phone", "555-0143", "Enter a US phone number with area code"),
        ("phone", "call me maybe", "Enter a US phone number with area code"),
        ("phone", "+44 20 7946 0958", "Enter a US phone number with area code"),
        ("street", "", "This field is required."),
        ("street", "x" * 201, "at most 200 characters"),
        ("city", "", "This field is required."),
        ("city", "x" * 101, "at most 100 characters"),
        ("state", "", "This field is required."),
        ("state", "ZZ", "Select a valid choice."),
        ("zip_code", "", "This field is required."),
        ("zip_code", "2000", "Enter a ZIP code of five digits"),
        ("zip_code", "ABCDE", "Enter a ZIP code of five digits"),
        ("zip_code", "20001-12", "Enter a ZIP code of five digits"),
        ("expected_participants", "", "This field is required."),
        ("expected_participants", "0", "greater than or equal to 1"),
        ("expected_participants", "-5", "greater than or equal to 1"),
        ("expected_participants", "10001", "less than or equal to 10000"),
        ("expected_participants", "lots", "Enter a whole number."),
        ("expected_participants", "9" * 40, "less than or equal to 10000"),
    ],
)
def test_bad_registration_input_is_explained_and_nothing_is_stored(
    anonymous, event, field, value, message
):
    response = anonymous.post("/events/week-of-action/", valid_data(**{field: value}))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'class="error-summary"' in html
    assert EventRegistration.objects.count() == 0
    assert Supporter.objects.count() == 0
    assert DBTaskResult.objects.count() == 0


def test_empty_registration_form_lists_every_missing_field(anonymous, event):
    response = anonymous.post("/events/week-of-action/", {})
    assert response.status_code == 400
    assert response.content.decode().count("This field is required.") >= 2 * 9


def test_zip_plus_four_is_accepted(anonymous, event):
    anonymous.post("/events/week-of-action/", valid_data(zip_code="20001-1234"))
    assert EventRegistration.objects.get().zip_code == "20001-1234"


def test_honeypot_is_refused_and_stores_nothing(anonymous, event):
    response = anonymous.post("/events/week-of-action/", valid_data(website="http://spam.example"))
    assert response.status_code == 400
    assert "saved nothing" in response.content.decode()
    assert EventRegistration.objects.count() == 0
    assert DBTaskResult.objects.count() == 0


@pytest.mark.parametrize(
    "second",
    [
        {"email": "someone.else@example.org"},  # same local, another contact
        {"local_number": "2222"},  # same contact email, another local
        {},  # the very same form sent twice
    ],
)
def test_duplicate_registration_is_explained_and_not_stored_twice(anonymous, event, second):
    anonymous.post("/events/week-of-action/", valid_data())
    response = anonymous.post("/events/week-of-action/", valid_data(**second))
    assert response.status_code == 409
    assert "already registered for this event" in response.content.decode()
    assert EventRegistration.objects.count() == 1
    assert DBTaskResult.objects.count() == 1


def test_same_local_may_register_for_another_event(anonymous, event):
    EventFactory(slug="other")
    anonymous.post("/events/week-of-action/", valid_data())
    response = anonymous.post("/events/other/", valid_data())
    assert response.status_code == 302
    assert EventRegistration.objects.count() == 2
    assert Supporter.objects.count() == 1


# Closed, full and past ------------------------------------------------------------------


def test_closed_event_says_so_and_refuses_registrations(anonymous, event, frozen):
    frozen.move_to(event.registration_deadline + timedelta(seconds=1), tick=False)
    response = anonymous.get("/events/week-of-action/")
    html = response.content.decode()
    assert "Registration for this event has closed" in html
    assert 'name="local_number"' not in html
    response = anonymous.post("/events/week-of-action/", valid_data())
    assert response.status_code == 200
    assert EventRegistration.objects.count() == 0


def test_registration_is_open_until_the_deadline_itself(anonymous, event, frozen):
    frozen.move_to(event.registration_deadline, tick=False)
    assert anonymous.post("/events/week-of-action/", valid_data()).status_code == 302
    assert EventRegistration.objects.filter(event=event, local_number="1101").exists()


def test_full_event_says_so_and_refuses_registrations(anonymous, event):
    event.capacity = 1
    event.save()
    EventRegistrationFactory(event=event)
    response = anonymous.get("/events/week-of-action/")
    html = response.content.decode()
    assert "This event is full" in html
    assert 'name="local_number"' not in html
    assert "Full" in anonymous.get("/events/").content.decode()
    anonymous.post("/events/week-of-action/", valid_data())
    assert EventRegistration.objects.count() == 1


def test_past_event_thanks_locals_and_points_to_upcoming(anonymous, event, frozen):
    frozen.move_to(event.ends_at + timedelta(days=1), tick=False)
    html = anonymous.get("/events/week-of-action/").content.decode()
    assert "This event has taken place" in html
    assert 'name="local_number"' not in html


def test_capacity_counts_registrations_and_the_last_box_goes_once(anonymous, event):
    event.capacity = 2
    event.save()
    page = anonymous.get("/events/week-of-action/").content.decode()
    assert "2 boxes left." in page
    assert anonymous.post("/events/week-of-action/", valid_data()).status_code == 302
    assert EventRegistration.objects.count() == 1
    assert "1 box left." in anonymous.get("/events/week-of-action/").content.decode()
    second = valid_data(local_number="2", email="b@example.org", expected_participants="9000")
    assert anonymous.post("/events/week-of-action/", second).status_code == 302
    assert EventRegistration.objects.count() == 2
    third = valid_data(local_number="3", email="c@example.org")
    response = anonymous.post("/events/week-of-action/", third)
    assert "This event is full" in response.content.decode()
    assert EventRegistration.objects.count() == 2


def test_service_refuses_a_full_event_that_filled_after_the_page_loaded(event):
    event.capacity = 1
    event.save()
    EventRegistrationFactory(event=event)
    details = services.RegistrationDetails(
        local_number="7",
        contact_name="Late Local",
        email="late@example.org",
        phone="202-555-0100",
        street="1 Main St",
        city="Columbus",
        state="OH",
        zip_code="43215",
        expected_participants=3,
    )
    with pytest.raises(services.EventFull):
        services.event_register(event=event, details=details)
    assert not Supporter.objects.filter(email="late@example.org").exists()


@pytest.mark.skipif(
    not connection.features.has_select_for_update,
    reason="SQLite has no row locks; it serialises writers instead",
)
def test_registration_locks_the_event_row(event):
    details = services.RegistrationDetails(
        local_number="8",
        contact_name="Lock Check",
        email="lock@example.org",
        phone="202-555-0100",
        street="1 Main St",
        city="Columbus",
        state="OH",
        zip_code="43215",
        expected_participants=3,
    )
    with CaptureQueriesContext(connection) as queries:
        services.event_register(event=event, details=details)
    event_reads = [q["sql"] for q in queries if 'FROM "campaign_event"' in q["sql"]]
    # The capacity check reads the event row locked, before it counts registrations.
    assert "FOR UPDATE" in event_reads[0]


def test_event_end_before_start_is_refused_by_the_database(event):
    from django.db import IntegrityError, transaction

    event.ends_at = event.starts_at - timedelta(hours=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        event.save()


def test_queued_task_carries_only_the_registration_id(anonymous, event):
    anonymous.post("/events/week-of-action/", valid_data())
    task = DBTaskResult.objects.get()
    registration = EventRegistration.objects.get()
    assert task.args_kwargs == {"args": [registration.pk], "kwargs": {}}


def test_a_closed_rate_limit_answers_429_and_stores_nothing(anonymous, event, settings):
    settings.RATE_LIMITS = {"event": {"ip": (0, 600)}}
    response = anonymous.post("/events/week-of-action/", valid_data())
    assert response.status_code == 429
    assert "saved nothing" in response.content.decode()
    assert EventRegistration.objects.count() == 0


def test_deleting_an_event_with_registrations_is_refused(event):
    from django.db.models import ProtectedError

    EventRegistrationFactory(event=event)
    with pytest.raises(ProtectedError):
        event.delete()


def test_registered_page_for_unknown_event_is_404(anonymous):
    assert anonymous.get("/events/nope/registered/").status_code == 404


def test_sitemap_lists_published_events_only(anonymous, event):
    EventFactory(slug="draft", is_published=False)
    body = anonymous.get("/sitemap.xml").content.decode()
    assert "<loc>http://127.0.0.1:8000/events/week-of-action/</loc>" in body
    assert "<loc>http://127.0.0.1:8000/events/</loc>" in body
    assert "<loc>http://127.0.0.1:8000/join/</loc>" in body
    assert "/events/draft/" not in body
