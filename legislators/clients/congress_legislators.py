"""Fetches the congress-legislators data files (YAML) over HTTP."""

import requests

TIMEOUT_SECONDS = 30
# Published next to each other by the congress-legislators project.
DEFAULT_MEMBERS_URL = "https://unitedstates.github.io/congress-legislators/legislators-current.yaml"
SOCIAL_FILE_NAME = "legislators-social-media.yaml"

_session = requests.Session()
_session.headers["User-Agent"] = "PressOne/1.0 (campaign site; members import)"


class CongressLegislatorsError(Exception):
    """The file could not be fetched: network trouble or a non-200 answer."""


def fetch_text(url: str) -> str:
    """The body of `url` as text, or CongressLegislatorsError saying what went wrong."""
    try:
        response = _session.get(url, timeout=TIMEOUT_SECONDS)
    except requests.RequestException as error:
        raise CongressLegislatorsError(f"Could not fetch {url}: {error}") from error
    if response.status_code != 200:
        raise CongressLegislatorsError(f"Fetching {url} answered HTTP {response.status_code}.")
    response.encoding = response.encoding or "utf-8"
    return response.text


def social_url_for(members_url: str) -> str:
    """The social-media file published in the same folder as `members_url`."""
    return members_url.rsplit("/", 1)[0] + "/" + SOCIAL_FILE_NAME
