"""A supporter who acts in Spanish is remembered as Spanish-speaking, and every email to them
after that is in Spanish, with links to the Spanish pages."""

import re
from datetime import UTC, datetime

import pytest
from django.core import mail

from supporters.models import ListSubscription, Supporter
from supporters.services import supporter_get_or_create
from tests.campaign.factories import EventFactory
from tests.campaign.worker import run_worker
from tests.factories import SupporterFactory
from tests.petitions.factories import PetitionFactory, ZipDistrictFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2027, 8, 2, 16, 0, tzinfo=UTC)
SITE = "http://127.0.0.1:8000"


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def petition(db):
    ZipDistrictFactory(zcta="43215", state="OH", state_fips="39", district=3)
    return PetitionFactory(slug="keep-jobs", requires_confirmation=True)


def sign(client, prefix: str = "", email: str = "ana@example.com", slug: str = "keep-jobs"):
    return client.post(
        f"{prefix}/petitions/{slug}/",
        {
            "first_name": "Ana",
            "last_name": "Rivera",
            "email": email,
            "zip_code": "43215",
            "country": "US",
            "comment": "",
            "website": "",
        },
    )


def html_of(message) -> str:
    return message.alternatives[0].content


def test_signing_in_spanish_remembers_it_and_the_confirmation_is_spanish(anonymous, petition):
    assert sign(anonymous, "/es").status_code == 302
    assert Supporter.objects.get(email="ana@example.com").language == "es"
    run_worker()
    [message] = mail.outbox
    assert '<html lang="es">' in html_of(message)
    assert re.search(rf"{SITE}/es/petitions/confirm/[^/\s]+/", message.body)
    assert f"{SITE}/es/petitions/keep-jobs/" in message.body


def test_signing_in_english_keeps_english_emails(anonymous, petition):
    assert sign(anonymous).status_code == 302
    assert Supporter.objects.get(email="ana@example.com").language == "en"
    run_worker()
    [message] = mail.outbox
    assert '<html lang="en">' in html_of(message)
    assert re.search(rf"{SITE}/petitions/confirm/[^/\s]+/", message.body)


def test_a_known_supporter_who_acts_in_spanish_is_remembered_and_not_forgotten(anonymous, petition):
    SupporterFactory(email="ana@example.com", language="en")
    sign(anonymous, "/es")
    assert Supporter.objects.get(email="ana@example.com").language == "es"
    # A later action on an English page (a link shared in English) keeps Spanish: she chose
    # it by acting in it.
    PetitionFactory(slug="second", requires_confirmation=True)
    sign(anonymous, slug="second")
    assert Supporter.objects.get(email="ana@example.com").language == "es"


def test_joining_the_list_in_spanish_gives_spanish_confirmation_and_welcome(anonymous):
    response = anonymous.post(
        "/es/join/",
        {"name": "Sam Caller", "email": "sam@example.org", "zip_code": "43215", "website": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == "/es/join/check-your-inbox/"
    assert Supporter.objects.get(email="sam@example.org").language == "es"
    run_worker()
    [confirmation] = mail.outbox
    assert '<html lang="es">' in html_of(confirmation)
    link = re.search(rf"{SITE}(/es/join/confirm/[^/\s]+/)", confirmation.body)[1]
    anonymous.post(link)
    run_worker()
    welcome = mail.outbox[-1]
    assert ListSubscription.objects.get().status == ListSubscription.Status.CONFIRMED
    assert '<html lang="es">' in html_of(welcome)
    # The one-click link of the list joined, on its Spanish page.
    assert welcome.extra_headers["List-Unsubscribe"].startswith(f"<{SITE}/es/lists/unsubscribe/")
    assert f"{SITE}/es/events/" in welcome.body


def test_someone_remembered_as_spanish_gets_spanish_mail_from_an_english_page(anonymous):
    SupporterFactory(email="sam@example.org", language="es")
    anonymous.post(
        "/join/",
        {"name": "Sam Caller", "email": "sam@example.org", "zip_code": "43215", "website": ""},
    )
    run_worker()
    [confirmation] = mail.outbox
    assert '<html lang="es">' in html_of(confirmation)
    assert f"{SITE}/es/join/confirm/" in confirmation.body


def test_registering_a_local_in_spanish_gives_a_spanish_confirmation(anonymous):
    EventFactory(
        slug="week-of-action",
        starts_at=datetime(2027, 10, 3, 4, 0, tzinfo=UTC),
        ends_at=datetime(2027, 10, 10, 3, 59, tzinfo=UTC),
        registration_deadline=datetime(2027, 9, 10, 21, 0, tzinfo=UTC),
    )
    response = anonymous.post(
        "/es/events/week-of-action/",
        {
            "local_number": "Local 1101",
            "contact_name": "Dana Rivera",
            "email": "dana@example.org",
            "phone": "(202) 555-0143",
            "street": "501 Third Street NW",
            "city": "Washington",
            "state": "DC",
            "zip_code": "20001",
            "expected_participants": "40",
            "website": "",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/es/events/week-of-action/registered/"
    assert Supporter.objects.get(email="dana@example.org").language == "es"
    run_worker()
    [message] = mail.outbox
    assert '<html lang="es">' in html_of(message)
    assert f"{SITE}/es/events/week-of-action/calendar.ics" in message.body


@pytest.mark.parametrize(("given", "stored"), [("es-mx", "es"), ("fr", ""), ("", "")])
def test_only_languages_the_site_speaks_are_recorded(given, stored):
    supporter, _created = supporter_get_or_create(
        email="x@example.org", first_name="", last_name="", language=given
    )
    assert supporter.language == stored
    assert supporter.email_language == (stored or "en")
