"""Organizers keep each office's delivery address and notes; imported fields stay read-only."""

import pytest

from legislators.models import Legislator
from tests.legislators.factories import LegislatorFactory, ZipDistrictFactory

ADMIN = "/admin/legislators/legislator/"


@pytest.fixture
def member(db) -> Legislator:
    return LegislatorFactory(
        official_name="Maria Example",
        first_name="Maria",
        last_name="Example",
        state="WA",
        district=1,
    )


def test_organizer_searches_and_filters_members(organizer, member) -> None:
    LegislatorFactory(official_name="Someone Else", state="OH")
    response = organizer.get(ADMIN, {"q": "Example"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Maria Example" in html and "Someone Else" not in html

    response = organizer.get(ADMIN, {"state": "OH"})
    assert "Someone Else" in response.content.decode()
    assert organizer.get(ADMIN, {"delivery": "missing"}).status_code == 200


def test_organizer_edits_delivery_address_and_notes_only(organizer, member) -> None:
    url = f"{ADMIN}{member.pk}/change/"
    form = organizer.get(url).content.decode()
    assert 'name="delivery_email"' in form and 'name="staff_notes"' in form
    assert 'name="phone"' not in form and 'name="official_name"' not in form

    response = organizer.post(
        url,
        {
            "delivery_email": "letters@example.house.gov",
            "staff_notes": "Scheduler prefers email.",
            "phone": "000",
            "official_name": "Changed",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.delivery_email == "letters@example.house.gov"
    assert member.staff_notes == "Scheduler prefers email."
    assert member.phone == "202-225-0000"
    assert member.official_name == "Maria Example"


def test_bad_delivery_address_is_refused(organizer, member) -> None:
    response = organizer.post(f"{ADMIN}{member.pk}/change/", {"delivery_email": "not an email"})
    assert response.status_code == 200
    assert "Enter a valid email address" in response.content.decode()
    member.refresh_from_db()
    assert member.delivery_email == ""


def test_members_cannot_be_added_or_deleted_in_the_admin(superuser, member) -> None:
    assert superuser.get(f"{ADMIN}add/").status_code == 403
    assert superuser.get(f"{ADMIN}{member.pk}/delete/").status_code == 403


def test_editors_cannot_touch_members(editor, member) -> None:
    assert editor.get(ADMIN).status_code == 403


def test_zip_table_is_view_only(organizer) -> None:
    ZipDistrictFactory(zcta="43215")
    response = organizer.get("/admin/legislators/zipdistrict/", {"q": "43215"})
    assert response.status_code == 200
    assert "43215" in response.content.decode()
    assert organizer.get("/admin/legislators/zipdistrict/add/").status_code == 403
