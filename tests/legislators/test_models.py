"""How members of Congress are named and seated."""

import pytest

from legislators.models import Legislator
from tests.legislators.factories import LegislatorFactory


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("attrs", "title", "seat"),
    [
        ({"senator": True}, "Sen.", "OH"),
        ({"district": 3}, "Rep.", "OH-03"),
        ({"state": "AK", "district": 0}, "Rep.", "AK-AL"),
        ({"state": "DC", "district": 0, "is_voting": False}, "Del.", "DC"),
        ({"state": "PR", "district": 0, "is_voting": False}, "Res. Comm.", "PR"),
    ],
)
def test_title_and_seat(attrs: dict, title: str, seat: str) -> None:
    member = LegislatorFactory(**attrs)
    assert member.title == title
    assert member.seat == seat


@pytest.mark.django_db
def test_phone_becomes_a_tel_uri() -> None:
    assert LegislatorFactory(phone="202-224-3441").phone_uri == "tel:+12022243441"
    assert LegislatorFactory(phone="").phone_uri == ""


@pytest.mark.django_db
def test_for_seats_finds_senators_and_the_representative_in_one_query(
    django_assert_num_queries,
) -> None:
    senator = LegislatorFactory(senator=True, state="OH")
    rep = LegislatorFactory(state="OH", district=3)
    LegislatorFactory(state="OH", district=4)
    LegislatorFactory(senator=True, state="IN")

    with django_assert_num_queries(1):
        found = set(Legislator.objects.for_seats(states=["OH"], districts=[("OH", 3)]))
    assert found == {senator, rep}
