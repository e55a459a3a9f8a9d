"""GET /api/v1/lookup: the lookup as JSON, cacheable per ZIP code."""

import pytest
from django.urls import reverse

from tests.legislators.conftest import GEOCODER_URL, census_payload

pytestmark = pytest.mark.usefixtures("congress")
URL = "/api/v1/lookup"


def test_url_name() -> None:
    assert reverse("legislators:api_lookup") == URL


def test_single_district_zip_in_the_documented_shape(anonymous, congress) -> None:
    response = anonymous.get(URL, {"zip": "45202"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["zip"] == "45202"
    assert data["state"] == "OH"
    assert data["districts"] == [{"state": "OH", "district": 1, "seat": "OH-01"}]
    assert data["needs_address"] is False
    senior = congress["oh_senior"]
    assert data["legislators"][0] == {
        "bioguide_id": senior.bioguide_id,
        "name": senior.name,
        "title": "Sen.",
        "chamber": "senate",
        "state": "OH",
        "district": None,
        "party": senior.party,
        "phone": senior.phone,
        "contact_form_url": senior.contact_form_url,
        "website": senior.website,
        "url": f"/lawmakers/{senior.bioguide_id}/",
    }
    assert [member["chamber"] for member in data["legislators"]] == ["senate", "senate", "house"]
    assert data["legislators"][2]["district"] == 1


def test_response_is_publicly_cacheable_and_cached_per_zip(
    anonymous, django_assert_num_queries
) -> None:
    first = anonymous.get(URL, {"zip": "45202"})
    assert "public" in first["Cache-Control"] and "max-age=3600" in first["Cache-Control"]
    with django_assert_num_queries(0):
        second = anonymous.get(URL, {"zip": "45202-0001"})
    assert second.content == first.content
    assert "public" in second["Cache-Control"]


def test_split_zip_asks_for_the_address(anonymous) -> None:
    data = anonymous.get(URL, {"zip": "43215"}).json()
    assert data["needs_address"] is True
    assert [d["seat"] for d in data["districts"]] == ["OH-03", "OH-15"]
    assert len(data["legislators"]) == 4
    assert "street address" in data["message"]


def test_split_zip_with_address(anonymous, http, congress) -> None:
    http.get(GEOCODER_URL, json=census_payload("census_oh15.json"))
    response = anonymous.get(URL, {"zip": "43215", "address": "1200 W Broad St"})
    data = response.json()
    assert data["needs_address"] is False
    assert data["districts"] == [{"state": "OH", "district": 15, "seat": "OH-15"}]
    assert [m["bioguide_id"] for m in data["legislators"]][-1] == congress["oh_15"].bioguide_id
    # Personal: never kept by shared caches.
    assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_two_state_zip_has_no_single_state(anonymous) -> None:
    data = anonymous.get(URL, {"zip": "30165"}).json()
    assert data["state"] is None
    assert data["states"] == ["AL", "GA"]


def test_dc_has_only_the_delegate(anonymous) -> None:
    data = anonymous.get(URL, {"zip": "20001"}).json()
    assert [(m["chamber"], m["title"]) for m in data["legislators"]] == [("house", "Del.")]


@pytest.mark.parametrize(
    "params", [{}, {"zip": ""}, {"zip": "abcde"}, {"zip": "1234"}, {"zip": "x" * 5000}]
)
def test_bad_input_is_a_400_with_a_json_error(anonymous, params: dict) -> None:
    response = anonymous.get(URL, params)
    assert response.status_code == 400
    assert "five-digit ZIP code" in response.json()["error"]


def test_unknown_zip_is_a_404_with_a_json_error(anonymous) -> None:
    response = anonymous.get(URL, {"zip": "00000"})
    assert response.status_code == 404
    assert "couldn't find ZIP code 00000" in response.json()["error"]


def test_post_is_not_allowed(anonymous) -> None:
    assert anonymous.post(URL, {"zip": "45202"}).status_code == 405
