"""Every way in makes or finds the one row per person through supporter_get_or_create."""

import pytest

from supporters.models import Supporter
from supporters.services import list_signup_request, supporter_get_or_create
from tests.factories import SupporterFactory

pytestmark = pytest.mark.django_db


def test_joining_the_list_finds_the_signer_whatever_the_case_and_spaces():
    signer = SupporterFactory(email="sam@example.org", first_name="Samuel", zip_code="10001")
    list_signup_request(name="Someone Else", email="  SAM@Example.org ", zip_code="43215")
    assert Supporter.objects.get() == signer
    signer.refresh_from_db()
    # An unconfirmed request never rewrites what the person told us.
    assert (signer.first_name, signer.zip_code) == ("Samuel", "10001")


def test_a_new_address_on_the_list_gets_a_row_with_the_upserts_defaults():
    list_signup_request(name="Sam Caller", email="New@Example.org", zip_code="43215")
    supporter = Supporter.objects.get()
    assert supporter.email == "new@example.org"
    assert supporter.country == "US"
    # Names and ZIP wait on the subscription until the address is confirmed.
    assert (supporter.first_name, supporter.zip_code, supporter.list_opt_in) == ("", "", False)


def test_the_upsert_fills_only_what_is_blank():
    supporter, created = supporter_get_or_create(email="a@example.org", first_name="", last_name="")
    assert created
    again, created = supporter_get_or_create(
        email="A@example.org", first_name="Ann", last_name="Lee"
    )
    assert (again, created) == (supporter, False)
    again.refresh_from_db()
    assert (again.first_name, again.last_name) == ("Ann", "Lee")
    third, _ = supporter_get_or_create(email="a@example.org", first_name="Eve", last_name="X")
    third.refresh_from_db()
    assert (third.first_name, third.last_name) == ("Ann", "Lee")
