"""Petitions that need email confirmation: nothing counts until the link is opened."""

import re

import pytest
import time_machine
from django.core import signing
from django_tasks_db.models import DBTaskResult

from core.signing import Purpose
from petitions import services
from petitions.models import Signature
from supporters.services import supporter_delete
from tests.links import signature_confirm_token
from tests.petitions.factories import PetitionFactory, ZipDistrictFactory
from tests.petitions.test_signing import form_data


@pytest.fixture
def petition(db):
    ZipDistrictFactory()
    return PetitionFactory(slug="confirm-me", requires_confirmation=True, goal=10)


def confirm_link(message) -> str:
    return re.search(r"http://127\.0\.0\.1:8000(/petitions/confirm/[^/\s]+/)", message.body)[1]


def test_unconfirmed_signature_does_not_count_until_confirmed(
    client, petition, mailoutbox, run_tasks, django_capture_on_commit_callbacks
):
    response = client.post(petition.get_absolute_url(), form_data())
    assert response.status_code == 302
    signature = Signature.objects.get()
    assert not signature.is_confirmed
    assert services.petition_count(petition=petition) == 0
    thanks = client.get(response["Location"]).content.decode()
    assert "check your email" in thanks

    # The task was enqueued with the id only, in the signing transaction.
    task = DBTaskResult.objects.get()
    assert task.args_kwargs["kwargs"] == {"signature_id": signature.pk}
    assert "ana@example.com" not in str(task.args_kwargs)
    run_tasks()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["ana@example.com"]
    assert "confirm" in message.subject.lower()
    assert message.alternatives  # an HTML part too

    link = confirm_link(message)
    # Opening the link (as a mail scanner would) only shows the button.
    page = client.get(link)
    assert page.status_code == 200
    assert "Confirm my signature" in page.content.decode()
    assert not Signature.objects.get().is_confirmed
    assert services.petition_count(petition=petition) == 0

    # The cached count is dropped when the confirmation commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == f"/petitions/{petition.slug}/thanks/"
    signature.refresh_from_db()
    assert signature.is_confirmed
    assert services.petition_count(petition=petition) == 1
    assert "Thank you for signing" in client.get(response["Location"]).content.decode()


def test_reused_link_confirms_once_and_says_so(client, petition, mailoutbox, run_tasks):
    client.post(petition.get_absolute_url(), form_data())
    run_tasks()
    link = confirm_link(mailoutbox[0])
    assert client.post(link).status_code == 302
    for again in (client.post(link), client.get(link)):
        assert again.status_code == 200
        assert "Already confirmed" in again.content.decode()
    assert services.petition_count(petition=petition) == 1


def test_expired_link_gives_a_clear_page(client, petition, mailoutbox, run_tasks):
    with time_machine.travel("2026-11-01 12:00 +0000", tick=False):
        client.post(petition.get_absolute_url(), form_data())
        run_tasks()
    link = confirm_link(mailoutbox[0])
    with time_machine.travel("2026-11-09 12:00 +0000", tick=False):
        for response in (client.get(link), client.post(link)):
            assert response.status_code == 410
            assert "expired" in response.content.decode()
    assert not Signature.objects.get().is_confirmed
    assert services.petition_count(petition=petition) == 0


@pytest.mark.parametrize(
    "token",
    [
        "garbage",
        signing.dumps(1, salt="some.other.salt"),
        signing.dumps("1", salt=Purpose.SIGNATURE_CONFIRM.value),
    ],
)
def test_tampered_link_gives_a_clear_page(anonymous, petition, token):
    for response in (
        anonymous.get(f"/petitions/confirm/{token}/"),
        anonymous.post(f"/petitions/confirm/{token}/"),
    ):
        assert response.status_code == 400
        assert "does not work" in response.content.decode()


def test_link_for_a_deleted_signature(anonymous, petition):
    signature = services.signature_create(
        petition=petition, email="gone@example.com", first_name="G", last_name="One"
    ).signature
    token = signature_confirm_token(signature=signature)
    supporter_delete(supporter=signature.supporter)
    assert anonymous.get(f"/petitions/confirm/{token}/").status_code == 400
    assert anonymous.post(f"/petitions/confirm/{token}/").status_code == 400


def test_signing_again_resends_the_link_without_revealing_anything(
    client, petition, mailoutbox, run_tasks
):
    first = client.post(petition.get_absolute_url(), form_data())
    second = client.post(petition.get_absolute_url(), form_data())
    assert first["Location"] == second["Location"]
    run_tasks()
    assert len(mailoutbox) == 2
    assert Signature.objects.count() == 1


def test_no_email_once_confirmed(petition, mailoutbox, run_tasks):
    signature = services.signature_create(
        petition=petition, email="ana@example.com", first_name="Ana", last_name="R"
    ).signature
    services.signature_confirm(token=signature_confirm_token(signature=signature))
    run_tasks()
    assert mailoutbox == []
