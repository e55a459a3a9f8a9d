"""The congress.gov API v3: bills, their cosponsors, committees, and bill lists.

Every request goes through one `requests.Session` with an explicit timeout; every
failure (no key, HTTP error, rate limit, a reply we cannot read) is a
`CongressGovError` with a message fit to show an organizer.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

import requests
from django.conf import settings

TIMEOUT = (5, 30)  # connect, read (seconds)
PAGE_SIZE = 250  # the most congress.gov returns per page
MAX_PAGES = 40  # a runaway `next` chain stops here (10,000 cosponsors is more than Congress)
# A Congress introduces about 10,000 House bills over two years: 100 pages is all of them.
MAX_BILL_PAGES = 100


class CongressGovError(Exception):
    """congress.gov could not give us a usable answer."""


@dataclass(frozen=True)
class Member:
    bioguide_id: str
    full_name: str
    party: str
    state: str
    district: int | None = None
    first_name: str = ""
    last_name: str = ""


@dataclass(frozen=True)
class CosponsorRecord:
    member: Member
    sponsorship_date: date
    is_original: bool
    withdrawn_date: date | None


@dataclass(frozen=True)
class BillRecord:
    congress: int
    bill_type: str  # lower case, as in our BillType
    number: int
    title: str
    introduced_date: date | None
    sponsors: list[Member] = field(default_factory=list)


@dataclass(frozen=True)
class BillSummary:
    """One entry of a bill list (`/bill/{congress}/{type}`): no sponsor in it."""

    congress: int
    bill_type: str
    number: int
    title: str


@dataclass(frozen=True)
class CommitteeReferral:
    """A committee (or subcommittee) a bill was referred to, by congress.gov system code."""

    system_code: str  # "ssfi00" for Senate Finance, "ssfi12" for one of its subcommittees
    name: str
    chamber: str


def _member(raw: Any) -> Member:
    if not isinstance(raw, dict) or not raw.get("bioguideId"):
        raise CongressGovError("congress.gov sent a member without a bioguide id.")
    district = raw.get("district")
    return Member(
        bioguide_id=str(raw["bioguideId"]),
        full_name=str(raw.get("fullName") or raw["bioguideId"]),
        party=str(raw.get("party") or ""),
        state=str(raw.get("state") or ""),
        district=int(district)
        if isinstance(district, int | str) and str(district).isdigit()
        else None,
        first_name=str(raw.get("firstName") or "").strip(),
        last_name=str(raw.get("lastName") or "").strip(),
    )


def _date(raw: Any, what: str) -> date:
    try:
        return date.fromisoformat(str(raw)[:10])
    except ValueError:
        raise CongressGovError(f"congress.gov sent an unreadable {what}: {raw!r}.") from None


class CongressGovClient:
    def __init__(self, *, api_key: str | None = None, base_url: str | None = None) -> None:
        self.api_key = settings.CONGRESS_API_KEY if api_key is None else api_key
        self.base_url = (base_url or settings.CONGRESS_API_URL).rstrip("/")
        self.session = requests.Session()
        # The header keeps the key out of URLs (and so out of logs).
        self.session.headers.update({"X-Api-Key": self.api_key, "Accept": "application/json"})

    def _get(self, url: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        if not self.api_key:
            raise CongressGovError(
                "No congress.gov API key: set CONGRESS_API_KEY "
                "(free from https://api.congress.gov/sign-up/)."
            )
        try:
            response = self.session.get(url, params=params, timeout=TIMEOUT)
        except requests.RequestException as error:
            raise CongressGovError(f"Could not reach congress.gov: {error}") from error
        if response.status_code == 429:
            raise CongressGovError(
                "congress.gov is rate limiting us (HTTP 429); try again in an hour."
            )
        if response.status_code in (401, 403):
            raise CongressGovError(
                f"congress.gov refused the API key (HTTP {response.status_code}); "
                "check CONGRESS_API_KEY."
            )
        if response.status_code == 404:
            raise CongressGovError(f"congress.gov has nothing at {urlsplit(url).path}.")
        if response.status_code >= 400:
            raise CongressGovError(f"congress.gov answered HTTP {response.status_code}.")
        try:
            payload = response.json()
        except ValueError:
            raise CongressGovError("congress.gov sent a reply that is not valid JSON.") from None
        if not isinstance(payload, dict):
            raise CongressGovError("congress.gov sent a reply in an unexpected shape.")
        return payload

    def _bill_url(self, congress: int, bill_type: str, number: int) -> str:
        return f"{self.base_url}/bill/{int(congress)}/{bill_type.lower()}/{int(number)}"

    def bill(self, *, congress: int, bill_type: str, number: int) -> BillRecord:
        """The bill's title, introduced date and sponsor(s)."""
        payload = self._get(self._bill_url(congress, bill_type, number), {"format": "json"})
        raw = payload.get("bill")
        if not isinstance(raw, dict):
            raise CongressGovError("congress.gov sent a bill reply without a bill.")
        try:
            sponsors = [_member(item) for item in raw.get("sponsors") or []]
            return BillRecord(
                congress=int(raw.get("congress", congress)),
                bill_type=str(raw.get("type", bill_type)).lower(),
                number=int(raw.get("number", number)),
                title=str(raw.get("title") or ""),
                introduced_date=(
                    _date(raw["introducedDate"], "introduced date")
                    if raw.get("introducedDate")
                    else None
                ),
                sponsors=sponsors,
            )
        except (TypeError, ValueError) as error:
            raise CongressGovError(f"congress.gov sent a bill we cannot read: {error}") from None

    def cosponsors(self, *, congress: int, bill_type: str, number: int) -> list[CosponsorRecord]:
        """Every cosponsor congress.gov lists, withdrawn ones included, across all pages."""
        url = self._bill_url(congress, bill_type, number) + "/cosponsors"
        records: list[CosponsorRecord] = []
        expected: int | None = None
        for _page in range(MAX_PAGES):
            # We count offsets ourselves rather than follow `pagination.next`: its URL
            # carries no key and may name another host; the count tells us when to stop.
            params = {"format": "json", "limit": PAGE_SIZE, "offset": len(records)}
            payload = self._get(url, params)
            items = payload.get("cosponsors")
            pagination = payload.get("pagination") or {}
            if not isinstance(items, list) or not isinstance(pagination, dict):
                raise CongressGovError(
                    "congress.gov sent a cosponsor reply in an unexpected shape."
                )
            records.extend(self._cosponsor(raw) for raw in items)
            if isinstance(pagination.get("count"), int):
                expected = pagination["count"]
            more = bool(pagination.get("next")) or (
                expected is not None and len(records) < expected
            )
            if not items or not more:
                break
        else:
            raise CongressGovError("congress.gov kept sending more pages; stopped.")
        if expected is not None and len(records) < expected:
            raise CongressGovError(
                f"congress.gov promised {expected} cosponsors but sent {len(records)}."
            )
        return records

    def _cosponsor(self, raw: Any) -> CosponsorRecord:
        if not isinstance(raw, dict):
            raise CongressGovError("congress.gov sent a cosponsor we cannot read.")
        if not raw.get("sponsorshipDate"):
            raise CongressGovError(
                f"congress.gov sent cosponsor {raw.get('bioguideId')!r} without a date."
            )
        withdrawn = raw.get("sponsorshipWithdrawnDate")
        return CosponsorRecord(
            member=_member(raw),
            sponsorship_date=_date(raw["sponsorshipDate"], "sponsorship date"),
            is_original=bool(raw.get("isOriginalCosponsor")),
            withdrawn_date=_date(withdrawn, "withdrawal date") if withdrawn else None,
        )

    def bills(
        self, *, congress: int, bill_type: str, from_datetime: datetime
    ) -> Iterator[BillSummary]:
        """Bills of one type in a Congress updated since `from_datetime`, oldest update first.

        congress.gov has no title search; this list (filtered on the update time) is
        how new bills are found. Pages through with offsets; stops at MAX_BILL_PAGES.
        """
        url = f"{self.base_url}/bill/{int(congress)}/{bill_type.lower()}"
        since = from_datetime.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        offset = 0
        for _page in range(MAX_BILL_PAGES):
            params = {
                "format": "json",
                "fromDateTime": since,
                "sort": "updateDate+asc",
                "limit": PAGE_SIZE,
                "offset": offset,
            }
            payload = self._get(url, params)
            items = payload.get("bills")
            pagination = payload.get("pagination") or {}
            if not isinstance(items, list) or not isinstance(pagination, dict):
                raise CongressGovError("congress.gov sent a bill list in an unexpected shape.")
            for raw in items:
                yield self._summary(raw, congress)
            offset += len(items)
            count = pagination.get("count")
            more = bool(pagination.get("next")) or (isinstance(count, int) and offset < count)
            if not items or not more:
                return
        raise CongressGovError("congress.gov kept sending more pages of bills; stopped.")

    def _summary(self, raw: Any, congress: int) -> BillSummary:
        try:
            return BillSummary(
                congress=int(raw.get("congress", congress)),
                bill_type=str(raw["type"]).lower(),
                number=int(raw["number"]),
                title=str(raw.get("title") or ""),
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            raise CongressGovError("congress.gov sent a bill list entry we cannot read.") from None

    def committees(self, *, congress: int, bill_type: str, number: int) -> list[CommitteeReferral]:
        """The committees and subcommittees the bill was referred to."""
        url = self._bill_url(congress, bill_type, number) + "/committees"
        payload = self._get(url, {"format": "json", "limit": PAGE_SIZE})
        items = payload.get("committees")
        if not isinstance(items, list):
            raise CongressGovError("congress.gov sent a committee reply in an unexpected shape.")
        referrals: list[CommitteeReferral] = []
        try:
            for raw in items:
                referrals.append(self._referral(raw))
                for sub in raw.get("subcommittees") or []:
                    referrals.append(self._referral(sub, chamber=str(raw.get("chamber") or "")))
        except (KeyError, TypeError, AttributeError):
            raise CongressGovError("congress.gov sent a committee we cannot read.") from None
        return referrals

    def _referral(self, raw: dict[str, Any], chamber: str = "") -> CommitteeReferral:
        code = str(raw["systemCode"]).lower()
        if len(code) != 6 or not code[:4].isalpha() or not code[4:].isdigit():
            raise CongressGovError(f"congress.gov sent an unknown committee code {code!r}.")
        return CommitteeReferral(
            system_code=code,
            name=str(raw.get("name") or ""),
            chamber=str(raw.get("chamber") or chamber),
        )
