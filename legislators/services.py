"""Workflows of the legislators app: imports, cosponsor sync, bill versions and committees."""

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F
from django.dispatch import Signal
from django.utils import timezone

from accounts.services import audit_record
from legislators.clients.congress_gov import (
    BillRecord,
    CongressGovClient,
    CosponsorRecord,
    Member,
)
from legislators.congress import FIRST_JANUARY_CONGRESS, congress_at, congress_start
from legislators.lookup import lookup_cache_clear
from legislators.models import (
    Bill,
    BillFamily,
    BillReferral,
    CandidateStatus,
    Chamber,
    Committee,
    CommitteeSeat,
    Cosponsorship,
    CosponsorshipEvent,
    EventKind,
    Legislator,
    ReintroductionCandidate,
    RosterImport,
    Source,
    Stance,
    ZipDistrict,
)
from legislators.signals import current_bill_changed, members_changed_chamber, members_departed
from legislators.sources import (
    BIOGUIDE_PATTERN,
    IMPORTED_FIELDS,
    SOCIAL_FIELDS,
    DataError,
    parse_committee_seats,
    parse_committees,
    parse_members,
    parse_social,
    parse_zip_districts,
)
from legislators.states import NON_VOTING, STATES

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
    # One dict per change, as stored on RosterImport.changes (see there).
    changes: tuple[dict[str, Any], ...] = ()
    dry_run: bool = False
    # Undelivered letters per departed member's bioguide id, as the receivers of
    # `members_departed` counted them.
    letters: dict[str, int] = field(default_factory=dict)

    def of_kind(self, kind: str) -> list[dict[str, Any]]:
        return [change for change in self.changes if change["kind"] == kind]


def _seat_key(values: dict[str, Any]) -> str:
    """The seat a member's values describe, like Legislator.seat_key."""
    return Legislator(
        chamber=values["chamber"],
        state=values["state"],
        district=values["district"],
        senate_class=values["senate_class"],
    ).seat_key


def _drop_succeeded_appointees(
    records: list[dict[str, Any]], warnings: list[str]
) -> list[dict[str, Any]]:
    """Leave out appointed senators whose seat already lists a successor.

    An appointee's `end` is the special election, not the day they leave; they serve
    until the roster shows someone else in the same state and Senate class.
    """
    by_seat: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        if record["chamber"] == Chamber.SENATE:
            by_seat.setdefault(_seat_key(record), []).append(record)
    dropped: set[str] = set()
    for seat, holders in by_seat.items():
        if len(holders) < 2:
            continue
        successors = [r for r in holders if not (r["is_appointed"] and r["term_end_type"])]
        for record in holders:
            if record["is_appointed"] and record["term_end_type"] and successors:
                dropped.add(record["bioguide_id"])
                warnings.append(
                    f"{record['official_name']} ({record['bioguide_id']}) was appointed to "
                    f"seat {seat}, which now lists {successors[0]['official_name']}: "
                    "counted as departed."
                )
    return [record for record in records if record["bioguide_id"] not in dropped]


def _letters_for(
    members: list[Legislator], *, dry_run: bool, signal: Signal = members_departed
) -> dict[int, int]:
    """Ask the apps that hold letters what the departures (or chamber moves) touch."""
    counts: dict[int, int] = {}
    if not members:
        return counts
    for _receiver, answer in signal.send(sender=Legislator, legislators=members, dry_run=dry_run):
        if isinstance(answer, dict):
            for legislator_id, count in answer.items():
                counts[legislator_id] = counts.get(legislator_id, 0) + int(count)
    return counts


def legislators_import(
    *,
    members_yaml: str,
    social_yaml: str = "",
    min_members: int = MIN_MEMBERS,
    dry_run: bool = False,
    source: str = "",
) -> MembersImportReport:
    """Create or update members from the congress-legislators YAML; retire the missing.

    Raises sources.DataError, before writing anything, when a file is bad or looks
    truncated. Staff-maintained fields are never written. Runs in one transaction,
    which a `dry_run` rolls back after computing (and reporting) every change. The
    changes (arrivals, departures, seat and party changes, seats left vacant) are
    returned and, for a real import, kept as a RosterImport. Members who left are
    marked not serving with the moment they left, never deleted, and announced with
    the `members_departed` signal.
    """
    warnings: list[str] = []
    records = parse_members(members_yaml, min_members=min_members, warnings=warnings)
    records = _drop_succeeded_appointees(records, warnings)
    social = parse_social(social_yaml) if social_yaml else {}
    blank_social = dict.fromkeys(SOCIAL_FIELDS, "")
    now = timezone.now()
    fields = IMPORTED_FIELDS + SOCIAL_FIELDS
    changes: list[dict[str, Any]] = []
    with transaction.atomic():
        existing = {member.bioguide_id: member for member in Legislator.objects.select_for_update()}
        serving_before = [member for member in existing.values() if member.is_serving]
        first_import = not serving_before
        to_create: list[Legislator] = []
        to_update: list[Legislator] = []
        moved: list[Legislator] = []
        unchanged = 0
        for record in records:
            values = {**record, **social.get(record["bioguide_id"], blank_social)}
            member = existing.get(record["bioguide_id"])
            if member is None or not member.is_serving:
                if not first_import:
                    changes.append(_change("arrival", values, after=_seat_key(values)))
            else:
                if member.seat_key != _seat_key(values):
                    changes.append(
                        _change("seat", values, before=member.seat_key, after=_seat_key(values))
                    )
                if member.chamber != values["chamber"]:
                    moved.append(member)
                if member.party != values["party"]:
                    changes.append(
                        _change("party", values, before=member.party, after=values["party"])
                    )
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
            member.left_office_at = None
            member.source = "roster"
            to_update.append(member)
        listed = {record["bioguide_id"] for record in records}
        departed = [member for member in serving_before if member.bioguide_id not in listed]
        for member in departed:
            member.is_serving = False
            member.left_office_at = now
        vacated = {member.seat_key for member in serving_before} - {
            _seat_key(record) for record in records
        }

        Legislator.objects.bulk_create(to_create, batch_size=500)
        Legislator.objects.bulk_update(
            to_update, [*fields, "is_serving", "left_office_at", "source"], batch_size=500
        )
        Legislator.objects.bulk_update(departed, ["is_serving", "left_office_at"], batch_size=500)
        Legislator.objects.filter(bioguide_id__in=listed).update(imported_at=now)

        # A member who changed chamber leaves their old office: its address goes with it.
        addressed = {member.pk for member in moved if member.delivery_email}
        Legislator.objects.filter(pk__in=addressed).update(delivery_email="")
        moved_letters = _letters_for(moved, dry_run=dry_run, signal=members_changed_chamber)
        movers = {member.bioguide_id: member for member in moved}
        for change in changes:
            mover = movers.get(change["bioguide_id"])
            if change["kind"] == "seat" and mover is not None:
                change["letters"] = moved_letters.get(mover.pk, 0)
                change["address_cleared"] = mover.pk in addressed
        letters = _letters_for(departed, dry_run=dry_run)
        for member in sorted(departed, key=lambda m: m.seat_key):
            change = _change(
                "departure",
                {"bioguide_id": member.bioguide_id, "official_name": member.name},
                before=member.seat_key,
            )
            change["letters"] = letters.get(member.pk, 0)
            changes.append(change)
        for seat in sorted(vacated):
            changes.append({"kind": "vacancy", "seat": seat, "bioguide_id": "", "name": ""})

        report = MembersImportReport(
            added=len(to_create),
            updated=len(to_update),
            retired=len(departed),
            unchanged=unchanged,
            warnings=tuple(warnings),
            changes=tuple(changes),
            dry_run=dry_run,
            letters={m.bioguide_id: letters.get(m.pk, 0) for m in departed},
        )
        if dry_run:
            # Everything above was computed by doing it; a preview undoes it all.
            transaction.set_rollback(True)
        else:
            RosterImport.objects.create(
                imported_at=now,
                source=source[:500],
                added=report.added,
                updated=report.updated,
                departed=report.retired,
                unchanged=report.unchanged,
                changes=list(changes),
                warnings=list(warnings),
            )
            transaction.on_commit(lookup_cache_clear)
    return report


def _change(
    kind: str, values: dict[str, Any], *, before: str = "", after: str = ""
) -> dict[str, Any]:
    return {
        "kind": kind,
        "bioguide_id": values["bioguide_id"],
        "name": values.get("official_name") or "",
        "before": before,
        "after": after,
    }


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
    # Members congress.gov named that our roster did not know: created as former members...
    former_members_created: list[Legislator] = field(default_factory=list)
    # ...or, when congress.gov's fields were not enough to do so, left out.
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
    unknown = {
        member.bioguide_id: member
        for member in [*record.sponsors, *(r.member for r in cosponsor_records.values())]
        if member.bioguide_id not in members
    }

    with transaction.atomic():
        for member in unknown.values():
            former = former_member_create(member=member, chamber=bill.chamber)
            if former is None:
                result.unknown_members.append(member)
            else:
                members[former.bioguide_id] = former
                result.former_members_created.append(former)
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
            "Cosponsor sync of %s: member %s (%s) is not in our table and could not be added",
            bill.key,
            member.bioguide_id,
            member.full_name,
        )
    return result


# congress.gov's one-letter party codes, spelled as the roster spells parties.
PARTY_NAMES = {"D": "Democrat", "R": "Republican", "I": "Independent", "ID": "Independent"}
_FULL_NAME = re.compile(
    r"^(?:Sen\.|Rep\.|Del\.|Resident Commissioner)\s+([^,\[]+),\s*([^\[]+?)\s*(?:\[|$)"
)


def former_member_create(*, member: Member, chamber: str) -> Legislator | None:
    """A member congress.gov names and our roster does not know, kept as a former member.

    Cosponsors from an earlier Congress (the 2017 cosponsors of S. 515) have left the
    roster; rather than drop their cosponsorship, we record them from congress.gov's own
    fields (bioguide id, name, party, state, district) as not serving. `chamber` is the
    bill's: only members of a chamber sponsor or cosponsor its bills. Returns None (and
    writes nothing) when those fields are not enough: no usable id, name or state.
    """
    first, last = member.first_name, member.last_name
    if not (first and last):
        parsed = _FULL_NAME.match(member.full_name)
        if parsed:
            last, first = parsed.group(1).strip(), parsed.group(2).strip()
    state = member.state.strip().upper()
    if state not in STATES and len(state) > 2:
        state = next((code for code, info in STATES.items() if info[1] == member.state), "")
    if not (BIOGUIDE_PATTERN.match(member.bioguide_id) and first and last and state in STATES):
        return None
    senator = chamber == Chamber.SENATE
    legislator, _created = Legislator.objects.get_or_create(
        bioguide_id=member.bioguide_id,
        defaults={
            "first_name": first[:100],
            "last_name": last[:100],
            "official_name": f"{first} {last}"[:200],
            "chamber": chamber,
            "state": state,
            "district": None if senator else (member.district or 0),
            "party": PARTY_NAMES.get(member.party.upper(), member.party)[:40] or "?",
            "is_serving": False,
            "is_voting": senator or state not in NON_VOTING,
            "source": "congress_gov",
        },
    )
    return legislator


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


# --- The bill across Congresses --------------------------------------------------------

# Title words that differ between versions of the same bill and say nothing about it.
_TITLE_NOISE = re.compile(r"\b(of\s+)?(19|20)\d\d\b|\bthe\b|\bact\b")
TITLE_MATCH_THRESHOLD = 0.75


def _title_words(title: str) -> set[str]:
    text = _TITLE_NOISE.sub(" ", title.lower().replace("u.s.", "us"))
    # "centers" and "center" are one word for this purpose.
    return {word.rstrip("s") for word in re.findall(r"[a-z0-9]+", text) if len(word) > 1}


def titles_match(title: str, earlier_titles: Iterable[str]) -> bool:
    """Whether `title` reads like one of `earlier_titles` (years, "Act" and plurals aside)."""
    words = _title_words(title)
    if not words:
        return False
    for earlier in earlier_titles:
        other = _title_words(earlier)
        if other and len(words & other) / len(words | other) >= TITLE_MATCH_THRESHOLD:
            return True
    return False


# congress.gov allows 5,000 requests an hour; one run stays well inside that.
MAX_DETAIL_FETCHES = 500


@dataclass
class ReintroductionReport:
    congress: int
    checked: int = 0
    details_fetched: int = 0
    proposed: list[ReintroductionCandidate] = field(default_factory=list)
    # False when the run stopped at `max_fetches`: the next run carries on.
    complete: bool = True


class _FetchLimitReached(Exception):
    pass


def reintroduction_find(
    *,
    family: BillFamily,
    client: CongressGovClient,
    congress: int | None = None,
    since: datetime | None = None,
    bill_types: tuple[str, ...] = ("s", "hr"),
    progress: Callable[[str], None] | None = None,
    max_fetches: int = MAX_DETAIL_FETCHES,
) -> ReintroductionReport:
    """Propose bills of a new Congress that may be `family`'s bill reintroduced.

    Pages through congress.gov's list of bills updated since `since` (by default where
    the last run stopped, or the start of the Congress), and proposes (as a
    ReintroductionCandidate) each bill whose title matches an earlier version's or
    whose sponsor sponsored an earlier version. The list names no sponsor, so each new
    bill's record is fetched once; bills already looked at are remembered on the family.
    After `max_fetches` records the run stops, keeps what it found and leaves the search
    time where it was, so the next run carries on (`report.complete` is then False).
    Everything is read before anything is written: a CongressGovError changes nothing.
    """
    started = timezone.now()
    congress = congress or congress_at(started)
    since = since or family.checked_through or congress_start(congress)
    versions = list(family.versions.select_related("sponsor"))
    earlier_titles = [t for bill in versions for t in (bill.title, bill.short_title) if t]
    earlier_sponsors = {bill.sponsor.bioguide_id for bill in versions if bill.sponsor_id}
    known = {bill.key for bill in versions}
    known |= {c.key for c in family.candidates.filter(congress=congress)}
    checked = set(family.checked_bills)
    report = ReintroductionReport(congress=congress)
    found: list[ReintroductionCandidate] = []
    newly_checked: list[str] = []
    try:
        for bill_type in bill_types:
            for summary in client.bills(
                congress=congress, bill_type=bill_type, from_datetime=since
            ):
                key = f"{summary.bill_type}{summary.number}-{summary.congress}"
                report.checked += 1
                if key in known or key in checked:
                    continue
                if report.details_fetched >= max_fetches:
                    raise _FetchLimitReached
                record = client.bill(
                    congress=summary.congress, bill_type=summary.bill_type, number=summary.number
                )
                report.details_fetched += 1
                sponsor = record.sponsors[0] if record.sponsors else None
                title_match = titles_match(record.title or summary.title, earlier_titles)
                sponsor_match = sponsor is not None and sponsor.bioguide_id in earlier_sponsors
                known.add(key)
                if not (title_match or sponsor_match):
                    newly_checked.append(key)
                    continue
                if progress:
                    progress(f"{key}: {record.title or summary.title}")
                found.append(
                    ReintroductionCandidate(
                        family=family,
                        congress=summary.congress,
                        bill_type=summary.bill_type,
                        number=summary.number,
                        title=(record.title or summary.title)[:1000],
                        introduced_date=record.introduced_date,
                        sponsor_bioguide_id=sponsor.bioguide_id[:7] if sponsor else "",
                        sponsor_name=sponsor.full_name[:200] if sponsor else "",
                        sponsor_matches=sponsor_match,
                        title_matches=title_match,
                    )
                )
    except _FetchLimitReached:
        report.complete = False
    with transaction.atomic():
        for candidate in found:
            candidate.save()
        if report.complete:
            family.checked_through = started
        # Only this Congress's bills can come up again; older keys would only grow the list.
        family.checked_bills = sorted(
            key for key in checked | set(newly_checked) if key.endswith(f"-{congress}")
        )
        family.save(update_fields=["checked_through", "checked_bills"])
    report.proposed = found
    return report


def reintroduction_confirm(
    *, candidate: ReintroductionCandidate, user: AbstractBaseUser | None
) -> Bill:
    """Make a proposed bill a version of its family, and the campaign's current bill.

    The bill is created if we do not have it (run sync_cosponsors for its sponsor and
    cosponsors). It follows the family's latest version in its chamber. If the current
    bill is already this Congress's version in the other chamber, the new bill becomes
    its companion instead of replacing it. Sends `current_bill_changed` when the
    current bill changes. Audited.
    """
    family = candidate.family
    with transaction.atomic():
        bill, _created = Bill.objects.get_or_create(
            congress=candidate.congress,
            bill_type=candidate.bill_type,
            number=candidate.number,
            defaults={
                "title": candidate.title,
                "introduced_date": candidate.introduced_date,
                "sponsor": Legislator.objects.filter(
                    bioguide_id=candidate.sponsor_bioguide_id
                ).first(),
            },
        )
        previous = (
            family.versions.filter(congress__lt=bill.congress)
            .exclude(pk=bill.pk)
            .order_by("-congress")
        )
        same_chamber = [b for b in previous if b.chamber == bill.chamber]
        bill.family = family
        if bill.previous_version_id is None and same_chamber:
            bill.previous_version = same_chamber[0]
        current = Bill.objects.select_for_update().filter(is_current=True).first()
        becomes_companion = (
            current is not None
            and current.pk != bill.pk
            and current.family_id == family.pk
            and current.congress == bill.congress
            and current.chamber != bill.chamber
        )
        if becomes_companion:
            bill.companion = current
            bill.save()
            current.companion = bill
            current.save(update_fields=["companion"])
        else:
            if current is not None and current.pk != bill.pk:
                current.is_current = False
                current.save(update_fields=["is_current"])
            bill.is_current = True
            other = family.versions.filter(congress=bill.congress).exclude(pk=bill.pk)
            companion = next((b for b in other if b.chamber != bill.chamber), None)
            if companion is not None and bill.companion_id is None:
                bill.companion = companion
                companion.companion = bill
                companion.save(update_fields=["companion"])
            bill.save()
        candidate.status = CandidateStatus.CONFIRMED
        candidate.decided_at = timezone.now()
        candidate.decided_by = user
        candidate.save(update_fields=["status", "decided_at", "decided_by"])
        # Other proposals for the same chamber and Congress are settled by this choice.
        family.candidates.filter(
            congress=bill.congress,
            bill_type=bill.bill_type,
            status=CandidateStatus.PROPOSED,
        ).update(status=CandidateStatus.DISMISSED, decided_at=timezone.now(), decided_by=user)
        audit_record(
            actor=user,
            action="legislators.bill.reintroduction_confirm",
            target=bill,
            details={
                "bill": bill.key,
                "family": family.pk,
                "previous_current": current.key if current else "",
                "companion_of_current": becomes_companion,
            },
        )
        if becomes_companion and current is not None:
            # The current bill gained its other chamber's version.
            current_bill_changed.send(sender=Bill, bill=current, previous=current)
        elif current is None or current.pk != bill.pk:
            transaction.on_commit(lookup_cache_clear)
            current_bill_changed.send(sender=Bill, bill=bill, previous=current)
    return bill


def reintroduction_dismiss(
    *, candidate: ReintroductionCandidate, user: AbstractBaseUser | None
) -> None:
    """Mark a proposed bill as not the campaign's (audited)."""
    candidate.status = CandidateStatus.DISMISSED
    candidate.decided_at = timezone.now()
    candidate.decided_by = user
    candidate.save(update_fields=["status", "decided_at", "decided_by"])
    audit_record(
        actor=user,
        action="legislators.bill.reintroduction_dismiss",
        target=candidate,
        details={"bill": candidate.key, "family": candidate.family_id},
    )


def version_records(
    *, bill: Bill, legislators: Iterable[Legislator]
) -> dict[int, list[tuple[Bill, str]]]:
    """Each member's stance on every version of `bill`'s family, newest Congress first.

    For the scorecard and the whip board ("cosponsored in the 119th; not yet in the
    120th"): {legislator_id: [(version, "sponsor"|"cosponsor"|"not_cosponsor"), ...]},
    one entry per Congress, judged on the version in the member's own chamber (or its
    companion). A Congress with no version in the member's chamber is left out.
    """
    legislators = list(legislators)
    if bill.family_id is None:
        versions = [bill]
    else:
        versions = list(
            Bill.objects.filter(family_id=bill.family_id)
            .select_related("companion")
            .order_by("-congress", "bill_type")
        )
    # One representative bill per Congress: stances_for looks at its companion itself.
    by_congress: dict[int, Bill] = {}
    for version in versions:
        by_congress.setdefault(version.congress, version)
    records: dict[int, list[tuple[Bill, str]]] = {member.pk: [] for member in legislators}
    for congress in sorted(by_congress, reverse=True):
        version = by_congress[congress]
        stances = stances_for(bill=version, legislators=legislators)
        for member in legislators:
            own = version.for_chamber(member.chamber)
            if own is not None:
                records[member.pk].append((own, stances[member.pk]))
    return records


# --- Committees ------------------------------------------------------------------------

# The complete committees file lists about 49 committees.
MIN_COMMITTEES = 40


@dataclass(frozen=True)
class CommitteesImportReport:
    added: int
    updated: int
    retired: int
    seats: int
    seats_replaced: bool
    unknown_members: tuple[str, ...] = ()


def committees_import(
    *, committees_yaml: str, membership_yaml: str, min_committees: int = MIN_COMMITTEES
) -> CommitteesImportReport:
    """Load the committees and who sits on them, replacing the previous lists.

    Both files are checked before anything is written (sources.DataError otherwise),
    and everything is written in one transaction. Committees the file no longer lists
    stay, marked not current, for the bills once referred to them; every seat is
    replaced (so a new Congress's file replaces the old Congress's seats). Seats of
    members not in our table are left out and named in `unknown_members`. Running it
    twice changes nothing the second time.
    """
    parsed = parse_committees(committees_yaml, min_committees=min_committees)
    seat_rows = parse_committee_seats(membership_yaml, codes={c["code"] for c in parsed})
    with transaction.atomic():
        existing = {c.code: c for c in Committee.objects.select_for_update()}
        added = updated = 0
        by_code: dict[str, Committee] = {}
        for values in parsed:  # parents come before their subcommittees
            parent = by_code.get(values["parent_code"]) if values["parent_code"] else None
            wanted = {
                "name": values["name"],
                "chamber": values["chamber"],
                "parent": parent,
                "url": values["url"],
                "is_current": True,
            }
            committee = existing.get(values["code"])
            if committee is None:
                committee = Committee.objects.create(code=values["code"], **wanted)
                added += 1
            elif any(getattr(committee, key) != value for key, value in wanted.items()):
                for key, value in wanted.items():
                    setattr(committee, key, value)
                committee.save()
                updated += 1
            by_code[values["code"]] = committee
        retired = (
            Committee.objects.filter(is_current=True)
            .exclude(code__in=by_code)
            .update(is_current=False)
        )

        members = dict(
            Legislator.objects.filter(bioguide_id__in={row[1] for row in seat_rows}).values_list(
                "bioguide_id", "pk"
            )
        )
        unknown = sorted({row[1] for row in seat_rows if row[1] not in members})
        wanted_seats = {
            (by_code[code].pk, members[bioguide], side, rank, title)
            for code, bioguide, side, rank, title in seat_rows
            if bioguide in members
        }
        current_seats = set(
            CommitteeSeat.objects.values_list(
                "committee_id", "legislator_id", "side", "rank", "title"
            )
        )
        replaced = wanted_seats != current_seats
        if replaced:
            CommitteeSeat.objects.all().delete()
            CommitteeSeat.objects.bulk_create(
                (
                    CommitteeSeat(
                        committee_id=committee_id,
                        legislator_id=legislator_id,
                        side=side,
                        rank=rank,
                        title=title,
                    )
                    for committee_id, legislator_id, side, rank, title in wanted_seats
                ),
                batch_size=1000,
            )
    return CommitteesImportReport(
        added=added,
        updated=updated,
        retired=retired,
        seats=len(wanted_seats),
        seats_replaced=replaced,
        unknown_members=tuple(unknown),
    )


def _committee_code(system_code: str) -> str:
    """congress.gov's "ssfi00" is our "SSFI"; its "ssfi12" our "SSFI12"."""
    base, sub = system_code[:4].upper(), system_code[4:]
    return base if sub == "00" else base + sub


@dataclass(frozen=True)
class ReferralSyncResult:
    bill: Bill
    committees: list[Committee]
    added: list[Committee]
    removed: list[Committee]


def bill_committees_sync(*, bill: Bill, client: CongressGovClient) -> ReferralSyncResult:
    """Record the committees congress.gov says `bill` was referred to.

    Reads first (CongressGovError leaves everything as it was), then writes in one
    transaction. A committee we do not know (the committees file not imported yet, or
    a new one) is added from congress.gov's name, parented when we know its committee.
    """
    referrals = client.committees(
        congress=bill.congress, bill_type=bill.bill_type, number=bill.number
    )
    chambers = {"senate": Chamber.SENATE, "house": Chamber.HOUSE, "joint": "joint"}
    now = timezone.now()
    with transaction.atomic():
        committees: list[Committee] = []
        for referral in referrals:
            code = _committee_code(referral.system_code)
            parent = None
            if code != code[:4]:
                parent = Committee.objects.filter(code=code[:4]).first()
            committee, _created = Committee.objects.get_or_create(
                code=code,
                defaults={
                    "name": referral.name[:255] or code,
                    "chamber": chambers.get(referral.chamber.lower(), "joint"),
                    "parent": parent,
                },
            )
            committees.append(committee)
        before = {r.committee_id: r for r in bill.referrals.select_related("committee")}
        wanted = {committee.pk: committee for committee in committees}
        added = [c for pk, c in wanted.items() if pk not in before]
        removed = [r.committee for pk, r in before.items() if pk not in wanted]
        BillReferral.objects.bulk_create(
            BillReferral(bill=bill, committee=committee, synced_at=now) for committee in added
        )
        bill.referrals.exclude(committee_id__in=wanted).delete()
        bill.referrals.update(synced_at=now)
    return ReferralSyncResult(
        bill=bill, committees=list(wanted.values()), added=added, removed=removed
    )


def committee_seats_on_bill(
    *, bill: Bill | None = None, legislators: Iterable[Legislator] | None = None
) -> dict[int, list[CommitteeSeat]]:
    """Members' seats on the committees that hold `bill` (by default the current bill).

    For the whip board: {legislator_id: [CommitteeSeat, ...]} for the committees and
    subcommittees the bill or its companion was referred to, chairs and ranking
    members first. Members with no such seat are absent. Limit to `legislators` if
    given. One query.
    """
    bill = bill or Bill.objects.current()
    if bill is None:
        return {}
    seats = (
        CommitteeSeat.objects.filter(committee__in=Committee.objects.holding(bill))
        .select_related("committee", "committee__parent")
        .order_by(
            "legislator_id",
            F("committee__parent_id").asc(nulls_first=True),
            "rank",
            "committee__code",
        )
    )
    if legislators is not None:
        seats = seats.filter(legislator_id__in=[member.pk for member in legislators])
    by_member: dict[int, list[CommitteeSeat]] = {}
    for seat in seats:
        by_member.setdefault(seat.legislator_id, []).append(seat)
    return by_member
