"""US Census geocoder: a street address to its congressional district.

Only `geographies/onelineaddress` is used. The reply names its district layer by
Congress ("119th Congressional Districts", "120th ..." once new maps are loaded);
we read the layer of the Congress sitting on the given day.
"""

import datetime
import re
from dataclasses import dataclass
from typing import Any

import requests
from django.conf import settings
from django.utils import timezone

from legislators.states import STATE_BY_FIPS

TIMEOUT_SECONDS = 3
ATTEMPTS = 2  # one retry
BENCHMARK = "Public_AR_Current"
VINTAGE = "Current_Current"

_LAYER = re.compile(r"^(\d+)(?:st|nd|rd|th) Congressional Districts$")
_GEOID = re.compile(r"^(\d{2})(\d{2})$")
# The House codes a delegate's or the Resident Commissioner's seat as 98; we store 0.
NON_VOTING_DISTRICT = 98

_session = requests.Session()
_session.headers["User-Agent"] = "PressOne/1.0 (campaign site; find your lawmakers)"


class CensusGeocoderError(Exception):
    """The geocoder could not answer: timeout, network error, HTTP error or a malformed reply."""


@dataclass(frozen=True)
class DistrictMatch:
    state: str
    district: int
    matched_address: str


def sitting_congress(day: datetime.date) -> int:
    """The number of the Congress in session on `day` (the 119th runs 2025-01-03 to 2027-01-03)."""
    year = day.year if (day.month, day.day) >= (1, 3) else day.year - 1
    # Each Congress starts on January 3 of an odd year; the 1st began in 1789.
    return (year - 1789) // 2 + 1


def districts_for_address(*, address: str, day: datetime.date | None = None) -> list[DistrictMatch]:
    """Districts for each match of `address`; an empty list when nothing matches.

    Raises CensusGeocoderError when the service fails twice or its reply makes no sense.
    """
    congress = sitting_congress(day or timezone.localdate())
    payload = _get(
        "geographies/onelineaddress",
        {
            "address": address,
            "benchmark": BENCHMARK,
            "vintage": VINTAGE,
            "layers": "all",
            "format": "json",
        },
    )
    return parse_reply(payload, congress=congress)


def _get(path: str, params: dict[str, str]) -> Any:
    # Error messages name the failure, never the request URL: its query holds an address.
    url = f"{settings.CENSUS_GEOCODER_URL}/{path}"
    failure = ""
    for _attempt in range(ATTEMPTS):
        try:
            response = _session.get(url, params=params, timeout=TIMEOUT_SECONDS)
        except (requests.Timeout, requests.ConnectionError) as error:
            failure = type(error).__name__
            continue
        except requests.RequestException as error:
            raise CensusGeocoderError(f"Geocoder request failed: {type(error).__name__}") from None
        if response.status_code >= 500:
            failure = f"HTTP {response.status_code}"
            continue
        if response.status_code != 200:
            raise CensusGeocoderError(f"Geocoder answered HTTP {response.status_code}")
        try:
            return response.json()
        except ValueError:
            raise CensusGeocoderError("Geocoder reply is not JSON") from None
    raise CensusGeocoderError(f"Geocoder failed twice: {failure}")


def _pick_layer(geographies: dict[str, Any], congress: int) -> str | None:
    layers = {}
    for name in geographies:
        found = _LAYER.match(name)
        if found:
            layers[int(found.group(1))] = name
    if congress in layers:
        return layers[congress]
    # Not loaded yet for a new Congress: the most recent earlier maps still hold.
    earlier = [number for number in layers if number < congress]
    return layers[max(earlier)] if earlier else None


def parse_reply(payload: Any, *, congress: int) -> list[DistrictMatch]:
    """The district of each address match in a geographies/onelineaddress reply."""
    try:
        matches = payload["result"]["addressMatches"]
        if not isinstance(matches, list):
            raise TypeError("addressMatches is not a list")
        found: list[DistrictMatch] = []
        for match in matches:
            geographies = match["geographies"]
            layer = _pick_layer(geographies, congress)
            if layer is None:
                raise CensusGeocoderError(
                    f"Reply has no district layer for the {congress}th Congress"
                )
            for area in geographies[layer]:
                district = _parse_geoid(str(area["GEOID"]))
                if district:
                    found.append(DistrictMatch(*district, str(match.get("matchedAddress", ""))))
        return found
    except (KeyError, TypeError, AttributeError) as error:
        raise CensusGeocoderError(f"Malformed geocoder reply: {error!r}") from error


def _parse_geoid(geoid: str) -> tuple[str, int] | None:
    """GEOID is state FIPS + two digits: 00 at-large, 98 non-voting; ZZ (water) has no seat."""
    found = _GEOID.match(geoid)
    if not found:
        if geoid.endswith("ZZ"):
            return None
        raise CensusGeocoderError(f"Unexpected district GEOID {geoid!r}")
    fips, number = found.group(1), int(found.group(2))
    state = STATE_BY_FIPS.get(fips)
    if state is None:
        raise CensusGeocoderError(f"Unknown state FIPS code in GEOID {geoid!r}")
    if number == NON_VOTING_DISTRICT:
        number = 0
    return state, number
