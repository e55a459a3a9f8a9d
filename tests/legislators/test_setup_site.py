"""`make run` (setup_site) loads every member and every ZIP code, and can run again."""

from io import StringIO

import pytest
from django.core.management import call_command

from legislators.lookup import lookup_zip
from legislators.models import Legislator, ZipDistrict


@pytest.mark.django_db
def test_setup_site_loads_the_real_data_and_is_idempotent() -> None:
    call_command("setup_site", stdout=StringIO(), stderr=StringIO())
    assert Legislator.objects.serving().count() == 537
    assert ZipDistrict.objects.count() == 42_033

    out = StringIO()
    call_command("setup_site", stdout=out, stderr=StringIO())
    assert "537 unchanged" in out.getvalue()
    assert "already matches" in out.getvalue()

    # The real data answers the cases the issue names.
    assert [m.title for m in lookup_zip(zip_code="20001").legislators] == ["Del."]
    assert [m.title for m in lookup_zip(zip_code="00901").legislators] == ["Res. Comm."]
    assert [m.seat for m in lookup_zip(zip_code="99501").legislators] == ["AK", "AK", "AK-AL"]
    assert lookup_zip(zip_code="43215").needs_address
    assert lookup_zip(zip_code="30165").states == ["AL", "GA"]
