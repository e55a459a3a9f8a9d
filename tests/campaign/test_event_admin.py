"""Staff: Editors manage events but never see registrations; Organizers see and export them."""

import csv
import io

import pytest

from tests.campaign.factories import EventFactory, EventRegistrationFactory

pytestmark = pytest.mark.django_db


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


@pytest.fixture
def registrations():
    event = EventFactory(title="Week of action")
    other = EventFactory(title="Town hall")
    first = EventRegistrationFactory(event=event, local_number="1101", state="DC")
    EventRegistrationFactory(
        event=event, local_number="4100", state="OH", contact_name="=HYPERLINK(1)"
    )
    EventRegistrationFactory(event=other, local_number="9400", state="CA")
    return event, first


def test_editor_manages_events(editor, registrations):
    event, _first = registrations
    assert editor.get("/admin/campaign/event/").status_code == 200
    assert editor.get(f"/admin/campaign/event/{event.pk}/change/").status_code == 200
    assert editor.get("/admin/campaign/event/add/").status_code == 200


def test_editor_sees_no_registrations_or_subscribers(editor, registrations):
    assert editor.get("/admin/campaign/eventregistration/").status_code == 403
    assert editor.get("/admin/campaign/eventregistration/export.csv").status_code == 403
    assert editor.get("/admin/supporters/listsubscription/").status_code == 403
    assert editor.get("/admin/supporters/listsubscription/export.csv").status_code == 403


def test_event_changelist_shows_counts_not_people(editor, registrations):
    html = editor.get("/admin/campaign/event/").content.decode()
    assert "Week of action" in html
    assert "Pat Organizer" not in html


def test_anonymous_is_sent_to_login(anonymous, registrations):
    response = anonymous.get("/admin/campaign/eventregistration/export.csv")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_organizer_filters_registrations(organizer, registrations):
    event, _first = registrations
    response = organizer.get(f"/admin/campaign/eventregistration/?event__id__exact={event.pk}")
    html = response.content.decode()
    assert response.status_code == 200
    assert "1101" in html and "4100" in html and "9400" not in html
    assert "Export these as CSV" in html
    assert organizer.get("/admin/campaign/eventregistration/?q=4100").status_code == 200


def test_organizer_exports_filtered_registrations_as_csv(organizer, registrations):
    event, first = registrations
    response = organizer.get(
        f"/admin/campaign/eventregistration/export.csv?event__id__exact={event.pk}"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="event-registrations')
    rows = read_csv(response)
    assert rows[0][:4] == ["event", "local_number", "contact_name", "email"]
    assert len(rows) == 3
    assert {row[1] for row in rows[1:]} == {"1101", "4100"}
    by_local = {row[1]: row for row in rows[1:]}
    assert by_local["1101"][3] == first.supporter.email
    # A cell a spreadsheet would run as a formula is defused.
    assert by_local["4100"][2] == "'=HYPERLINK(1)"


def test_organizer_exports_selected_registrations_with_the_action(organizer, registrations):
    _event, first = registrations
    response = organizer.post(
        "/admin/campaign/eventregistration/",
        {"action": "export_csv", "_selected_action": [first.pk]},
    )
    assert response.status_code == 200
    rows = read_csv(response)
    assert len(rows) == 2 and rows[1][1] == "1101"


def test_organizer_opens_and_corrects_a_registration(organizer, registrations):
    _event, first = registrations
    url = f"/admin/campaign/eventregistration/{first.pk}/change/"
    assert organizer.get(url).status_code == 200


def test_organizer_opens_a_subscription(organizer):
    from tests.campaign.factories import ListSubscriptionFactory

    subscription = ListSubscriptionFactory()
    response = organizer.get(f"/admin/supporters/listsubscription/{subscription.pk}/change/")
    assert response.status_code == 200
    assert subscription.supporter.email in response.content.decode()


def test_editor_cannot_open_a_registration(editor, registrations):
    _event, first = registrations
    url = f"/admin/campaign/eventregistration/{first.pk}/change/"
    assert editor.get(url).status_code == 403


def event_form(**overrides) -> dict:
    # The texts come in English and Spanish (a blank Spanish one shows the English).
    data = {
        "title_en": "Week of action",
        "title_es": "",
        "slug": "week-of-action-new",
        "summary_en": "Locals act.",
        "summary_es": "",
        "description_en": "",
        "description_es": "",
        "is_published": "on",
        "starts_at_0": "2027-10-03",
        "starts_at_1": "00:00:00",
        "ends_at_0": "2027-10-09",
        "ends_at_1": "23:59:00",
        "location_en": "Union halls",
        "location_es": "",
        "registration_deadline_0": "2027-09-10",
        "registration_deadline_1": "17:00:00",
        "capacity": "300",
    }
    data.update(overrides)
    return data


def test_editor_adds_an_event(editor):
    from campaign.models import Event

    response = editor.post("/admin/campaign/event/add/", event_form(title_es="Semana de acción"))
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.capacity == 300
    assert (event.title_en, event.title_es) == ("Week of action", "Semana de acción")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ends_at_0": "2027-10-01"}, "The event cannot end before it starts."),
        (
            {"registration_deadline_0": "2027-10-20"},
            "Registration must close before the event ends",
        ),
        ({"capacity": "0"}, "Capacity must be at least 1"),
        ({"capacity": "-3"}, "greater than or equal to 0"),
        ({"starts_at_0": "2027-02-30"}, "Enter a valid date"),
        ({"starts_at_0": ""}, "This field is required"),
        ({"title_en": "x" * 201}, "at most 200 characters"),
        ({"slug": "not a slug!"}, "Enter a valid “slug”"),
    ],
)
def test_bad_event_input_in_the_admin_is_explained(editor, overrides, message):
    from campaign.models import Event

    response = editor.post("/admin/campaign/event/add/", event_form(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Event.objects.count() == 0
