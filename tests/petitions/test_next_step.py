"""After signing, the next step offered is one the supporter has not taken yet; the page itself."""

import re

import pytest
import time_machine
from django.http import HttpResponse
from django.test import RequestFactory

from core import actions
from core.actions import ACTIONS_COOKIE
from tests.petitions.factories import PetitionFactory, ZipDistrictFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def petition(db):
    ZipDistrictFactory(zcta="43215", state="OH", state_fips="39", district=3)
    return PetitionFactory(
        slug="keep-jobs",
        goal=100,
        body=(
            "Intro line.\n\nThe act would:\n\n"
            "- tell callers where;\n- let them ask;\n- stop grants."
        ),
    )


def _sign(client, petition, **extra):
    data = {
        "first_name": "Ana",
        "last_name": "Rivera",
        "email": "ana@example.com",
        "zip_code": "43215",
        "country": "US",
        "comment": "",
        "website": "",
    } | extra
    client.post(petition.get_absolute_url(), data)
    return client.get(f"{petition.get_absolute_url()}thanks/").content.decode()


def _remember(client, action: str) -> None:
    response = actions.action_remember(RequestFactory().get("/"), HttpResponse(), action)
    client.cookies[ACTIONS_COOKIE] = response.cookies[ACTIONS_COOKIE].value


def test_a_new_signer_is_asked_to_write_and_to_join_the_list(client, petition):
    page = _sign(client, petition)

    assert 'data-next="write"' in page
    assert "/write/?zip=43215" in page
    assert 'data-next="list"' in page


def test_someone_who_wrote_today_is_asked_to_call_not_to_write(client, petition):
    _remember(client, actions.LETTER)

    page = _sign(client, petition)

    assert 'data-next="write"' not in page
    assert "Now write to your lawmakers" not in page
    assert 'data-next="call"' in page
    assert "/find-your-lawmakers/?zip=43215" in page


def test_a_letter_written_yesterday_does_not_count_as_today(client, petition):
    with time_machine.travel("2026-03-02 15:00 +00:00"):
        _remember(client, actions.LETTER)
    with time_machine.travel("2026-03-03 15:00 +00:00"):
        page = _sign(client, petition)

    assert 'data-next="write"' in page


def test_signing_with_the_list_box_ticked_drops_the_list_offer(client, petition):
    page = _sign(client, petition, list_opt_in="on")

    assert 'data-next="list"' not in page
    assert 'data-next="write"' in page


def test_joining_the_list_is_remembered(client, petition):
    client.post(
        "/join/", {"name": "Ana", "email": "ana@example.com", "zip_code": "43215", "website": ""}
    )

    assert 'data-next="list"' not in _sign(client, petition)


def test_a_forged_actions_cookie_is_ignored(client, petition):
    client.cookies[ACTIONS_COOKIE] = "letter"

    assert 'data-next="write"' in _sign(client, petition)


def test_provisions_are_a_real_list_and_checkbox_labels_have_no_colon(client, petition):
    page = client.get(petition.get_absolute_url()).content.decode()

    items = "<li>tell callers where;</li><li>let them ask;</li><li>stop grants.</li>"
    assert f"<ul>{items}</ul>" in page
    assert "- tell callers" not in page
    labels = re.findall(r'<label for="id_(?:show_publicly|list_opt_in)">([^<]*)</label>', page)
    assert len(labels) == 2
    assert not any(label.rstrip().endswith(":") for label in labels)


def test_the_sign_form_comes_before_the_petition_text(client, petition):
    page = client.get(petition.get_absolute_url()).content.decode()

    assert page.index('id="sign"') < page.index("Intro line.")


def test_petition_text_is_escaped(client):
    petition = PetitionFactory(slug="x", body="<b>bold</b>\n\n- <i>item</i>")

    page = client.get(petition.get_absolute_url()).content.decode()

    assert "&lt;b&gt;bold&lt;/b&gt;" in page
    assert "<li>&lt;i&gt;item&lt;/i&gt;</li>" in page
