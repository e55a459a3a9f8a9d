"""lookup_zip: ZIP code (and street address) to senators and representative."""

import datetime

import pytest
import requests
import time_machine
from responses import matchers

from legislators.clients import census
from legislators.lookup import lookup_zip
from tests.legislators.conftest import GEOCODER_URL, census_payload

pytestmark = pytest.mark.usefixtures("congress")


def names(lookup) -> list[str]:
    return [member.bioguide_id for member in lookup.legislators]


def ids(congress: dict, *keys: str) -> list[str]:
    return [congress[key].bioguide_id for key in keys]


def test_single_district_zip(congress, django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(3):
        lookup = lookup_zip(zip_code="45202")
    assert lookup.error == ""
    assert (lookup.states, lookup.districts) == (["OH"], [("OH", 1)])
    assert not lookup.needs_address
    assert names(lookup) == ids(congress, "oh_senior", "oh_junior", "oh_01")
    assert lookup.settled


@pytest.mark.parametrize("zip_code", ["43215", "30165", "20001", "00000"])
def test_every_lookup_needs_at_most_three_queries(django_assert_max_num_queries, zip_code) -> None:
    with django_assert_max_num_queries(3):
        lookup_zip(zip_code=zip_code)


def test_lookup_is_answered_from_the_cache_the_second_time(django_assert_num_queries) -> None:
    lookup_zip(zip_code="45202")
    with django_assert_num_queries(0):
        assert len(lookup_zip(zip_code="45202").legislators) == 3


def test_zip_plus_four_uses_the_first_five_digits(congress) -> None:
    for raw in ("45202-1234", "452021234", " 45202 1234 "):
        lookup = lookup_zip(zip_code=raw)
        assert lookup.zip_code == "45202"
        assert names(lookup) == ids(congress, "oh_senior", "oh_junior", "oh_01")


@pytest.mark.parametrize(
    "raw", ["", "abc", "1234", "123456", "4520a", "45202-12", "<script>", "9" * 500]
)
def test_junk_input_gets_a_clear_message(raw: str) -> None:
    lookup = lookup_zip(zip_code=raw)
    assert "five-digit ZIP code" in lookup.error
    assert lookup.legislators == []
    assert len(lookup.zip_code) <= 10


def test_unknown_zip_gets_a_clear_message() -> None:
    lookup = lookup_zip(zip_code="00000")
    assert "couldn't find ZIP code 00000" in lookup.error
    assert lookup.legislators == []


def test_at_large_state(congress) -> None:
    lookup = lookup_zip(zip_code="99501")
    assert lookup.districts == [("AK", 0)]
    assert lookup.seats == ["AK-AL"]
    assert names(lookup) == ids(congress, "ak_senior", "ak_junior", "ak_al")


def test_dc_has_its_delegate_and_no_senators(congress) -> None:
    lookup = lookup_zip(zip_code="20001")
    assert names(lookup) == ids(congress, "dc")
    assert lookup.senators == []
    assert lookup.legislators[0].title == "Del."


def test_puerto_rico_has_its_resident_commissioner(congress) -> None:
    lookup = lookup_zip(zip_code="00901")
    assert names(lookup) == ids(congress, "pr")
    assert lookup.legislators[0].title == "Res. Comm."


def test_split_zip_asks_for_the_street_address(congress) -> None:
    lookup = lookup_zip(zip_code="43215")
    assert lookup.needs_address
    assert not lookup.settled
    assert lookup.districts == [("OH", 3), ("OH", 15)]
    assert "split between 2 congressional districts" in lookup.notice
    assert names(lookup) == ids(congress, "oh_senior", "oh_junior", "oh_03", "oh_15")


def test_split_zip_with_a_chosen_seat(congress) -> None:
    lookup = lookup_zip(zip_code="43215", seat="oh-15")
    assert lookup.settled
    assert names(lookup) == ids(congress, "oh_senior", "oh_junior", "oh_15")
    # A seat that is not in the ZIP code is ignored.
    assert lookup_zip(zip_code="43215", seat="OH-01").needs_address


@time_machine.travel(datetime.datetime(2026, 11, 24, 12, tzinfo=datetime.UTC))
def test_split_zip_resolved_by_the_geocoder(congress, http) -> None:
    http.get(
        GEOCODER_URL,
        json=census_payload("census_oh15.json"),
        match=[
            matchers.query_param_matcher(
                {
                    "address": "1200 W Broad St, 43215",
                    "benchmark": "Public_AR_Current",
                    "vintage": "Current_Current",
                    "format": "json",
                },
                strict_match=False,
            )
        ],
    )
    lookup = lookup_zip(zip_code="43215", address="  1200 W Broad St ")
    assert lookup.address_matched and lookup.settled
    assert not lookup.needs_address and not lookup.geocoder_failed
    assert names(lookup) == ids(congress, "oh_senior", "oh_junior", "oh_15")

    # The answer is cached: no second request for the same address.
    assert names(lookup_zip(zip_code="43215", address="1200 W Broad St")) == names(lookup)
    assert len(http.calls) == 1


def test_geocoder_timeout_is_retried_once_then_offers_every_candidate(congress, http) -> None:
    http.get(GEOCODER_URL, body=requests.exceptions.ReadTimeout("slow"))
    lookup = lookup_zip(zip_code="43215", address="75 S High St")
    assert len(http.calls) == 2
    assert lookup.geocoder_failed and lookup.needs_address
    assert "isn't answering" in lookup.notice
    assert names(lookup) == ids(congress, "oh_senior", "oh_junior", "oh_03", "oh_15")


def test_geocoder_failure_never_logs_the_address(congress, http, caplog) -> None:
    http.get(
        GEOCODER_URL,
        body=requests.exceptions.ConnectionError(
            "Max retries exceeded with url: /geocoder/geographies/onelineaddress"
            "?address=75+S+High+St"
        ),
    )
    with caplog.at_level("INFO"):
        assert lookup_zip(zip_code="43215", address="75 S High St").geocoder_failed
    assert "ConnectionError" in caplog.text
    assert "High" not in caplog.text


def test_geocoder_retry_succeeds(congress, http) -> None:
    http.get(GEOCODER_URL, body=requests.exceptions.ConnectionError("reset"))
    http.get(GEOCODER_URL, json=census_payload("census_oh03.json"))
    lookup = lookup_zip(zip_code="43215", address="75 S High St")
    assert names(lookup) == ids(congress, "oh_senior", "oh_junior", "oh_03")


def test_geocoder_failure_is_not_cached(congress, http) -> None:
    http.get(GEOCODER_URL, status=502)
    assert lookup_zip(zip_code="43215", address="75 S High St").geocoder_failed
    http.replace("GET", GEOCODER_URL, json=census_payload("census_oh03.json"))
    assert lookup_zip(zip_code="43215", address="75 S High St").settled


def test_geocoder_no_match_offers_every_candidate(congress, http) -> None:
    http.get(GEOCODER_URL, json=census_payload("census_no_match.json"))
    lookup = lookup_zip(zip_code="43215", address="99999 Nowhere Rd")
    assert lookup.geocoder_failed and lookup.needs_address
    assert "couldn't find that street address" in lookup.notice
    assert len(lookup.representatives) == 2


@pytest.mark.parametrize(
    "reply",
    [
        {"body": "<html><body>Service Unavailable</body></html>"},
        {"json": {"errors": ["Address cannot be empty"], "status": "400"}},
        {"json": {"result": {"addressMatches": [{"geographies": "nope"}]}}},
        {"json": census_payload("census_missing_layer.json")},
    ],
    ids=["html", "errors", "wrong-types", "no-district-layer"],
)
def test_geocoder_malformed_reply_offers_every_candidate(congress, http, reply: dict) -> None:
    http.get(GEOCODER_URL, **reply)
    lookup = lookup_zip(zip_code="43215", address="75 S High St")
    assert lookup.geocoder_failed
    assert len(lookup.representatives) == 2
    assert lookup.notice


def test_address_outside_the_zip_is_not_trusted(congress, http) -> None:
    http.get(GEOCODER_URL, json=census_payload("census_ga14.json"))
    lookup = lookup_zip(zip_code="43215", address="100 Main St")
    assert lookup.geocoder_failed
    assert "doesn't seem to be in ZIP code 43215" in lookup.notice


def test_zip_in_two_states(congress, http) -> None:
    lookup = lookup_zip(zip_code="30165")
    assert lookup.states == ["AL", "GA"]
    assert lookup.needs_address
    assert "crosses state lines" in lookup.notice
    # Until the address settles it, both states' senators are candidates.
    assert len(lookup.senators) == 4

    http.get(GEOCODER_URL, json=census_payload("census_ga14.json"))
    lookup = lookup_zip(zip_code="30165", address="100 Main St")
    assert lookup.states == ["GA"]
    assert names(lookup) == ids(congress, "ga_senior", "ga_junior", "ga_14")


def test_single_district_zip_never_calls_the_geocoder(http) -> None:
    lookup = lookup_zip(zip_code="45202", address="1 Main St")
    assert lookup.settled
    assert len(http.calls) == 0


def test_overlong_address_is_refused_without_a_request(http) -> None:
    lookup = lookup_zip(zip_code="43215", address="x" * 500)
    assert lookup.needs_address and "too long" in lookup.notice
    assert len(http.calls) == 0


def test_vacant_seat_is_reported(congress) -> None:
    congress["oh_15"].delete()
    lookup = lookup_zip(zip_code="43215", seat="OH-15")
    assert lookup.vacant_seats == ["OH-15"]
    assert len(lookup.legislators) == 2


def test_layer_of_the_sitting_congress_is_chosen() -> None:
    payload = census_payload("census_oh_two_congresses.json")
    [now] = census.parse_reply(payload, congress=119)
    [later] = census.parse_reply(payload, congress=120)
    [fallback] = census.parse_reply(payload, congress=121)
    assert (now.state, now.district) == ("OH", 15)
    assert (later.state, later.district) == ("OH", 3)
    assert fallback == later
    with pytest.raises(census.CensusGeocoderError):
        census.parse_reply(payload, congress=118)


def test_delegate_district_code_98_is_the_at_large_seat() -> None:
    [match] = census.parse_reply(census_payload("census_dc_delegate.json"), congress=119)
    assert (match.state, match.district) == ("DC", 0)
