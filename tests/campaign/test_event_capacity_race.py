"""Capacity holds when locals register at the same moment (PostgreSQL row locks)."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from campaign import services
from campaign.models import EventRegistration
from tests.campaign.factories import EventFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs concurrent connections; SQLite serialises writers by design",
    ),
]


def details(n: int, *, local: str | None = None) -> services.RegistrationDetails:
    return services.RegistrationDetails(
        local_number=local or str(100 + n),
        contact_name=f"Contact {n}",
        email=f"contact{n}@example.org",
        phone="202-555-0143",
        street="1 Main St",
        city="Columbus",
        state="OH",
        zip_code="43215",
        expected_participants=10,
    )


def register_at_once(event, all_details) -> list[str]:
    barrier = threading.Barrier(len(all_details))
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(item) -> None:
        try:
            barrier.wait()
            services.event_register(event=event, details=item)
            outcome = "ok"
        except services.RegistrationError as error:
            outcome = type(error).__name__
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=attempt, args=(item,)) for item in all_details]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_only_capacity_registrations_get_through_a_simultaneous_rush():
    event = EventFactory(capacity=2, starts_at=timezone.now() + timedelta(days=30))
    outcomes = register_at_once(event, [details(n) for n in range(6)])
    assert sorted(outcomes) == ["EventFull"] * 4 + ["ok"] * 2
    assert EventRegistration.objects.filter(event=event).count() == 2


def test_the_same_local_twice_at_once_is_stored_once():
    event = EventFactory(capacity=None)
    outcomes = register_at_once(event, [details(1, local="1101"), details(2, local="1101")])
    assert sorted(outcomes) == ["DuplicateRegistration", "ok"]
    assert EventRegistration.objects.filter(event=event).count() == 1
