"""US Census geocoder: a street address to its congressional district.

Only `geographies/onelineaddress` is used. The reply names its district layers by
Congress ("119th Congressional Districts", "120th ..." once the Bureau loads the new
maps) and each district carries its Congress in `CDSESSN`. We read the districts of
the Congress we are asked about; until the Bureau has loaded that Congress's layer we
fall back to the latest earlier one and say so (`DistrictMatch.congress`).
"""

import re
from dataclasses import dataclass
from typing import Any

import requests
from django.conf import settings

from legislators.congress import sitting_congress
from legislators.states import STATE_BY_FIPS

TIMEOUT_SECONDS = 3
ATTEMPTS = 2  # one retry
BENCHMARK = "Public_AR_Current"
VINTAGE = "Current_Current"

_LAYER = re.compile(r"^(\d+)(?:st|nd|rd|th) Congressional Districts?$", re.IGNORECASE)
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
    # The Congress of the map the district comes from; older than asked for while the
    # geocoder has not loaded the new maps.
    congress: int = 0


def districts_for_address(*, address: str, congress: int | None = None) -> list[DistrictMatch]:
    """Districts for each match of `address` under `congress` (default: the sitting one).

    An empty list when nothing matches. Raises CensusGeocoderError when the service
    fails twice or its reply makes no sense.
    """
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
    return parse_reply(payload, congress=congress or sitting_congress())


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


def _districts_by_congress(geographies: dict[str, Any]) -> dict[int, list[dict[str, Any]]]:
    """The district areas of a match, grouped by the Congress of their map.

    A layer is a district layer by its name ("120th Congressional Districts"); each
    area's CDSESSN names its Congress and wins over the layer's name when present.
    """
    found: dict[int, list[dict[str, Any]]] = {}
    for name, areas in geographies.items():
        layer = _LAYER.match(name)
        if not layer:
            continue
        for area in areas:
            session = str(area.get("CDSESSN", "")).strip()
            number = int(session) if session.isdigit() else int(layer.group(1))
            found.setdefault(number, []).append(area)
    return found


def parse_reply(payload: Any, *, congress: int) -> list[DistrictMatch]:
    """The district of each address match in a geographies/onelineaddress reply.

    Uses the districts of `congress`; when the reply has none yet (the Bureau loads a
    new Congress's maps some time after it begins), those of the latest earlier one.
    """
    try:
        matches = payload["result"]["addressMatches"]
        if not isinstance(matches, list):
            raise TypeError("addressMatches is not a list")
        found: list[DistrictMatch] = []
        for match in matches:
            by_congress = _districts_by_congress(match["geographies"])
            usable = [number for number in by_congress if number <= congress]
            if not usable:
                raise CensusGeocoderError(
                    f"Reply has no district layer for the {congress}th Congress"
                )
            number = max(usable)
            for area in by_congress[number]:
                district = _parse_geoid(str(area["GEOID"]))
                if district:
                    found.append(
                        DistrictMatch(*district, str(match.get("matchedAddress", "")), number)
                    )
        return found
    except (KeyError, TypeError, AttributeError, ValueError) as error:
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
