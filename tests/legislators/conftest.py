"""A small Congress covering the ZIP codes the lookup tests use."""

import json
from pathlib import Path

import pytest
from django.conf import settings

from tests.legislators.factories import LegislatorFactory, ZipDistrictFactory

DATA = Path(__file__).resolve().parents[1] / "data"
GEOCODER_URL = f"{settings.CENSUS_GEOCODER_URL}/geographies/onelineaddress"


def census_payload(name: str) -> dict:
    """A recorded-shape reply of the Census geocoder from tests/data/."""
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@pytest.fixture
def congress(db) -> dict:
    """ZIP rows and serving members for a handful of real ZIP codes (names invented)."""
    zips = [
        ("43215", "OH", 3),
        ("43215", "OH", 15),  # Columbus: split between two districts
        ("45202", "OH", 1),  # Cincinnati: one district
        ("99501", "AK", 0),  # Anchorage: at-large state
        ("20001", "DC", 0),  # Washington: the delegate, no senators
        ("00901", "PR", 0),  # San Juan: the Resident Commissioner
        ("30165", "AL", 3),  # Rome, GA: crosses into Alabama
        ("30165", "GA", 14),
    ]
    for zcta, state, district in zips:
        ZipDistrictFactory(zcta=zcta, state=state, district=district)
    members = {
        "oh_senior": LegislatorFactory(senator=True, state="OH", state_rank="senior"),
        "oh_junior": LegislatorFactory(senator=True, state="OH", state_rank="junior"),
        "oh_03": LegislatorFactory(state="OH", district=3),
        "oh_15": LegislatorFactory(state="OH", district=15),
        "oh_01": LegislatorFactory(state="OH", district=1),
        "ak_senior": LegislatorFactory(senator=True, state="AK", state_rank="senior"),
        "ak_junior": LegislatorFactory(senator=True, state="AK", state_rank="junior"),
        "ak_al": LegislatorFactory(state="AK", district=0),
        "dc": LegislatorFactory(state="DC", district=0, is_voting=False),
        "pr": LegislatorFactory(state="PR", district=0, is_voting=False),
        "al_senior": LegislatorFactory(senator=True, state="AL", state_rank="senior"),
        "al_junior": LegislatorFactory(senator=True, state="AL", state_rank="junior"),
        "al_03": LegislatorFactory(state="AL", district=3),
        "ga_senior": LegislatorFactory(senator=True, state="GA", state_rank="senior"),
        "ga_junior": LegislatorFactory(senator=True, state="GA", state_rank="junior"),
        "ga_14": LegislatorFactory(state="GA", district=14),
    }
    # A former member for a seat in play: never offered.
    LegislatorFactory(state="OH", district=3, is_serving=False)
    return members
