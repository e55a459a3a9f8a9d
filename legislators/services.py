"""Workflows of the legislators app: imports, the ZIP lookup, cosponsor sync and whip status."""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from accounts.services import audit_record
from legislators.clients.congress_gov import (
    BillRecord,
    CongressGovClient,
    CosponsorRecord,
    Member,
)
from legislators.congress import FIRST_JANUARY_CONGRESS
from legislators.lookup import (  # noqa: F401 - the lookup's names, where callers find them
    ZipLookup,
    data_version,
    lookup_cache_clear,
    lookup_zip,
    normalise_zip,
)
from legislators.models import (
    Bill,
    Cosponsorship,
    CosponsorshipEvent,
    EventKind,
    Legislator,
    Source,
    WhipChoice,
    WhipStatus,
    WhipStatusChange,
    ZipDistrict,
)
from legislators.sources import (
    IMPORTED_FIELDS,
    SOCIAL_FIELDS,
    DataError,
    parse_members,
    parse_social,
    parse_zip_districts,
)

# A complete members file lists about 540 members; far fewer means a truncated download.
MIN_MEMBERS = 500
# The ZCTA table has about 42,000 rows.
MIN_ZIP_ROWS = 30_000
ZIP_BATCH_SIZE = 5_000

logger = logging.getLogger(__name__)


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
    congress: int
    rows: int
    states: tuple[str, ...]
    replaced: bool
    removed: int = 0
    skipped: int = 0


def zip_districts_import(
    *,
    text: str,
    congress: int | None = None,
    min_rows: int = MIN_ZIP_ROWS,
    progress: Callable[[int, int], None] | None = None,
) -> ZipImportReport:
    """Load one Congress's ZIP -> district rows for the states the file covers, atomically.

    `text` is zccd.csv or a Census relationship file; the latter names its Congress in
    its columns, the former needs `congress`. Rows of other Congresses and of states the
    file does not cover stay as they are, so a file for a few redrawn states can come
    first and the national file later. Raises sources.DataError, before writing
    anything, when the file is bad. When the rows already match nothing is written.
    `progress(done, total)` is called after each batch.
    """
    parsed = parse_zip_districts(text, min_rows=min_rows)
    if congress is None:
        congress = parsed.congress
    if congress is None:
        raise DataError(["This ZIP file does not name its Congress; say which with --congress."])
    if parsed.congress is not None and parsed.congress != congress:
        raise DataError(
            [
                f"The file's columns are for the {parsed.congress}th Congress, "
                f"not the {congress}th; check --congress and the file."
            ]
        )
    if not FIRST_JANUARY_CONGRESS <= congress <= 200:
        raise DataError([f"{congress} is not a Congress this table can hold."])
    states = parsed.states
    existing = ZipDistrict.objects.filter(congress=congress, state__in=states)
    current = set(existing.values_list("zcta", "state_fips", "state", "district"))
    report = {"congress": congress, "rows": len(parsed.rows), "states": tuple(states)}
    if current == set(parsed.rows):
        return ZipImportReport(**report, replaced=False, skipped=parsed.skipped)
    with transaction.atomic():
        removed, _by_model = existing.delete()
        for start in range(0, len(parsed.rows), ZIP_BATCH_SIZE):
            batch = parsed.rows[start : start + ZIP_BATCH_SIZE]
            ZipDistrict.objects.bulk_create(
                ZipDistrict(
                    congress=congress, zcta=zcta, state_fips=fips, state=state, district=district
                )
                for zcta, fips, state, district in batch
            )
            if progress:
                progress(start + len(batch), len(parsed.rows))
        transaction.on_commit(lookup_cache_clear)
    return ZipImportReport(**report, replaced=True, removed=removed, skipped=parsed.skipped)


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

SPONSOR = "sponsor"
COSPONSOR = "cosponsor"
NOT_COSPONSOR = "not_cosponsor"


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
            stances[member.pk] = NOT_COSPONSOR
        elif own_bill.sponsor_id == member.pk:
            stances[member.pk] = SPONSOR
        elif (own_bill.pk, member.pk) in cosponsors:
            stances[member.pk] = COSPONSOR
        else:
            stances[member.pk] = NOT_COSPONSOR
    return stances


# --- Whip status -----------------------------------------------------------------------


def whip_status_update(
    *,
    bill: Bill,
    legislator: Legislator,
    user: AbstractBaseUser | None,
    status: str,
    last_contact: date | None,
    organizer: AbstractBaseUser | None,
    notes: str,
    note: str = "",
) -> WhipStatus:
    """Set a member's whip status on a bill and keep the change in its history.

    `note` is a remark about this change (kept in the history); `notes` are the
    standing notes on the member. "cosponsor" cannot be set: it comes from
    cosponsorships. Nothing is recorded when nothing changed and no note was given.
    """
    if status == WhipChoice.COSPONSOR or status not in WhipChoice.values:
        raise ValueError(f"{status!r} is not a whip status staff can set")
    with transaction.atomic():
        whip, _created = WhipStatus.objects.select_for_update().get_or_create(
            bill=bill, legislator=legislator
        )
        other: list[str] = []
        if whip.last_contact != last_contact:
            other.append(f"last contact: {last_contact.isoformat() if last_contact else '—'}")
        organizer_id = organizer.pk if organizer is not None else None
        if whip.organizer_id != organizer_id:
            other.append(f"organizer: {organizer.get_username() if organizer else '—'}")
        if whip.notes != notes:
            other.append("notes edited")
        note = note.strip()
        if whip.status == status and not other and not note:
            return whip
        old_status = whip.status
        whip.status = status
        whip.last_contact = last_contact
        whip.organizer = organizer
        whip.notes = notes
        whip.save()
        WhipStatusChange.objects.create(
            whip_status=whip,
            changed_by=user,
            old_status=old_status,
            new_status=status,
            other_changes="; ".join(other)[:500],
            note=note,
        )
        audit_record(
            actor=user,
            action="legislators.whipstatus.change",
            target=legislator,
            details={"bill": bill.key, "old_status": old_status, "new_status": status},
        )
    return whip
