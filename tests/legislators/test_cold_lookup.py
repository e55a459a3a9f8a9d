"""A crowd of first-time ZIP codes: the lookup answers from memory, the same as the database."""

import re

import pytest
from django.core.cache import cache

from legislators.congress import sitting_congress
from legislators.lookup import lookup_cache_clear, lookup_zip, zip_seats
from legislators.models import ZipDistrict
from tests.legislators.factories import ZipDistrictFactory
from tests.legislators.test_pages import FIND

pytestmark = pytest.mark.usefixtures("congress")
API = "/api/v1/lookup"


def seats_in_the_database(zcta: str) -> tuple[tuple[str, int], ...]:
    rows = ZipDistrict.objects.filter(zcta=zcta, congress=sitting_congress())
    return tuple(sorted(set(rows.values_list("state", "district"))))


def test_every_zip_code_has_the_seats_its_rows_give() -> None:
    zctas = sorted(set(ZipDistrict.objects.values_list("zcta", flat=True)))
    assert len(zctas) >= 5
    for zcta in zctas:
        found = zip_seats(zcta)
        assert found is not None, zcta
        assert found.seats == seats_in_the_database(zcta), zcta
        assert list(found.states) == sorted({state for state, _district in found.seats})
        assert lookup_zip(zip_code=zcta).districts == list(found.seats)


def test_a_row_added_after_an_import_shows_once_the_data_version_changes() -> None:
    assert zip_seats("45299") is None
    ZipDistrictFactory(zcta="45299", state="OH", district=1)
    # Saving a row does not change the version by itself; the import does.
    lookup_cache_clear()
    assert zip_seats("45299").seats == (("OH", 1),)


def test_new_zip_codes_cost_no_query_on_a_warm_process(anonymous, django_assert_num_queries):
    # The first page of the data version loads the ZIP table, the roster and the page shell.
    anonymous.get(FIND, {"zip": "45202"})
    for zip_code in ("43215", "20001", "30165"):
        with django_assert_num_queries(0):
            response = anonymous.get(FIND, {"zip": zip_code})
        assert response.status_code == 200
        with django_assert_num_queries(0):
            assert anonymous.get(API, {"zip": zip_code}).status_code == 200


def test_zip_codes_with_the_same_seats_each_get_their_own_zip_in_the_page(anonymous) -> None:
    # A second split ZIP code with 43215's seats shares its rendered lawmakers.
    for row in ZipDistrict.objects.filter(zcta="43215"):
        ZipDistrictFactory(zcta="43299", state=row.state, district=row.district)
    cache.clear()
    first = anonymous.get(FIND, {"zip": "43215"}).content.decode()
    second = anonymous.get(FIND, {"zip": "43299"}).content.decode()
    assert "?zip=43215&amp;seat=" in first and "43299" not in first
    assert "?zip=43299&amp;seat=" in second and "43215" not in second
    assert "@@" not in first + second
    # Apart from the ZIP code (and each visitor's CSRF token) the pages are the same.
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert token.sub("", first.replace("43215", "#####")) == token.sub(
        "", second.replace("43299", "#####")
    )
