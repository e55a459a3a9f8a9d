"""A small Congress covering the ZIP codes the lookup tests use."""

import json
from pathlib import Path

import pytest
from django.conf import settings

from tests.legislators.factories import build_congress

DATA = Path(__file__).resolve().parents[1] / "data"
GEOCODER_URL = f"{settings.CENSUS_GEOCODER_URL}/geographies/onelineaddress"


def census_payload(name: str) -> dict:
    """A recorded-shape reply of the Census geocoder from tests/data/."""
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@pytest.fixture
def congress(db) -> dict:
    return build_congress()
