"""Workflows of the legislators app: imports, the ZIP lookup, cosponsor sync and whip status."""

import hashlib
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from legislators.clients import census
from legislators.clients.congress_gov import (
    BillRecord,
    CongressGovClient,
    CosponsorRecord,
    Member,
)
from legislators.models import (
    Bill,
    Chamber,
    Cosponsorship,
    CosponsorshipEvent,
    EventKind,
    Legislator,
    Source,
    Stance,
    ZipDistrict,
    lawmaker_order,
)
from legislators.sources import (
    IMPORTED_FIELDS,
    SOCIAL_FIELDS,
    parse_members,
    parse_social,
    parse_zip_districts,
)
from legislators.states import seat_code

# Imports bump this number; cached lookups carry it in their keys, so they go stale at once.
DATA_VERSION_KEY = "legislators:data-version"

# A complete members file lists about 540 members; far fewer means a truncated download.
MIN_MEMBERS = 500
# The ZCTA table has about 42,000 rows.
MIN_ZIP_ROWS = 30_000
ZIP_BATCH_SIZE = 5_000


def data_version() -> int:
    return cache.get_or_set(DATA_VERSION_KEY, 1, timeout=None)


def lookup_cache_clear() -> None:
    """Make every cached lookup stale (after the members or the ZIP table change)."""
    try:
        cache.incr(DATA_VERSION_KEY)
    except ValueError:
        cache.set(DATA_VERSION_KEY, 2, timeout=None)


@dataclass(frozen=True)
class MembersImportReport:
    added: int
    updated: int
    retired: int
    unchanged: int
    warnings: tuple[str, ...] = ()


def legislators_import(
    *, members_yaml: str, social_yaml: str = "", min_members: int = MIN_MEMBERS
) -> MembersImportReport:
    """Create or update members from the congress-legislators YAML; retire the missing.

    Raises sources.DataError, before writing anything, when a file is bad or looks
    truncated. Staff-maintained fields are never written. Runs in one transaction.
    """
    warnings: list[str] = []
    records = parse_members(members_yaml, min_members=min_members, warnings=warnings)
    social = parse_social(social_yaml) if social_yaml else {}
    blank_social = dict.fromkeys(SOCIAL_FIELDS, "")
    now = timezone.now()
    fields = IMPORTED_FIELDS + SOCIAL_FIELDS
    with transaction.atomic():
        existing = {member.bioguide_id: member for member in Legislator.objects.all()}
        to_create: list[Legislator] = []
        to_update: list[Legislator] = []
        unchanged = 0
        for record in records:
            values = {**record, **social.get(record["bioguide_id"], blank_social)}
            member = existing.get(record["bioguide_id"])
            if member is None:
                to_create.append(Legislator(**values, is_serving=True, imported_at=now))
                continue
            changed = not member.is_serving or any(
                getattr(member, field) != values[field] for field in fields
            )
            if not changed:
                unchanged += 1
                continue
            for field in fields:
                setattr(member, field, values[field])
            member.is_serving = True
            to_update.append(member)
        listed = {record["bioguide_id"] for record in records}
        retiring = [
            member.pk
            for bioguide, member in existing.items()
            if bioguide not in listed and member.is_serving
        ]
        Legislator.objects.bulk_create(to_create, batch_size=500)
        Legislator.objects.bulk_update(to_update, [*fields, "is_serving"], batch_size=500)
        Legislator.objects.filter(pk__in=retiring).update(is_serving=False)
        Legislator.objects.filter(bioguide_id__in=listed).update(imported_at=now)
        transaction.on_commit(lookup_cache_clear)
    return MembersImportReport(
        added=len(to_create),
        updated=len(to_update),
        retired=len(retiring),
        unchanged=unchanged,
        warnings=tuple(warnings),
    )


@dataclass(frozen=True)
class ZipImportReport:
    rows: int
    replaced: bool


def zip_districts_import(
    *,
    csv_text: str,
    min_rows: int = MIN_ZIP_ROWS,
    progress: Callable[[int, int], None] | None = None,
) -> ZipImportReport:
    """Replace the ZIP -> district table with the rows of zccd.csv, atomically.

    Raises sources.DataError, before writing anything, when the file is bad. When the
    table already holds exactly these rows nothing is written (`replaced` is False).
    `progress(done, total)` is called after each batch.
    """
    rows = parse_zip_districts(csv_text, min_rows=min_rows)
    current = set(ZipDistrict.objects.values_list("zcta", "state_fips", "state", "district"))
    if current == set(rows):
        return ZipImportReport(rows=len(rows), replaced=False)
    with transaction.atomic():
        ZipDistrict.objects.all().delete()
        for start in range(0, len(rows), ZIP_BATCH_SIZE):
            batch = rows[start : start + ZIP_BATCH_SIZE]
            ZipDistrict.objects.bulk_create(
                ZipDistrict(zcta=zcta, state_fips=fips, state=state, district=district)
                for zcta, fips, state, district in batch
            )
            if progress:
                progress(start + len(batch), len(rows))
        transaction.on_commit(lookup_cache_clear)
    return ZipImportReport(rows=len(rows), replaced=True)


# --- Find your lawmakers -------------------------------------------------------------

ZIP_PATTERN = re.compile(r"^(\d{5})(?:[-\s]?\d{4})?$")
MAX_ADDRESS_LENGTH = 200
ZIP_CACHE_SECONDS = 60 * 60 * 6
GEOCODE_CACHE_SECONDS = 60 * 60 * 24 * 7
GEOCODE_MISS_CACHE_SECONDS = 60 * 60 * 24

logger = logging.getLogger(__name__)


@dataclass
class ZipLookup:
    """What a ZIP code (and maybe a street address) tells us about someone's lawmakers.

    `districts` are the House seats still possible (one when settled); `legislators`
    are the serving senators of `states`, then the House members for `districts`.
    `error` is set, with nothing found, for bad or unknown ZIP codes; `notice` explains
    an unsettled result (split ZIP, address not matched) in plain words.
    """

    zip_code: str
    states: list[str] = field(default_factory=list)
    districts: list[tuple[str, int]] = field(default_factory=list)
    needs_address: bool = False
    legislators: list[Legislator] = field(default_factory=list)
    error: str = ""
    geocoder_failed: bool = False
    notice: str = ""
    # All the seats of the ZIP code, before an address or a choice narrowed them.
    candidates: list[tuple[str, int]] = field(default_factory=list)
    address_matched: bool = False

    @property
    def senators(self) -> list[Legislator]:
        return [member for member in self.legislators if member.chamber == Chamber.SENATE]

    @property
    def representatives(self) -> list[Legislator]:
        return [member for member in self.legislators if member.chamber == Chamber.HOUSE]

    @property
    def settled(self) -> bool:
        return not self.error and len(self.districts) == 1

    @property
    def seats(self) -> list[str]:
        return [seat_code(state, district) for state, district in self.districts]

    @property
    def vacant_seats(self) -> list[str]:
        filled = {(member.state, member.district) for member in self.representatives}
        return [seat_code(*seat) for seat in self.districts if seat not in filled]


def normalise_zip(raw: str) -> str | None:
    """The five-digit ZIP code in `raw` (ZIP+4 allowed), or None."""
    found = ZIP_PATTERN.match((raw or "").strip())
    return found.group(1) if found else None


def _ordered(members: list[Legislator]) -> list[Legislator]:
    return sorted(members, key=lawmaker_order)


def _zip_seats(zip5: str) -> tuple[list[str], list[tuple[str, int]], list[Legislator]] | None:
    """States, House seats and serving members for a ZIP: two queries, then cached."""
    key = f"legislators:zip:{data_version()}:{zip5}"
    cached = cache.get(key)
    if cached is not None:
        return cached or None
    rows = list(
        ZipDistrict.objects.filter(zcta=zip5)
        .order_by("state", "district")
        .values_list("state", "district")
    )
    if not rows:
        cache.set(key, (), ZIP_CACHE_SECONDS)
        return None
    states = sorted({state for state, _district in rows})
    members = _ordered(list(Legislator.objects.serving().for_seats(states=states, districts=rows)))
    value = (states, rows, members)
    cache.set(key, value, ZIP_CACHE_SECONDS)
    return value


def _narrow(lookup: ZipLookup, seat: tuple[str, int]) -> None:
    state, district = seat
    lookup.states = [state]
    lookup.districts = [seat]
    lookup.needs_address = False
    lookup.legislators = [
        member
        for member in lookup.legislators
        if member.state == state
        and (member.chamber == Chamber.SENATE or member.district == district)
    ]


def _geocode(address: str) -> list[tuple[str, int]]:
    """(state, district) for each match of `address`, cached; CensusGeocoderError on failure."""
    congress = census.sitting_congress(timezone.localdate())
    # The key is a hash: a supporter's address never sits in the cache in clear.
    digest = hashlib.sha256(f"{congress}|{address.casefold()}".encode()).hexdigest()
    key = f"legislators:geocode:{digest}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    matches = census.districts_for_address(address=address)
    seats = sorted({(match.state, match.district) for match in matches})
    cache.set(key, seats, GEOCODE_CACHE_SECONDS if seats else GEOCODE_MISS_CACHE_SECONDS)
    return seats


def _clean_address(raw: str) -> str:
    return " ".join("".join(ch if ch.isprintable() else " " for ch in raw or "").split())


def lookup_zip(*, zip_code: str, address: str = "", seat: str = "") -> ZipLookup:
    """The lawmakers for a ZIP code, narrowed by a street address or a chosen seat.

    A ZIP code inside one House district needs nothing more. A split ZIP code asks
    for the street address (`needs_address`), which the Census geocoder resolves; if
    the geocoder fails or finds nothing, every candidate is returned with a `notice`
    so the supporter can pick (then pass `seat`, such as "OH-15"). Answers from the
    database in at most two queries, and from the cache after that.
    """
    zip5 = normalise_zip(zip_code)
    if zip5 is None:
        return ZipLookup(
            zip_code=(zip_code or "").strip()[:10],
            error=gettext("Enter a five-digit ZIP code, for example 20001."),
        )
    found = _zip_seats(zip5)
    if found is None:
        return ZipLookup(
            zip_code=zip5,
            error=gettext(
                "We couldn't find ZIP code %(zip)s. Check it, or if it is a PO box or "
                "business-only ZIP code, use the ZIP code of your home address."
            )
            % {"zip": zip5},
        )
    states, seats, members = found
    lookup = ZipLookup(
        zip_code=zip5,
        states=list(states),
        districts=list(seats),
        candidates=list(seats),
        legislators=list(members),
    )
    if len(seats) == 1:
        return lookup

    chosen = [candidate for candidate in seats if seat_code(*candidate) == seat.strip().upper()]
    if chosen:
        _narrow(lookup, chosen[0])
        return lookup

    address = _clean_address(address)
    if not address:
        lookup.needs_address = True
        lookup.notice = _split_notice(lookup)
        return lookup
    if len(address) > MAX_ADDRESS_LENGTH:
        lookup.needs_address = True
        lookup.notice = gettext("That address is too long. Enter just the street and number.")
        return lookup

    query = address if zip5 in address else f"{address}, {zip5}"
    try:
        matched = _geocode(query)
    except census.CensusGeocoderError as error:
        # The reason goes to the log; the address does not.
        logger.warning("Census geocoder failed for a ZIP %s lookup: %s", zip5, error)
        lookup.needs_address = True
        lookup.geocoder_failed = True
        lookup.notice = gettext(
            "The address service isn't answering right now, so we can't tell which of "
            "these districts you live in. Pick your representative from the list, or try "
            "again in a few minutes."
        )
        return lookup
    in_zip = [candidate for candidate in matched if candidate in seats]
    if len(in_zip) == 1 and len(matched) == 1:
        _narrow(lookup, in_zip[0])
        lookup.address_matched = True
        return lookup
    lookup.needs_address = True
    lookup.geocoder_failed = True
    if not matched:
        lookup.notice = gettext(
            "We couldn't find that street address. Check the house number and street "
            "name, or pick your representative from the list."
        )
    elif not in_zip:
        lookup.notice = gettext(
            "That address doesn't seem to be in ZIP code %(zip)s. Check both, or pick your "
            "representative from the list."
        ) % {"zip": zip5}
    else:
        lookup.notice = gettext(
            "That address matched more than one place. Add the city, or pick your "
            "representative from the list."
        )
    return lookup


def _split_notice(lookup: ZipLookup) -> str:
    if len(lookup.states) > 1:
        return gettext(
            "ZIP code %(zip)s crosses state lines (%(states)s). Enter your street address "
            "so we can find your senators and representative."
        ) % {"zip": lookup.zip_code, "states": ", ".join(lookup.states)}
    return gettext(
        "ZIP code %(zip)s is split between %(count)s congressional districts. Enter your "
        "street address so we can find your representative."
    ) % {"zip": lookup.zip_code, "count": len(lookup.districts)}


# --- Cosponsor sync --------------------------------------------------------------------


@dataclass
class CosponsorSyncResult:
    bill: Bill
    created_bill: bool = False
    new_cosponsors: list[Legislator] = field(default_factory=list)
    withdrawn: list[Legislator] = field(default_factory=list)
    restored: list[Legislator] = field(default_factory=list)
    sponsor_changed: bool = False
    unknown_members: list[Member] = field(default_factory=list)
    # Cosponsors we got from an earlier sync that congress.gov no longer lists at all.
    missing_from_source: list[Legislator] = field(default_factory=list)
    total_active: int = 0

    @property
    def changed(self) -> bool:
        return bool(
            self.created_bill
            or self.new_cosponsors
            or self.withdrawn
            or self.restored
            or self.sponsor_changed
        )


def _latest_per_member(records: Iterable[CosponsorRecord]) -> dict[str, CosponsorRecord]:
    # congress.gov lists a member twice if they withdrew and signed on again;
    # the standing entry (not withdrawn, else the most recent) wins.
    chosen: dict[str, CosponsorRecord] = {}
    for record in records:
        key = record.member.bioguide_id
        previous = chosen.get(key)
        if previous is None or (record.withdrawn_date is None, record.sponsorship_date) > (
            previous.withdrawn_date is None,
            previous.sponsorship_date,
        ):
            chosen[key] = record
    return chosen


@dataclass(frozen=True)
class FetchedBill:
    """Everything congress.gov told us about one bill, read before any write."""

    record: BillRecord
    cosponsors: dict[str, CosponsorRecord]


def cosponsors_fetch(*, bill: Bill, client: CongressGovClient) -> FetchedBill:
    """Read a bill and all its cosponsor pages from congress.gov; writes nothing."""
    record = client.bill(congress=bill.congress, bill_type=bill.bill_type, number=bill.number)
    cosponsors = client.cosponsors(
        congress=bill.congress, bill_type=bill.bill_type, number=bill.number
    )
    return FetchedBill(record=record, cosponsors=_latest_per_member(cosponsors))


def cosponsors_sync(*, bill: Bill, client: CongressGovClient) -> CosponsorSyncResult:
    """Bring a bill's sponsor and cosponsors in line with congress.gov.

    `bill` may be unsaved (a bill we do not have yet); it is saved only if
    everything was fetched. All reading from congress.gov happens before the
    first write, and all writes happen in one transaction, so a failure
    (`CongressGovError`) leaves the database as it was. Every change is logged
    as a dated `CosponsorshipEvent`. Running it twice changes nothing the second time.
    """
    return cosponsors_apply(bill=bill, fetched=cosponsors_fetch(bill=bill, client=client))


def cosponsors_apply(*, bill: Bill, fetched: FetchedBill) -> CosponsorSyncResult:
    """Write what `cosponsors_fetch` read, in one transaction (see `cosponsors_sync`)."""
    record, cosponsor_records = fetched.record, fetched.cosponsors
    wanted_ids = set(cosponsor_records) | {member.bioguide_id for member in record.sponsors}
    members = {
        legislator.bioguide_id: legislator
        for legislator in Legislator.objects.filter(bioguide_id__in=wanted_ids)
    }
    result = CosponsorSyncResult(bill=bill)
    result.unknown_members = [
        member
        for member in [*record.sponsors, *(r.member for r in cosponsor_records.values())]
        if member.bioguide_id not in members
    ]

    with transaction.atomic():
        result.created_bill = bill.pk is None
        if record.title:
            bill.title = record.title[:1000]
        if record.introduced_date:
            bill.introduced_date = record.introduced_date
        sponsor = members.get(record.sponsors[0].bioguide_id) if record.sponsors else None
        sponsor_changed = sponsor is not None and bill.sponsor_id != sponsor.pk
        if sponsor_changed:
            old_sponsor = bill.sponsor
            bill.sponsor = sponsor
        bill.synced_at = timezone.now()
        bill.save()
        if sponsor_changed:
            result.sponsor_changed = True
            CosponsorshipEvent.objects.create(
                bill=bill,
                legislator=sponsor,
                kind=EventKind.SPONSOR_CHANGED,
                date=record.introduced_date if old_sponsor is None else None,
                source=Source.SYNC,
                detail=f"was {old_sponsor}" if old_sponsor else "",
            )

        existing = {c.legislator_id: c for c in bill.cosponsorships.select_related("legislator")}
        seen: set[int] = set()
        for bioguide_id, cosponsor in cosponsor_records.items():
            legislator = members.get(bioguide_id)
            if legislator is None:
                continue
            seen.add(legislator.pk)
            _apply_cosponsor(bill, legislator, cosponsor, existing.get(legislator.pk), result)

        result.missing_from_source = [
            c.legislator
            for legislator_id, c in existing.items()
            if legislator_id not in seen and c.source == Source.SYNC and c.is_active
        ]
        result.total_active = bill.cosponsorships.active().count()

    for member in result.unknown_members:
        logger.warning(
            "Cosponsor sync of %s: member %s (%s) is not in our table",
            bill.key,
            member.bioguide_id,
            member.full_name,
        )
    return result


def _apply_cosponsor(
    bill: Bill,
    legislator: Legislator,
    record: CosponsorRecord,
    current: Cosponsorship | None,
    result: CosponsorSyncResult,
) -> None:
    if current is None:
        Cosponsorship.objects.create(
            bill=bill,
            legislator=legislator,
            sponsorship_date=record.sponsorship_date,
            is_original=record.is_original,
            withdrawn_date=record.withdrawn_date,
            source=Source.SYNC,
        )
        _event(bill, legislator, EventKind.COSPONSORED, record.sponsorship_date)
        result.new_cosponsors.append(legislator)
        if record.withdrawn_date:
            _event(bill, legislator, EventKind.WITHDRAWN, record.withdrawn_date)
            result.withdrawn.append(legislator)
        return

    if current.withdrawn_date is None and record.withdrawn_date is not None:
        _event(bill, legislator, EventKind.WITHDRAWN, record.withdrawn_date)
        result.withdrawn.append(legislator)
    elif current.withdrawn_date is not None and record.withdrawn_date is None:
        _event(bill, legislator, EventKind.RESTORED, record.sponsorship_date)
        result.restored.append(legislator)

    updated = (
        record.sponsorship_date,
        record.is_original,
        record.withdrawn_date,
        Source.SYNC,
    )
    stored = (current.sponsorship_date, current.is_original, current.withdrawn_date, current.source)
    if updated != stored:
        (
            current.sponsorship_date,
            current.is_original,
            current.withdrawn_date,
            current.source,
        ) = updated
        current.save()


def _event(
    bill: Bill, legislator: Legislator, kind: str, when: date | None, source: str = Source.SYNC
) -> CosponsorshipEvent:
    return CosponsorshipEvent.objects.create(
        bill=bill, legislator=legislator, kind=kind, date=when, source=source
    )


def cosponsorship_record_staff_change(
    *, cosponsorship: Cosponsorship, created: bool, previous_withdrawn_date: date | None
) -> None:
    """Log a cosponsorship that staff added or changed by hand (from the admin)."""
    bill, legislator = cosponsorship.bill, cosponsorship.legislator
    if created:
        _event(
            bill, legislator, EventKind.COSPONSORED, cosponsorship.sponsorship_date, Source.STAFF
        )
        if cosponsorship.withdrawn_date:
            _event(
                bill, legislator, EventKind.WITHDRAWN, cosponsorship.withdrawn_date, Source.STAFF
            )
        return
    if previous_withdrawn_date is None and cosponsorship.withdrawn_date is not None:
        _event(bill, legislator, EventKind.WITHDRAWN, cosponsorship.withdrawn_date, Source.STAFF)
    elif previous_withdrawn_date is not None and cosponsorship.withdrawn_date is None:
        _event(bill, legislator, EventKind.RESTORED, cosponsorship.sponsorship_date, Source.STAFF)


# --- Public stance ---------------------------------------------------------------------


def stances_for(*, bill: Bill, legislators: Iterable[Legislator]) -> dict[int, str]:
    """Each member's public stance on `bill`: "sponsor", "cosponsor" or "not_cosponsor".

    Members are judged on the version of the bill in their own chamber (the bill
    or its companion), so a representative who cosponsors the House companion of
    a Senate bill counts as a cosponsor. Withdrawn cosponsorships do not count.
    Two queries whatever the number of members.
    """
    legislators = list(legislators)
    bills = {bill.chamber: bill}
    if bill.companion_id:
        # Bill.objects.current() has already loaded the companion; otherwise fetch it.
        if Bill._meta.get_field("companion").is_cached(bill):
            companion = bill.companion
        else:
            companion = Bill.objects.filter(pk=bill.companion_id).first()
        if companion is not None:
            bills.setdefault(companion.chamber, companion)
    bill_ids = {b.pk for b in bills.values()}
    cosponsors = set(
        Cosponsorship.objects.active()
        .filter(bill_id__in=bill_ids, legislator__in=[m.pk for m in legislators])
        .values_list("bill_id", "legislator_id")
    )
    stances: dict[int, str] = {}
    for member in legislators:
        own_bill = bills.get(member.chamber)
        if own_bill is None:
            stances[member.pk] = Stance.NOT_COSPONSOR
        elif own_bill.sponsor_id == member.pk:
            stances[member.pk] = Stance.SPONSOR
        elif (own_bill.pk, member.pk) in cosponsors:
            stances[member.pk] = Stance.COSPONSOR
        else:
            stances[member.pk] = Stance.NOT_COSPONSOR
    return stances


# --- Where a supporter lives ------------------------------------------------------------


@dataclass(frozen=True)
class ZipLocation:
    state: str  # empty when the ZIP spans two states
    district: int | None  # None when the ZIP spans several districts


def zip_location(*, zip_code: str) -> ZipLocation | None:
    """State and district for a ZIP from the ZIP table; None when the ZIP is unknown."""
    rows = set(ZipDistrict.objects.filter(zcta=zip_code).values_list("state", "district"))
    if not rows:
        return None
    states = {state for state, _ in rows}
    state = next(iter(states)) if len(states) == 1 else ""
    district = next(iter(rows))[1] if len(rows) == 1 else None
    return ZipLocation(state=state, district=district)
