"""Event registration and list signup go through the one abuse gate, core/abuse.py."""

from datetime import UTC, datetime

import pytest

from campaign.models import EventRegistration
from supporters.models import ListSubscription
from tests.campaign.factories import EventFactory

NOW = datetime(2027, 8, 2, 16, 0, tzinfo=UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


@pytest.fixture
def event():
    return EventFactory(
        slug="week-of-action",
        starts_at=datetime(2027, 10, 3, 4, 0, tzinfo=UTC),
        ends_at=datetime(2027, 10, 10, 3, 59, tzinfo=UTC),
        registration_deadline=datetime(2027, 9, 10, 21, 0, tzinfo=UTC),
    )


def register(client, n: int, email: str = "") -> object:
    return client.post(
        "/events/week-of-action/",
        {
            "local_number": f"Local {1100 + n}",
            "contact_name": "Dana Rivera",
            "email": email or f"dana{n}@example.org",
            "phone": "(202) 555-0143",
            "street": "501 Third Street NW",
            "city": "Washington",
            "state": "DC",
            "zip_code": "20001",
            "expected_participants": "40",
            "website": "",
        },
    )


def signup(client, email: str) -> object:
    return client.post(
        "/join/", {"name": "Sam Caller", "email": email, "zip_code": "43215", "website": ""}
    )


def test_event_registration_under_the_ip_limit_is_stored(settings, anonymous, event):
    settings.RATE_LIMITS = {"event": {"ip": (2, 600), "email": (50, 3600)}}
    assert register(anonymous, 1).status_code == 302
    assert register(anonymous, 2).status_code == 302
    assert EventRegistration.objects.count() == 2


def test_event_registration_over_the_ip_limit_is_429_and_stores_nothing(settings, anonymous, event):
    settings.RATE_LIMITS = {"event": {"ip": (2, 600), "email": (50, 3600)}}
    register(anonymous, 1)
    register(anonymous, 2)
    response = register(anonymous, 3)
    assert response.status_code == 429
    assert response["Retry-After"] == "300"
    assert "we paused this one and saved nothing" in response.content.decode()
    assert EventRegistration.objects.count() == 2


def test_event_registration_over_the_email_limit_is_429(settings, anonymous, event):
    settings.RATE_LIMITS = {"event": {"ip": (50, 600), "email": (1, 3600)}}
    assert register(anonymous, 1, email="Dana@Example.org").status_code == 302
    # Same address in another case and with spaces: still the same person.
    response = register(anonymous, 2, email=" dana@example.org ")
    assert response.status_code == 429
    assert EventRegistration.objects.count() == 1
    assert register(anonymous, 3, email="lee@example.org").status_code == 302
    assert EventRegistration.objects.filter(supporter__email="lee@example.org").count() == 1


def test_list_signup_under_the_limit_works(settings, anonymous):
    settings.RATE_LIMITS = {"join": {"ip": (2, 600), "email": (50, 3600)}}
    assert signup(anonymous, "a@example.org").status_code == 302
    assert signup(anonymous, "b@example.org").status_code == 302
    assert ListSubscription.objects.count() == 2


def test_list_signup_over_the_ip_limit_is_429_and_stores_nothing(settings, anonymous):
    settings.RATE_LIMITS = {"join": {"ip": (2, 600), "email": (50, 3600)}}
    signup(anonymous, "a@example.org")
    signup(anonymous, "b@example.org")
    response = signup(anonymous, "c@example.org")
    assert response.status_code == 429
    assert "we paused this one and saved nothing" in response.content.decode()
    assert ListSubscription.objects.count() == 2
    assert not ListSubscription.objects.filter(supporter__email="c@example.org").exists()


def test_list_signup_over_the_email_limit_is_429(settings, anonymous):
    settings.RATE_LIMITS = {"join": {"ip": (50, 600), "email": (2, 3600)}}
    for _ in range(2):
        assert signup(anonymous, "sam@example.org").status_code == 302
    assert ListSubscription.objects.filter(supporter__email="sam@example.org").count() == 1
    assert signup(anonymous, "SAM@example.org").status_code == 429
    assert signup(anonymous, "other@example.org").status_code == 302
    assert ListSubscription.objects.count() == 2


def test_limits_are_counted_per_action(settings, anonymous, event):
    settings.RATE_LIMITS = {
        "join": {"ip": (1, 600)},
        "event": {"ip": (1, 600)},
    }
    assert signup(anonymous, "a@example.org").status_code == 302
    assert register(anonymous, 1).status_code == 302
    assert (ListSubscription.objects.count(), EventRegistration.objects.count()) == (1, 1)
    assert signup(anonymous, "b@example.org").status_code == 429
    assert register(anonymous, 2).status_code == 429
    assert (ListSubscription.objects.count(), EventRegistration.objects.count()) == (1, 1)
