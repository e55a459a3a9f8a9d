"""The lookup across noon Eastern on 2027-01-03, when the 120th Congress begins.

The 119th Congress's ZIP rows are loaded; the 120th's arrive later (our own
Census-format sample covers Ohio and DC). Ohio and Alabama drew new maps for the
120th; Alaska, Georgia and Wisconsin did not.
"""

import copy
import csv
import datetime
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from responses import matchers

from legislators.lookup import (
    ZipLocation,
    lookup_zip,
    seats_vacant,
    state_for_zip_prefix,
    zip_location,
)
from tests.legislators.conftest import GEOCODER_URL, census_payload
from tests.legislators.factories import LegislatorFactory, ZipDistrictFactory

BEFORE_NOON = datetime.datetime(2027, 1, 3, 16, 59, tzinfo=datetime.UTC)
AFTER_NOON = datetime.datetime(2027, 1, 3, 17, 1, tzinfo=datetime.UTC)
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "tab20_cd12020_zcta520_sample.txt"

ROWS_119 = [
    ("43215", "OH", 3),
    ("43215", "OH", 15),  # Columbus: split under the 119th map
    ("45202", "OH", 1),
    ("43016", "OH", 15),  # Dublin: not in the 120th sample
    ("99501", "AK", 0),
    ("30165", "AL", 3),  # Rome, GA: reaches into Alabama
    ("30165", "GA", 14),
    ("53202", "WI", 4),  # Milwaukee: the seat is empty
    ("53703", "WI", 2),
    ("20001", "DC", 0),
]


# A fictional roster already imported for the 120th Congress: terms run past 2027-01-03.
NEW_TERM = {"term_start": datetime.date(2027, 1, 3), "term_end": datetime.date(2029, 1, 3)}


def senator(state: str, rank: str, senate_class: int) -> LegislatorFactory:
    return LegislatorFactory(
        senator=True, state=state, state_rank=rank, senate_class=senate_class, **NEW_TERM
    )


def member(state: str, district: int, **extra) -> LegislatorFactory:
    return LegislatorFactory(state=state, district=district, **NEW_TERM, **extra)


@pytest.fixture
def map_119(db, settings) -> dict:
    settings.CONGRESS_NUMBER = None
    settings.CHANGED_MAP_STATES = None
    for zcta, state, district in ROWS_119:
        ZipDistrictFactory(congress=119, zcta=zcta, state=state, district=district)
    return {
        "oh_senior": senator("OH", "senior", 1),
        "oh_junior": senator("OH", "junior", 3),
        "oh_03": member("OH", 3),
        "oh_15": member("OH", 15),
        "oh_01": member("OH", 1),
        "oh_10": member("OH", 10),
        "ak_senior": senator("AK", "senior", 2),
        "ak_junior": senator("AK", "junior", 3),
        "ak_al": member("AK", 0),
        "al_senior": senator("AL", "senior", 3),
        "al_junior": senator("AL", "junior", 2),
        "al_03": member("AL", 3),
        "ga_senior": senator("GA", "senior", 3),
        "ga_junior": senator("GA", "junior", 2),
        "ga_14": member("GA", 14),
        # Wisconsin: one senator (class 3), and nobody in the 4th district.
        "wi_senior": senator("WI", "senior", 3),
        "wi_02": member("WI", 2),
        "ny_senior": senator("NY", "senior", 1),
        "ny_junior": senator("NY", "junior", 3),
        "ny_22": member("NY", 22),
        "wy_senior": senator("WY", "senior", 1),
        "wy_junior": senator("WY", "junior", 2),
        "wy_al": member("WY", 0),
        "dc": member("DC", 0, is_voting=False),
    }


def ids(lookup) -> list[str]:
    return [member.bioguide_id for member in lookup.legislators]


def of(members: dict, *keys: str) -> list[str]:
    return [members[key].bioguide_id for key in keys]


@pytest.fixture
def import_sample(django_capture_on_commit_callbacks):
    """Import the 120th sample as staff would: committed, so cached lookups go stale."""

    def run() -> None:
        with django_capture_on_commit_callbacks(execute=True):
            call_command(
                "import_zip_districts", "--file", str(SAMPLE), "--min-rows", "1", stdout=StringIO()
            )

    return run


# --- Before and after noon, with only the 119th Congress's rows --------------------------


def test_before_noon_the_119th_map_answers(map_119) -> None:
    with time_machine.travel(BEFORE_NOON, tick=False):
        lookup = lookup_zip(zip_code="45202")
    assert lookup.congress == 119
    assert lookup.settled and lookup.districts == [("OH", 1)]
    assert ids(lookup) == of(map_119, "oh_senior", "oh_junior", "oh_01")


def test_after_noon_a_redrawn_state_without_rows_asks_for_the_address(map_119) -> None:
    with time_machine.travel(BEFORE_NOON, tick=False):
        lookup_zip(zip_code="45202")  # cached under the 119th: must not leak past noon
    with time_machine.travel(AFTER_NOON, tick=False):
        lookup = lookup_zip(zip_code="45202")
    assert lookup.congress == 120
    assert lookup.needs_address and not lookup.settled
    assert lookup.redrawn_states == ["OH"]
    # The old map's district is never the answer: no House seat, no representative.
    assert lookup.districts == [] and lookup.candidates == []
    assert ids(lookup) == of(map_119, "oh_senior", "oh_junior")
    assert "Ohio drew new congressional districts" in lookup.notice


def test_after_noon_a_split_zip_in_a_redrawn_state_offers_no_old_candidates(map_119) -> None:
    with time_machine.travel(AFTER_NOON, tick=False):
        lookup = lookup_zip(zip_code="43215", seat="OH-15")
    assert lookup.needs_address and lookup.districts == []
    assert lookup.representatives == []


def test_after_noon_an_unchanged_state_carries_the_119th_rows_over(map_119) -> None:
    with time_machine.travel(AFTER_NOON, tick=False):
        lookup = lookup_zip(zip_code="99501")
    assert lookup.congress == 120
    assert lookup.settled and lookup.districts == [("AK", 0)]
    assert ids(lookup) == of(map_119, "ak_senior", "ak_junior", "ak_al")


def test_after_noon_a_zip_across_a_redrawn_and_an_unchanged_state(map_119) -> None:
    with time_machine.travel(AFTER_NOON, tick=False):
        lookup = lookup_zip(zip_code="30165")
    assert lookup.states == ["AL", "GA"]
    assert lookup.districts == [("GA", 14)]  # Georgia's map carries over; Alabama's does not
    assert lookup.redrawn_states == ["AL"]
    assert lookup.needs_address and not lookup.settled
    assert of(map_119, "al_03")[0] not in ids(lookup)


def test_the_changed_map_list_is_a_setting(map_119, settings) -> None:
    settings.CHANGED_MAP_STATES = ["AK"]
    with time_machine.travel(AFTER_NOON, tick=False):
        assert lookup_zip(zip_code="45202").settled  # Ohio no longer listed
        assert lookup_zip(zip_code="99501").redrawn_states == ["AK"]


def test_pinning_the_119th_keeps_its_map_after_noon(map_119, settings) -> None:
    settings.CONGRESS_NUMBER = 119
    with time_machine.travel(AFTER_NOON, tick=False):
        lookup = lookup_zip(zip_code="45202")
    assert lookup.congress == 119 and lookup.districts == [("OH", 1)]


# --- After the 120th Congress's rows are imported -------------------------------------------


def test_imported_120th_rows_answer_for_their_state(map_119, import_sample) -> None:
    with time_machine.travel(AFTER_NOON, tick=False):
        lookup_zip(zip_code="43215")  # cached before the import
        import_sample()
        lookup = lookup_zip(zip_code="43215")
        split = lookup_zip(zip_code="45406")
        alaska = lookup_zip(zip_code="99501")
    assert lookup.settled and lookup.districts == [("OH", 3)]
    assert lookup.redrawn_states == []
    assert ids(lookup) == of(map_119, "oh_senior", "oh_junior", "oh_03")
    assert split.districts == [("OH", 1), ("OH", 10)] and split.needs_address
    assert alaska.districts == [("AK", 0)]


def test_a_zip_missing_from_its_states_new_rows_is_placed_by_its_prefix(
    map_119, import_sample
) -> None:
    with time_machine.travel(AFTER_NOON, tick=False):
        import_sample()
        lookup = lookup_zip(zip_code="43016")
    # Ohio's new map has no Dublin row: the old OH-15 must not come back.
    assert lookup.districts == [] and lookup.needs_address
    assert lookup.states == ["OH"]
    assert ids(lookup) == of(map_119, "oh_senior", "oh_junior")


def test_rows_of_a_future_congress_wait_for_it(map_119, import_sample) -> None:
    with time_machine.travel(BEFORE_NOON, tick=False):
        import_sample()
        lookup = lookup_zip(zip_code="43215")
    assert lookup.districts == [("OH", 3), ("OH", 15)]


# --- The street address and the geocoder's layers -------------------------------------------


def stub_geocoder(http, payload: dict) -> None:
    http.get(
        GEOCODER_URL, json=payload, match=[matchers.query_param_matcher({}, strict_match=False)]
    )


def test_address_in_a_redrawn_state_uses_the_new_layer(map_119, http) -> None:
    stub_geocoder(http, census_payload("census_oh_two_congresses.json"))
    with time_machine.travel(AFTER_NOON, tick=False):
        lookup = lookup_zip(zip_code="43215", address="1200 W Broad St")
    assert lookup.settled and lookup.districts == [("OH", 3)]
    assert not lookup.map_may_be_outdated
    assert ids(lookup) == of(map_119, "oh_senior", "oh_junior", "oh_03")


def test_address_in_a_redrawn_state_with_only_the_old_layer_says_so(map_119, http) -> None:
    stub_geocoder(http, census_payload("census_oh15.json"))  # the 119th layer only
    with time_machine.travel(AFTER_NOON, tick=False):
        lookup = lookup_zip(zip_code="43215", address="1200 W Broad St")
    assert lookup.districts == [("OH", 15)]
    assert lookup.map_may_be_outdated
    assert "may not be the one elected under the new map" in lookup.notice


def test_address_in_an_unchanged_state_with_the_old_layer_is_not_flagged(map_119, http) -> None:
    payload = census_payload("census_ga14.json")
    stub_geocoder(http, payload)
    with time_machine.travel(AFTER_NOON, tick=False):
        lookup = lookup_zip(zip_code="30165", address="1 Main St")
    assert lookup.districts == [("GA", 14)] and not lookup.map_may_be_outdated


def test_the_geocoder_layer_follows_the_sitting_congress_and_cdsessn(map_119, http) -> None:
    from legislators.clients import census

    payload = census_payload("census_oh_two_congresses.json")
    [before] = census.parse_reply(payload, congress=119)
    [after] = census.parse_reply(payload, congress=120)
    assert (before.district, before.congress) == (15, 119)
    assert (after.district, after.congress) == (3, 120)
    # An area's CDSESSN says which Congress it belongs to, whatever the layer is called.
    relabelled = copy.deepcopy(payload)
    geographies = relabelled["result"]["addressMatches"][0]["geographies"]
    geographies["120th Congressional Districts"][0]["CDSESSN"] = "121"
    [fallback] = census.parse_reply(relabelled, congress=120)
    assert (fallback.district, fallback.congress) == (15, 119)


# --- ZIP codes that are not ZCTAs -----------------------------------------------------------


@pytest.mark.parametrize(
    ("zip_code", "state"),
    [("13261", "NY"), ("44199", "OH"), ("82602", "WY"), ("96799", "AS"), ("96910", "GU")],
)
def test_prefix_table_places_po_box_zips(zip_code: str, state: str) -> None:
    assert state_for_zip_prefix(zip_code) == state


@pytest.mark.parametrize("zip_code", ["09001", "34001", "96201", "96601", "00012", "21301"])
def test_military_and_unassigned_prefixes_belong_to_no_state(map_119, zip_code: str) -> None:
    assert state_for_zip_prefix(zip_code) is None
    lookup = lookup_zip(zip_code=zip_code)
    assert "couldn't find ZIP code" in lookup.error
    assert lookup.legislators == []


def test_po_box_zip_shows_the_senators_and_asks_for_the_address(map_119) -> None:
    lookup = lookup_zip(zip_code="13261")
    assert lookup.error == "" and lookup.non_zcta
    assert lookup.states == ["NY"] and lookup.needs_address
    assert ids(lookup) == of(map_119, "ny_senior", "ny_junior")
    assert "PO box" in lookup.notice


def test_po_box_zip_with_a_street_address(map_119, http) -> None:
    payload = census_payload("census_oh03.json")
    match = payload["result"]["addressMatches"][0]
    layer = match["geographies"]["119th Congressional Districts"][0]
    layer.update(GEOID="3622", STATE="36")
    http.get(
        GEOCODER_URL,
        json=payload,
        match=[
            matchers.query_param_matcher({"address": "100 S Clinton St, NY"}, strict_match=False)
        ],
    )
    with time_machine.travel(BEFORE_NOON, tick=False):
        lookup = lookup_zip(zip_code="13261", address="100 S Clinton St")
    assert lookup.settled and lookup.districts == [("NY", 22)]
    assert ids(lookup) == of(map_119, "ny_senior", "ny_junior", "ny_22")


def test_po_box_zip_in_an_at_large_state_is_settled(map_119) -> None:
    lookup = lookup_zip(zip_code="82602")
    assert lookup.settled and lookup.districts == [("WY", 0)]
    assert ids(lookup) == of(map_119, "wy_senior", "wy_junior", "wy_al")


def test_po_box_zip_in_a_redrawn_state_after_noon(map_119) -> None:
    with time_machine.travel(AFTER_NOON, tick=False):
        lookup = lookup_zip(zip_code="44199")
    assert lookup.states == ["OH"] and lookup.needs_address and lookup.redrawn_states == ["OH"]
    assert ids(lookup) == of(map_119, "oh_senior", "oh_junior")


# --- Vacancies -------------------------------------------------------------------------------


def test_vacant_house_and_senate_seats_are_named(map_119) -> None:
    with time_machine.travel(AFTER_NOON, tick=False):
        lookup = lookup_zip(zip_code="53202")
    assert lookup.settled and lookup.districts == [("WI", 4)]
    assert lookup.vacant_seats == ["WI-senate-class-1", "WI-04"]
    assert ids(lookup) == of(map_119, "wi_senior")
    assert lookup.vacancy_messages == [
        "One of Wisconsin's two Senate seats is empty right now, so there is no senator to "
        "write to for it until it is filled.",
        "The House seat for WI-04 is empty right now, so there is no representative to write "
        "to until it is filled.",
    ]


def test_a_filled_state_has_no_vacancies(map_119) -> None:
    assert lookup_zip(zip_code="99501").vacant_seats == []
    assert lookup_zip(zip_code="20001").vacant_seats == []  # DC has no Senate seats


def test_every_seat_of_the_country_is_known(map_119) -> None:
    vacant = seats_vacant()
    # 100 Senate seats and 441 House seats (435 plus six non-voting); 13 senators and 11
    # House members serve here.
    assert len(vacant) == 100 + 441 - 13 - 11
    assert "WI-senate-class-1" in vacant and "WI-senate-class-3" not in vacant
    assert "WI-04" in vacant and "WI-02" not in vacant
    assert "CA-52" in vacant and "CA-53" not in vacant
    assert "AK-AL" not in vacant and "GU" in vacant


# --- The API and the find page -----------------------------------------------------------


def test_api_reports_vacant_seats_and_the_congress(map_119, anonymous) -> None:
    with time_machine.travel(AFTER_NOON, tick=False):
        body = anonymous.get(reverse("legislators:api_lookup"), {"zip": "53202"}).json()
    assert body["vacant_seats"] == ["WI-senate-class-1", "WI-04"]
    assert body["congress"] == 120
    assert body["needs_address"] is False
    assert len(body["vacancies"]) == 2


def test_api_for_a_redrawn_state_and_a_po_box(map_119, anonymous) -> None:
    url = reverse("legislators:api_lookup")
    with time_machine.travel(AFTER_NOON, tick=False):
        redrawn = anonymous.get(url, {"zip": "45202"}).json()
        po_box = anonymous.get(url, {"zip": "13261"})
    assert redrawn["needs_address"] is True
    assert redrawn["new_map_states"] == ["OH"] and redrawn["districts"] == []
    assert [member["chamber"] for member in redrawn["legislators"]] == ["senate", "senate"]
    assert po_box.status_code == 200
    assert po_box.json()["po_box_zip"] is True and po_box.json()["state"] == "NY"


def test_find_page_says_a_seat_is_empty(map_119, anonymous) -> None:
    with time_machine.travel(AFTER_NOON, tick=False):
        page = anonymous.get(reverse("legislators:find"), {"zip": "53202"}).content.decode()
    assert "The House seat for WI-04 is empty right now" in page
    assert "One of Wisconsin&#x27;s two Senate seats is empty right now" in page


def test_find_page_for_a_redrawn_state_asks_for_the_address(map_119, anonymous) -> None:
    with time_machine.travel(AFTER_NOON, tick=False):
        page = anonymous.get(reverse("legislators:find"), {"zip": "45202"}).content.decode()
    assert "Ohio drew new congressional districts" in page
    assert 'name="address"' in page
    assert map_119["oh_01"].name not in page
    assert map_119["oh_senior"].name in page


def test_find_page_for_a_po_box(map_119, anonymous) -> None:
    page = anonymous.get(reverse("legislators:find"), {"zip": "13261"})
    assert page.status_code == 200
    text = page.content.decode()
    assert map_119["ny_senior"].name in text and 'name="address"' in text


# --- Speed: one query per new ZIP code ------------------------------------------------------


def test_a_new_zip_costs_one_query_once_the_process_is_warm(
    map_119, django_assert_num_queries
) -> None:
    with time_machine.travel(AFTER_NOON, tick=False):
        # The first lookup of the data version loads the map coverage and the roster.
        with django_assert_num_queries(3):
            lookup_zip(zip_code="99501")
        for zip_code in ("53202", "30165", "45202", "20001"):
            with django_assert_num_queries(1):
                lookup_zip(zip_code=zip_code)
        with django_assert_num_queries(0):
            lookup_zip(zip_code="53202")
        # A PO box ZIP code costs its one (empty) ZIP query.
        with django_assert_num_queries(1):
            lookup_zip(zip_code="13261")


def test_api_answers_are_not_kept_past_noon(map_119, anonymous) -> None:
    url = reverse("legislators:api_lookup")
    with time_machine.travel(BEFORE_NOON, tick=False):
        response = anonymous.get(url, {"zip": "99501"})
    assert "max-age=60" in response["Cache-Control"]
    with time_machine.travel(AFTER_NOON, tick=False):
        response = anonymous.get(url, {"zip": "99501"})
    assert "max-age=3600" in response["Cache-Control"]


def test_old_layer_is_not_matched_against_a_redrawn_states_new_rows(
    map_119, http, import_sample
) -> None:
    payload = census_payload("census_oh15.json")  # 119th layer only
    payload["result"]["addressMatches"][0]["geographies"]["119th Congressional Districts"][0][
        "GEOID"
    ] = "3910"
    stub_geocoder(http, payload)
    with time_machine.travel(AFTER_NOON, tick=False):
        import_sample()
        lookup = lookup_zip(zip_code="45406", address="1 Main St")
    # Old district 10 is not new district 10: the supporter picks from the new candidates.
    assert lookup.needs_address and lookup.districts == [("OH", 1), ("OH", 10)]
    assert lookup.geocoder_failed and "old district map for Ohio" in lookup.notice


def test_zip_location_for_filing_supporters(map_119) -> None:
    with time_machine.travel(AFTER_NOON, tick=False):
        assert zip_location(zip_code="99501") == ZipLocation(state="AK", district=0)
        assert zip_location(zip_code="45202") == ZipLocation(state="OH", district=None)
        assert zip_location(zip_code="30165") == ZipLocation(state="", district=None)
        assert zip_location(zip_code="13261") == ZipLocation(state="NY", district=None)
        assert zip_location(zip_code="82602") == ZipLocation(state="WY", district=0)
        assert zip_location(zip_code="09001") is None
    with time_machine.travel(BEFORE_NOON, tick=False):
        assert zip_location(zip_code="45202") == ZipLocation(state="OH", district=1)


def test_members_whose_term_ended_at_noon_wait_for_the_new_roster(map_119) -> None:
    # The 119th roster's member for AK-AL, not yet replaced by an import.
    map_119["ak_al"].delete()
    old = LegislatorFactory(
        state="AK",
        district=0,
        term_start=datetime.date(2025, 1, 3),
        term_end=datetime.date(2027, 1, 3),
    )
    with time_machine.travel(BEFORE_NOON, tick=False):
        before = lookup_zip(zip_code="99501")
    with time_machine.travel(AFTER_NOON, tick=False):
        after = lookup_zip(zip_code="99501")
        assert "AK-AL" not in seats_vacant()
    assert old.bioguide_id in ids(before) and before.awaiting_seats == []
    assert old.bioguide_id not in ids(after)
    assert after.awaiting_seats == ["AK-AL"]
    assert after.vacant_seats == []  # not vacant: its holder is not known yet
    assert "still loading its members" in after.awaiting_message


def test_api_and_page_say_a_seat_awaits_the_new_roster(map_119, anonymous) -> None:
    map_119["ak_al"].delete()
    LegislatorFactory(state="AK", district=0, term_end=datetime.date(2027, 1, 3))
    with time_machine.travel(AFTER_NOON, tick=False):
        body = anonymous.get(reverse("legislators:api_lookup"), {"zip": "99501"}).json()
        page = anonymous.get(reverse("legislators:find"), {"zip": "99501"}).content.decode()
    assert body["awaiting_seats"] == ["AK-AL"] and body["vacant_seats"] == []
    assert [m["chamber"] for m in body["legislators"]] == ["senate", "senate"]
    assert "still loading its members" in page


def test_prefix_table_agrees_with_the_zcta_table() -> None:
    # Every ZCTA's prefix belongs to a state, and to its own state but for a few ZCTAs that
    # cross a state line (Fort Campbell, Lake Tahoe...): the table is checked against data.
    zccd = Path(__file__).resolve().parents[2] / "legislators" / "data" / "zccd.csv"
    with zccd.open(encoding="utf-8") as handle:
        rows = {(row["zcta"], row["state_abbr"]) for row in csv.DictReader(handle)}
    placed = {zcta: state_for_zip_prefix(zcta) for zcta, _state in rows}
    assert None not in placed.values()
    elsewhere = {zcta for zcta, state in rows if placed[zcta] != state}
    assert len(elsewhere) < len(rows) / 200
