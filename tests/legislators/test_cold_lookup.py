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


# --- One answer per seat set, shared by every ZIP code that has it -------------------------

CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def without_token(body: bytes) -> str:
    return CSRF_TOKEN.sub("", body.decode())


def test_every_field_of_an_answer_is_part_of_the_shared_key() -> None:
    from dataclasses import fields

    from legislators.lookup import ZipLookup
    from legislators.views import SHAPE_FIELDS

    assert {item.name for item in fields(ZipLookup)} == set(SHAPE_FIELDS)


@pytest.mark.parametrize("path", [FIND, API])
def test_a_shared_answer_is_the_page_rendered_for_that_zip_code(settings, anonymous, path):
    zctas = sorted(set(ZipDistrict.objects.values_list("zcta", flat=True)))
    settings.PAGE_CACHE_SECONDS = 0
    rendered = {zcta: without_token(anonymous.get(path, {"zip": zcta}).content) for zcta in zctas}
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    for _round in range(2):
        for zcta in zctas:
            response = anonymous.get(path, {"zip": zcta})
            assert response.status_code == 200
            assert without_token(response.content) == rendered[zcta], zcta


def test_a_second_zip_code_with_the_same_seats_gets_the_shared_page(settings, anonymous):
    settings.PAGE_CACHE_SECONDS = 60
    for row in ZipDistrict.objects.filter(zcta="43215"):
        ZipDistrictFactory(zcta="43299", state=row.state, district=row.district)
    lookup_cache_clear()
    first = anonymous.get(FIND, {"zip": "43215"})
    second = anonymous.get(FIND, {"zip": "43299"})
    assert "X-Page-Cache" not in first
    assert second["X-Page-Cache"] == "hit"
    body = second.content.decode()
    assert 'value="43299"' in body and "43215" not in body and "@@" not in body
    # The language switch sends the visitor back to their own ZIP code.
    assert 'name="next" type="hidden" value="/find-your-lawmakers/?zip=43299"' in body
    # Forms on the shared page carry this visitor's own CSRF token, which the cookie matches.
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    assert second.cookies["csrftoken"].value
    from django.middleware.csrf import _unmask_cipher_token

    assert _unmask_cipher_token(token) == second.cookies["csrftoken"].value


def test_visitors_with_a_session_or_extra_parameters_get_their_own_page(
    settings, anonymous, client
):
    settings.PAGE_CACHE_SECONDS = 60
    anonymous.get(FIND, {"zip": "43215"})
    client.cookies["sessionid"] = "someone"
    assert "X-Page-Cache" not in client.get(FIND, {"zip": "43215"})
    assert "X-Page-Cache" not in anonymous.get(FIND, {"zip": "43215", "seat": "OH-3"})
    assert "X-Page-Cache" not in anonymous.get(FIND, {"zip": " 43215"})


def test_an_editors_change_reaches_the_shared_page(settings, anonymous):
    from campaign.models import SiteBanner

    settings.PAGE_CACHE_SECONDS = 60
    anonymous.get(FIND, {"zip": "43215"})
    assert anonymous.get(FIND, {"zip": "43215"})["X-Page-Cache"] == "hit"
    SiteBanner.objects.create(message="Vote on Tuesday: call now", is_active=True)
    fresh = anonymous.get(FIND, {"zip": "43215"})
    assert "X-Page-Cache" not in fresh
    assert "Vote on Tuesday: call now" in fresh.content.decode()


def test_a_process_rechecks_the_data_version_at_most_once_per_interval(settings):
    from legislators.lookup import DATA_VERSION_KEY, data_version

    settings.LOOKUP_VERSION_RECHECK_SECONDS = 3600
    lookup_cache_clear()
    seen = data_version()
    # Another process's import: this one keeps its version until the interval is over...
    cache.set(DATA_VERSION_KEY, "elsewhere", None)
    assert data_version() == seen
    # ...but an import made in this process shows at once.
    lookup_cache_clear()
    assert data_version() != seen
    settings.LOOKUP_VERSION_RECHECK_SECONDS = 0
    cache.set(DATA_VERSION_KEY, "elsewhere", None)
    assert data_version().startswith("elsewhere-")


def test_a_zip_code_with_other_seats_gets_the_shared_frame_and_its_own_lawmakers(
    settings, anonymous
):
    settings.PAGE_CACHE_SECONDS = 0
    fresh = without_token(anonymous.get(FIND, {"zip": "20001"}).content)
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    assert "X-Page-Cache" not in anonymous.get(FIND, {"zip": "45202"})
    # Other seats, so other lawmakers: only the results are rendered, into the same frame.
    served = anonymous.get(FIND, {"zip": "20001"})
    assert served["X-Page-Cache"] == "hit"
    assert without_token(served.content) == fresh


def test_the_address_form_of_a_shared_page_carries_each_visitors_own_token(settings):
    from django.middleware.csrf import _unmask_cipher_token
    from django.test import Client

    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    tokens = []
    for _visitor in range(2):
        response = Client().get(FIND, {"zip": "43215"})
        body = response.content.decode()
        # The address form (this ZIP code spans districts) and the language switch.
        assert 'name="address"' in body
        found = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        assert len(found) == 2 and "@@" not in body
        secret = response.cookies["csrftoken"].value
        assert {_unmask_cipher_token(token) for token in found} == {secret}
        tokens.append(secret)
    assert tokens[0] != tokens[1]


def test_a_new_zip_code_is_not_looked_up_under_its_own_address(settings, anonymous, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 60
    settings.PAGE_CACHE_LOCAL_SECONDS = 60
    cache.clear()
    for path in (FIND, API):
        anonymous.get(path, {"zip": "45202"})
    asked: list[list[str]] = []
    real_get_many = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys: asked.append(keys) or real_get_many(keys))
    for path in (FIND, API):
        for zip_code in ("43215", "20001", "30165"):
            response = anonymous.get(path, {"zip": zip_code})
            assert response.status_code == 200
            assert zip_code in response.content.decode()
    # Those pages are only ever kept under the key of their seats, never under their URL.
    assert asked == []
    # Other requests to the same address still find pages kept under theirs.
    anonymous.get(FIND, {"zip": "43215", "seat": "OH-3"})
    assert len(asked) == 1
