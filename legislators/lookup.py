"""Find your lawmakers: a ZIP code (and maybe a street address) to senators and representative.

The answer follows the Congress sitting at the moment of the lookup. Each process holds,
per data version, the serving members and the seats of every ZIP code under the sitting
Congress (the ZIP table read once, a few hundred milliseconds and about 10 MB), so a
national email reaching tens of thousands of new ZIP codes costs no query per ZIP code
and one cache read (the data version) per lookup. Every import changes the data version
(and with it every key), and so does the start of a new Congress.
"""

import csv
import hashlib
import logging
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from functools import cache as memoize
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext

from legislators.clients import census
from legislators.congress import changed_map_states, congress_start, sitting_congress
from legislators.models import Chamber, Legislator, ZipDistrict, lawmaker_order
from legislators.states import (
    HOUSE_SEATS,
    SENATE_CLASSES,
    STATES,
    house_seat_numbers,
    seat_code,
    senate_seat_code,
    state_name,
)

DATA_VERSION_KEY = "legislators:data-version"
ZIP_PATTERN = re.compile(r"^(\d{5})(?:[-\s]?\d{4})?$")
ZIP_IN_TEXT = re.compile(r"\b\d{5}(?:-\d{4})?\b")
MAX_ADDRESS_LENGTH = 200
GEOCODE_CACHE_SECONDS = 60 * 60 * 24 * 7
GEOCODE_MISS_CACHE_SECONDS = 60 * 60 * 24
PREFIX_FILE = Path(__file__).resolve().parent / "data" / "zip_prefixes.csv"

logger = logging.getLogger(__name__)

Seat = tuple[str, int]


# --- Data version ------------------------------------------------------------------------


# The version this process read last, and when (time.monotonic()).
_version_seen: dict[str, Any] = {"token": None, "read_at": 0.0}


def data_version() -> str:
    """A key part that changes with every import and at the start of each Congress.

    The import part is random rather than a counter so that a flushed cache never
    brings back a number some process still holds data for. Each process asks the shared
    cache at most once per LOOKUP_VERSION_RECHECK_SECONDS: an import made elsewhere shows
    that much later, one made in this process at once.
    """
    now = time.monotonic()
    token = _version_seen["token"]
    if token is None or now - _version_seen["read_at"] >= settings.LOOKUP_VERSION_RECHECK_SECONDS:
        token = cache.get_or_set(DATA_VERSION_KEY, lambda: uuid.uuid4().hex[:12], timeout=None)
        _version_seen.update(token=token, read_at=now)
    return f"{token}-{sitting_congress()}"


def lookup_cache_clear() -> None:
    """Make every cached lookup stale (after the members or the ZIP table change)."""
    token = uuid.uuid4().hex[:12]
    cache.set(DATA_VERSION_KEY, token, timeout=None)
    _version_seen.update(token=None, read_at=0.0)


# --- What each process holds in memory per data version ------------------------------------


@dataclass(frozen=True)
class ZipMaps:
    """Which Congress's ZIP rows answer for each state while `congress` sits."""

    congress: int
    covered: frozenset[tuple[int, str]]  # (congress, state) pairs the ZIP table has rows for

    def source(self, state: str) -> int | None:
        """The Congress whose rows hold for `state`; None while its new map is missing.

        A state's own rows win. Without them, the rows of the latest earlier Congress
        carry over, unless the map changed at a Congress on the way back.
        """
        number = self.congress
        oldest = min((c for c, _state in self.covered), default=self.congress)
        while number >= oldest:
            if (number, state) in self.covered:
                return number
            if state in changed_map_states(number):
                return None
            number -= 1
        return None

    def redrawn_without_rows(self) -> list[str]:
        """States on the changed-map list whose new ZIP rows have not been imported."""
        return sorted(
            state
            for state in changed_map_states(self.congress)
            if (self.congress, state) not in self.covered
        )


@dataclass(frozen=True)
class Roster:
    """The serving members by seat, and those whose term ran out at the sitting Congress's start.

    On the first day of a Congress the roster still lists the previous one's members
    until the new roster is imported (hours after noon). A member whose regular term
    ended at noon on January 3 (`term_end` on a Congress's first day, not later than
    the sitting one's) is not offered: their seat is "awaiting the new roster", neither
    theirs nor vacant. Other end dates (an appointed senator's special election) are
    left to the roster import.
    """

    senators: dict[str, list[Legislator]]
    house: dict[Seat, list[Legislator]]
    ended_senators: dict[str, list[Legislator]]
    ended_house: dict[Seat, list[Legislator]]

    @classmethod
    def of(cls, members: list[Legislator], *, congress: int) -> "Roster":
        start = congress_start(congress).date()
        roster = cls(senators={}, house={}, ended_senators={}, ended_house={})
        for member in _ordered(members):
            end = member.term_end
            ended = end is not None and end <= start and (end.month, end.day) == (1, 3)
            if member.chamber == Chamber.SENATE:
                by_state = roster.ended_senators if ended else roster.senators
                by_state.setdefault(member.state, []).append(member)
            else:
                by_seat = roster.ended_house if ended else roster.house
                by_seat.setdefault((member.state, member.district or 0), []).append(member)
        return roster

    def members(self, *, states: list[str], seats: list[Seat]) -> list[Legislator]:
        found = [member for state in states for member in self.senators.get(state, [])]
        return found + [member for seat in seats for member in self.house.get(seat, [])]

    def ended(self, *, states: list[str], seats: list[Seat]) -> list[Legislator]:
        """Members of these seats whose term ended and who have no successor listed yet."""
        found = [
            member
            for state in states
            for member in self.ended_senators.get(state, [])
            if len(self.senators.get(state, [])) < len(SENATE_CLASSES.get(state, ()))
            and member.senate_class not in {m.senate_class for m in self.senators.get(state, [])}
        ]
        return found + [
            member
            for seat in seats
            if not self.house.get(seat)
            for member in self.ended_house.get(seat, [])
        ]


@dataclass
class Held:
    """What one process keeps for one data version: a few hundred members, the map
    coverage, and the seats of every ZCTA under the sitting Congress (ZIP codes missing
    from `zips` are not ZCTAs). Equal answers share one ZipSeats: some 33,000 ZCTAs come
    to fewer than 2,000 distinct ones.

    `memo` holds what the views derive from these alone (a rendered results fragment per
    seat set and language, a member's JSON per language), so it goes with the version.
    """

    maps: ZipMaps
    roster: Roster
    zips: dict[str, "ZipSeats"] = field(default_factory=dict)
    memo: dict[tuple, object] = field(default_factory=dict)


_held: dict[str, Held] = {}
_held_lock = threading.Lock()


def _memory(version: str) -> Held:
    """What this process holds for `version`: two queries once per process and version."""
    held = _held.get(version)
    if held is not None:
        return held
    with _held_lock:
        held = _held.get(version)
        if held is None:
            started = time.perf_counter()
            congress = int(version.rsplit("-", 1)[1])
            # Later Congresses' rows never answer while this one sits, so they are not read.
            rows = ZipDistrict.objects.filter(congress__lte=congress).order_by()
            rows = list(rows.values_list("zcta", "congress", "state", "district"))
            members = list(Legislator.objects.serving())
            maps = ZipMaps(
                congress=congress,
                covered=frozenset((row_congress, state) for _z, row_congress, state, _d in rows),
            )
            held = Held(
                maps=maps,
                roster=Roster.of(members, congress=congress),
                zips=_seats_by_zip(rows, maps),
            )
            logger.info(
                "Loaded %d ZIP rows (%d ZIP codes) and %d members for data version %s in %.0f ms",
                len(rows),
                len(held.zips),
                len(members),
                version,
                (time.perf_counter() - started) * 1000,
            )
            # Only the current version is worth keeping.
            _held.clear()
            _held[version] = held
    return held


def serving_roster() -> Roster:
    """The serving members of the current data version, from memory."""
    return _memory(data_version()).roster


def lookup_memo(version: str) -> dict[tuple, object]:
    """A dict that lives as long as this process holds `version` (see Held.memo).

    For what depends only on the version's members and seats: rendered fragments, JSON.
    """
    return _memory(version).memo


# --- USPS prefixes, for ZIP codes that are not ZCTAs -------------------------------------


@memoize
def _prefix_table() -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """3-digit prefixes to states, and the few 5-digit ranges that differ from their prefix."""
    prefixes: dict[str, str] = {}
    ranges: list[tuple[str, str, str]] = []
    with PREFIX_FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            first, last, state = row["first"], row["last"], row["state"]
            if state not in STATES or len(first) != len(last):
                raise ValueError(f"Bad row in {PREFIX_FILE.name}: {row}")
            if len(first) == 5:
                ranges.append((first, last, state))
                continue
            for number in range(int(first), int(last) + 1):
                prefixes[f"{number:03d}"] = state
    return prefixes, ranges


def state_for_zip_prefix(zip5: str) -> str | None:
    """The state a ZIP code's USPS prefix belongs to; None for military and unassigned ones."""
    prefixes, ranges = _prefix_table()
    for first, last, state in ranges:
        if first <= zip5 <= last:
            return state
    return prefixes.get(zip5[:3])


# --- The lookup ----------------------------------------------------------------------------


@dataclass
class ZipLookup:
    """What a ZIP code (and maybe a street address) tells us about someone's lawmakers.

    `districts` are the House seats still possible (one when settled); `legislators`
    are the serving senators of `states`, then the House members for `districts`.
    `error` is set, with nothing found, for bad or unknown ZIP codes; `notice` explains
    an unsettled result (split ZIP, new map, PO box, address not matched) in plain words.
    `redrawn_states` drew a new map for `congress` that the ZIP table lacks: their
    House seat comes from the street address only. `non_zcta` ZIP codes (PO boxes,
    unique ZIPs) were placed in a state by their first three digits.
    """

    zip_code: str
    congress: int = 0
    states: list[str] = field(default_factory=list)
    districts: list[Seat] = field(default_factory=list)
    needs_address: bool = False
    legislators: list[Legislator] = field(default_factory=list)
    error: str = ""
    geocoder_failed: bool = False
    notice: str = ""
    # All the seats of the ZIP code, before an address or a choice narrowed them.
    candidates: list[Seat] = field(default_factory=list)
    address_matched: bool = False
    redrawn_states: list[str] = field(default_factory=list)
    non_zcta: bool = False
    # The geocoder answered from an older Congress's map for a state that has a new one.
    map_may_be_outdated: bool = False
    # Members of these seats whose term ended at noon, before the new roster arrived.
    ended: list[Legislator] = field(default_factory=list)
    # The data version the answer came from, so the views derive from the same one
    # without asking the cache again (see lookup_memo).
    data_version: str = ""

    @property
    def senators(self) -> list[Legislator]:
        return [member for member in self.legislators if member.chamber == Chamber.SENATE]

    @property
    def representatives(self) -> list[Legislator]:
        return [member for member in self.legislators if member.chamber == Chamber.HOUSE]

    @property
    def settled(self) -> bool:
        return not self.error and len(self.districts) == 1 and not self.needs_address

    @property
    def seats(self) -> list[str]:
        return [seat_code(state, district) for state, district in self.districts]

    @property
    def vacant_seats(self) -> list[str]:
        """Seats in this answer with nobody serving: Senate seats first, then House seats.

        Senate seats are written WI-senate-class-1 (the seat's class), House seats as
        people write them (WI-04, AK-AL). No letter is written for them.
        """
        vacant: list[str] = []
        # A seat whose member's term just ended is awaiting the new roster, not vacant.
        holders = self.legislators + self.ended
        for state in self.states:
            senators = [m for m in holders if m.chamber == Chamber.SENATE and m.state == state]
            vacant += _senate_vacancies(state, senators)
        filled_house = {(m.state, m.district or 0) for m in holders if m.chamber == Chamber.HOUSE}
        vacant += [seat_code(*seat) for seat in self.districts if seat not in filled_house]
        return vacant

    @property
    def awaiting_seats(self) -> list[str]:
        """Seats whose member's term ended at noon and whose new holder is not loaded yet."""
        return [
            senate_seat_code(m.state, m.senate_class or 0)
            if m.chamber == Chamber.SENATE
            else seat_code(m.state, m.district or 0)
            for m in self.ended
        ]

    @property
    def awaiting_message(self) -> str:
        if not self.ended:
            return ""
        return gettext(
            "A new Congress has just begun and we are still loading its members, so we "
            "can't show you who now holds every seat for this ZIP code. Please check back "
            "in a few hours."
        )

    @property
    def vacancy_messages(self) -> list[str]:
        """Each vacant seat in plain words, for the find page and the letter flow."""
        messages = []
        for seat in self.vacant_seats:
            if "-senate-" in seat:
                messages.append(
                    gettext(
                        "One of %(state)s's two Senate seats is empty right now, so there is "
                        "no senator to write to for it until it is filled."
                    )
                    % {"state": state_name(seat[:2])}
                )
            else:
                messages.append(
                    gettext(
                        "The House seat for %(seat)s is empty right now, so there is no "
                        "representative to write to until it is filled."
                    )
                    % {"seat": seat}
                )
        return messages


def _senate_vacancies(state: str, senators: list[Legislator]) -> list[str]:
    """The empty Senate seats of a state, named by class, given its serving senators.

    The count decides (two seats minus the senators serving); the classes only name
    the empty seats, so a senator imported with a wrong or missing class still fills one.
    """
    classes = SENATE_CLASSES.get(state, ())
    empty_count = max(0, len(classes) - len(senators))
    filled = {member.senate_class for member in senators}
    empty = [number for number in classes if number not in filled]
    empty += [number for number in classes if number not in empty]
    return [senate_seat_code(state, number) for number in empty[:empty_count]]


def normalise_zip(raw: str) -> str | None:
    """The five-digit ZIP code in `raw` (ZIP+4 allowed), or None."""
    found = ZIP_PATTERN.match((raw or "").strip())
    return found.group(1) if found else None


def _ordered(members: list[Legislator]) -> list[Legislator]:
    return sorted(members, key=lawmaker_order)


@dataclass(frozen=True)
class ZipSeats:
    """A ZIP code's states and House seats under the sitting Congress."""

    states: tuple[str, ...]
    seats: tuple[Seat, ...]
    # States of the ZIP code whose new map the ZIP table lacks.
    redrawn: tuple[str, ...]


def zip_seats(zip_code: str) -> ZipSeats | None:
    """States and House seats of a ZCTA under the sitting Congress; None if not a ZCTA."""
    zip5 = normalise_zip(zip_code)
    return _zip_seats(zip5, _memory(data_version())) if zip5 else None


def _zip_seats(zip5: str, held: Held) -> ZipSeats | None:
    """From memory: the whole ZIP table was read when the data version was first used."""
    return held.zips.get(zip5)


def _seats_by_zip(rows: list[tuple[str, int, str, int]], maps: ZipMaps) -> dict[str, ZipSeats]:
    """Every ZCTA's states and seats under `maps`, from (zcta, congress, state, district) rows.

    Kept in the process rather than the shared cache: a shared-cache read per ZIP code
    costs more than the one query per process and data version.
    """
    by_zip: dict[str, dict[str, list[tuple[int, int]]]] = {}
    for zcta, congress, state, district in rows:
        by_zip.setdefault(zcta, {}).setdefault(state, []).append((congress, district))
    sources = {state: maps.source(state) for state in {row[2] for row in rows}}
    changed = changed_map_states(maps.congress)
    shared: dict[ZipSeats, ZipSeats] = {}
    found: dict[str, ZipSeats] = {}
    for zcta, by_state in by_zip.items():
        seats: list[Seat] = []
        redrawn: list[str] = []
        for state, pairs in by_state.items():
            source = sources[state]
            if source is None:
                # The old map's district would name the wrong member: ask for the address.
                if state in changed:
                    redrawn.append(state)
                continue
            seats += [(state, district) for congress, district in pairs if congress == source]
        states = sorted({state for state, _district in seats} | set(redrawn))
        if not states:
            continue
        value = ZipSeats(tuple(states), tuple(sorted(set(seats))), tuple(sorted(redrawn)))
        found[zcta] = shared.setdefault(value, value)
    return found


@dataclass(frozen=True)
class ZipLocation:
    """Where a ZIP code is, for filing a supporter under a state and district."""

    state: str  # empty when the ZIP code spans two states
    district: int | None  # None when it spans several districts or its new map is missing


def zip_location(*, zip_code: str) -> ZipLocation | None:
    """State and House district of a ZIP code under the sitting Congress; None if unknown.

    Replaces petitions.services.zip_location, which read every Congress's rows at once.
    PO box ZIP codes are placed by their prefix (district known only for one-seat states).
    """
    zip5 = normalise_zip(zip_code)
    if zip5 is None:
        return None
    found = _zip_seats(zip5, _memory(data_version()))
    if found is None:
        state = state_for_zip_prefix(zip5)
        if state is None:
            return None
        return ZipLocation(state=state, district=0 if HOUSE_SEATS.get(state) == 1 else None)
    state = found.states[0] if len(found.states) == 1 else ""
    settled = len(found.seats) == 1 and not found.redrawn
    return ZipLocation(state=state, district=found.seats[0][1] if settled else None)


def _narrow(lookup: ZipLookup, seat: Seat, roster: Roster) -> None:
    state, _district = seat
    lookup.states = [state]
    lookup.districts = [seat]
    lookup.needs_address = False
    lookup.legislators = roster.members(states=[state], seats=[seat])
    lookup.ended = roster.ended(states=[state], seats=[seat])


def _geocode(address: str, congress: int) -> list[tuple[str, int, int]]:
    """(state, district, Congress of the map) per match of `address`, cached.

    Raises CensusGeocoderError on failure.
    """
    # The key is a hash: a supporter's address never sits in the cache in clear.
    digest = hashlib.sha256(f"{congress}|{address.casefold()}".encode()).hexdigest()
    # "geocode2": entries now carry the map's Congress; older entries must not be read.
    key = f"legislators:geocode2:{digest}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    matches = census.districts_for_address(address=address, congress=congress)
    seats = sorted({(match.state, match.district, match.congress) for match in matches})
    cache.set(key, seats, GEOCODE_CACHE_SECONDS if seats else GEOCODE_MISS_CACHE_SECONDS)
    return seats


def _clean_address(raw: str) -> str:
    return " ".join("".join(ch if ch.isprintable() else " " for ch in raw or "").split())


def _unknown_zip(zip5: str) -> ZipLookup:
    return ZipLookup(
        zip_code=zip5,
        error=gettext(
            "We couldn't find ZIP code %(zip)s. Check it, or if it is a military or "
            "overseas address, use the ZIP code of your home address in the US."
        )
        % {"zip": zip5},
    )


def lookup_zip(*, zip_code: str, address: str = "", seat: str = "") -> ZipLookup:
    """The lawmakers for a ZIP code, narrowed by a street address or a chosen seat.

    A ZIP code inside one House district needs nothing more. A split ZIP code asks
    for the street address (`needs_address`), which the Census geocoder resolves; if
    the geocoder fails or finds nothing, every candidate is returned with a `notice`
    so the supporter can pick (then pass `seat`, such as "OH-15"). A ZIP code in a
    state whose new map we lack, or a PO box ZIP code, shows the senators and asks for
    the address. The first lookup of a ZIP code costs one query; later ones none.
    """
    zip5 = normalise_zip(zip_code)
    if zip5 is None:
        return ZipLookup(
            zip_code=(zip_code or "").strip()[:10],
            error=gettext("Enter a five-digit ZIP code, for example 20001."),
        )
    version = data_version()
    lookup = _lookup(zip5, _memory(version), address=address, seat=seat)
    lookup.data_version = version
    return lookup


def _lookup(zip5: str, held: Held, *, address: str, seat: str) -> ZipLookup:
    maps, roster = held.maps, held.roster
    found = _zip_seats(zip5, held)
    if found is None:
        state = state_for_zip_prefix(zip5)
        if state is None:
            return _unknown_zip(zip5)
        return _non_zcta_lookup(zip5, state, maps, roster, address)
    states, seats, redrawn = list(found.states), list(found.seats), list(found.redrawn)
    lookup = ZipLookup(
        zip_code=zip5,
        congress=maps.congress,
        states=states,
        districts=seats,
        candidates=list(seats),
        legislators=roster.members(states=states, seats=seats),
        ended=roster.ended(states=states, seats=seats),
        redrawn_states=redrawn,
    )
    if not redrawn and len(seats) == 1:
        return lookup

    chosen = [candidate for candidate in seats if seat_code(*candidate) == seat.strip().upper()]
    if chosen:
        _narrow(lookup, chosen[0], roster)
        return lookup
    return _resolve_address(lookup, roster, address, query_zip=zip5)


def _non_zcta_lookup(
    zip5: str, state: str, maps: ZipMaps, roster: Roster, address: str
) -> ZipLookup:
    """A PO box or unique ZIP code: the state's senators; the House seat from the address."""
    lookup = ZipLookup(
        zip_code=zip5,
        congress=maps.congress,
        states=[state],
        legislators=roster.members(states=[state], seats=[]),
        ended=roster.ended(states=[state], seats=[]),
        non_zcta=True,
    )
    if HOUSE_SEATS.get(state) == 1:
        # A single seat (at-large, or a delegate): the state settles it.
        lookup.districts, lookup.candidates = [(state, 0)], [(state, 0)]
        lookup.legislators = roster.members(states=[state], seats=[(state, 0)])
        lookup.ended = roster.ended(states=[state], seats=[(state, 0)])
        return lookup
    lookup.redrawn_states = [state] if state in maps.redrawn_without_rows() else []
    return _resolve_address(lookup, roster, address, query_zip="")


def _resolve_address(
    lookup: ZipLookup, roster: Roster, raw_address: str, *, query_zip: str
) -> ZipLookup:
    """Narrow an unsettled lookup by the street address through the Census geocoder."""
    address = _clean_address(raw_address)
    lookup.needs_address = True
    if not address:
        lookup.notice = _address_notice(lookup)
        return lookup
    if len(address) > MAX_ADDRESS_LENGTH:
        lookup.notice = gettext("That address is too long. Enter just the street and number.")
        return lookup

    if query_zip:
        query = address if query_zip in address else f"{address}, {query_zip}"
    else:
        # A PO box ZIP code says nothing about the street: the state helps the geocoder.
        query = address if ZIP_IN_TEXT.search(address) else f"{address}, {lookup.states[0]}"
    try:
        matched = _geocode(query, lookup.congress)
    except census.CensusGeocoderError as error:
        # The reason goes to the log; the address does not.
        logger.warning("Census geocoder failed for a ZIP %s lookup: %s", lookup.zip_code, error)
        lookup.geocoder_failed = True
        if lookup.candidates:
            lookup.notice = gettext(
                "The address service isn't answering right now, so we can't tell which of "
                "these districts you live in. Pick your representative from the list, or try "
                "again in a few minutes."
            )
        else:
            lookup.notice = gettext(
                "The address service isn't answering right now, so we can't find your "
                "representative yet. Please try again in a few minutes."
            )
        return lookup
    # The new map's seats in a redrawn state are not in the ZIP table, so any seat of
    # that state is possible; elsewhere the seat must be one of the ZIP code's.
    open_states = set(lookup.redrawn_states) | ({lookup.states[0]} if lookup.non_zcta else set())
    changed = changed_map_states(lookup.congress)
    # An old-map district number means nothing against a redrawn state's new rows.
    stale = [
        state
        for state, _district, congress in matched
        if congress < lookup.congress and state in changed and state not in open_states
    ]
    possible = [
        (state, district, congress)
        for state, district, congress in matched
        if ((state, district) in lookup.candidates and state not in stale) or state in open_states
    ]
    if len(possible) == 1 and len(matched) == 1:
        state, district, congress = possible[0]
        _narrow(lookup, (state, district), roster)
        lookup.address_matched = True
        if congress < lookup.congress and state in changed_map_states(lookup.congress):
            lookup.map_may_be_outdated = True
            lookup.notice = gettext(
                "The address service still uses the old district map for %(state)s, so "
                "this representative may not be the one elected under the new map."
            ) % {"state": state_name(state)}
        return lookup
    lookup.geocoder_failed = True
    if stale and not possible:
        lookup.notice = gettext(
            "The address service still uses the old district map for %(state)s, so it can't "
            "tell which of these districts you live in. Pick your representative from the list."
        ) % {"state": state_name(stale[0])}
    elif not matched and lookup.candidates:
        lookup.notice = gettext(
            "We couldn't find that street address. Check the house number and street "
            "name, or pick your representative from the list."
        )
    elif not matched:
        lookup.notice = gettext(
            "We couldn't find that street address. Check the house number and street "
            "name, and add the city."
        )
    elif not possible and query_zip:
        lookup.notice = gettext(
            "That address doesn't seem to be in ZIP code %(zip)s. Check both, or pick your "
            "representative from the list."
        ) % {"zip": lookup.zip_code}
    elif not possible:
        lookup.notice = gettext(
            "That address doesn't seem to be in %(state)s. Check it, and enter your home "
            "address rather than a mailing address."
        ) % {"state": state_name(lookup.states[0])}
    else:
        lookup.notice = gettext(
            "That address matched more than one place. Add the city, or pick your "
            "representative from the list."
        )
    return lookup


def _address_notice(lookup: ZipLookup) -> str:
    if lookup.non_zcta:
        return gettext(
            "ZIP code %(zip)s doesn't tell us your congressional district (it may be a PO "
            "box or business ZIP code). Here are your senators; enter your home street "
            "address to find your representative."
        ) % {"zip": lookup.zip_code}
    if lookup.redrawn_states:
        return gettext(
            "%(states)s drew new congressional districts for this Congress, and our ZIP code "
            "list doesn't have them yet. Enter your street address so we can find your "
            "representative on the new map."
        ) % {"states": ", ".join(state_name(state) for state in lookup.redrawn_states)}
    if len(lookup.states) > 1:
        return gettext(
            "ZIP code %(zip)s crosses state lines (%(states)s). Enter your street address "
            "so we can find your senators and representative."
        ) % {"zip": lookup.zip_code, "states": ", ".join(lookup.states)}
    return gettext(
        "ZIP code %(zip)s is split between %(count)s congressional districts. Enter your "
        "street address so we can find your representative."
    ) % {"zip": lookup.zip_code, "count": len(lookup.districts)}


# --- Seats and vacancies across the country ----------------------------------------------


def seats_vacant() -> list[str]:
    """Every seat of the sitting Congress with nobody serving in it, Senate seats first.

    Senate seats: each state's two classes. House seats: the apportionment, plus the
    one non-voting member of DC and each territory. Written like ZipLookup.vacant_seats.
    """
    roster = serving_roster()
    vacant: list[str] = []
    for state in sorted(SENATE_CLASSES):
        holders = roster.senators.get(state, []) + roster.ended(states=[state], seats=[])
        vacant += _senate_vacancies(state, holders)
    for state in sorted(HOUSE_SEATS):
        for district in house_seat_numbers(state):
            seat = (state, district)
            if not roster.house.get(seat) and not roster.ended_house.get(seat):
                vacant.append(seat_code(*seat))
    return vacant
