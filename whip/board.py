"""The organizers' whip board: rows, counts, the cosponsor chart and the CSV.

It joins legislators' data (bills, cosponsors) with whip statuses and the letters
each office has received.
"""

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.staff import ORGANIZERS
from calls.services import CallCounts, call_counts_by_legislator
from legislators.models import (
    MAJORITY,
    Bill,
    Chamber,
    Committee,
    CommitteeSeat,
    Cosponsorship,
    CosponsorshipEvent,
    Legislator,
    Stance,
)
from legislators.services import committee_seats_on_bill
from letters.services import letter_counts_by_legislator
from whip.models import WhipChoice, WhipStatus, WhipStatusChange
from whip.records import EarlierBacking, asks_again, backed_an_earlier_version, member_records

STATUS_ORDER = [choice.value for choice in WhipChoice]
STATUS_LABELS = dict(WhipChoice.choices)
PARTY_NAMES = {
    "D": gettext_lazy("Democrat"),
    "R": gettext_lazy("Republican"),
    "I": gettext_lazy("Independent"),
}
ANY_COMMITTEE = "any"
COMMITTEE_CODE = re.compile(r"[A-Za-z0-9]{2,10}")
SORT_KEYS = ("name", "state", "party", "status", "last_contact", "organizer", "letters")
# What the board and its CSV read of a member; loading the other columns (addresses, social
# accounts, staff notes) for the whole Congress took longer than the board's own work.
MEMBER_FIELDS = (
    "bioguide_id",
    "first_name",
    "last_name",
    "official_name",
    "chamber",
    "state",
    "district",
    "party",
)


@dataclass
class WhipRow:
    legislator: Legislator
    bill: Bill | None  # the bill of the member's chamber (the board's bill or its companion)
    status: str
    whip: WhipStatus | None
    letters: int | None
    # Translated once per status for the whole board, not once per row.
    status_label: str
    is_sponsor: bool = False
    # The member's seats on the committees holding the bill, full committees first.
    seats: list[CommitteeSeat] = field(default_factory=list)
    # Set when the member backed an earlier version of the bill and not yet this one.
    earlier: EarlierBacking | None = None
    calls: CallCounts | None = None

    @property
    def party(self) -> str:
        return self.legislator.party_initial

    @property
    def last_contact(self) -> date | None:
        return self.whip.last_contact if self.whip else None

    @property
    def organizer_name(self) -> str:
        if self.whip and self.whip.organizer:
            return self.whip.organizer.get_full_name() or self.whip.organizer.get_username()
        return ""

    @property
    def notes(self) -> str:
        return self.whip.notes if self.whip else ""


@dataclass
class Filters:
    state: str = ""
    party: str = ""
    status: str = ""
    chamber: str = ""
    # A committee's code, or ANY_COMMITTEE for a seat on any committee holding the bill.
    committee: str = ""
    # Only members who backed an earlier version of the bill and not yet this one.
    earlier: bool = False
    sort: str = "state"
    descending: bool = False

    @classmethod
    def from_query(cls, query: Any) -> "Filters":
        sort = query.get("sort", "state")
        descending = sort.startswith("-")
        sort = sort.lstrip("-")
        committee = query.get("committee", "")
        if committee != ANY_COMMITTEE:
            # Codes are letters and digits ("SSCM", "SSCM01"); anything else filters nothing.
            committee = committee.upper() if COMMITTEE_CODE.fullmatch(committee) else ""
        return cls(
            state=query.get("state", "").upper()[:2],
            party=query.get("party", "").upper()[:1],
            status=query.get("status", "") if query.get("status") in STATUS_ORDER else "",
            chamber=query.get("chamber", "") if query.get("chamber") in Chamber.values else "",
            committee=committee,
            earlier=query.get("earlier") == "1",
            sort=sort if sort in SORT_KEYS else "state",
            descending=descending,
        )

    def keep(self, row: WhipRow) -> bool:
        member = row.legislator
        return (
            (not self.state or member.state == self.state)
            and (not self.party or row.party == self.party)
            and (not self.status or row.status == self.status)
            and (not self.chamber or member.chamber == self.chamber)
            and (not self.committee or self._on_committee(row))
            and (not self.earlier or row.earlier is not None)
        )

    def _on_committee(self, row: WhipRow) -> bool:
        if self.committee == ANY_COMMITTEE:
            return bool(row.seats)
        return any(seat.committee.code == self.committee for seat in row.seats)


def _sort_key(name: str) -> Callable[[WhipRow], Any]:
    def by_name(row: WhipRow) -> tuple:
        return (row.legislator.last_name.lower(), row.legislator.first_name.lower())

    keys: dict[str, Callable[[WhipRow], Any]] = {
        "name": by_name,
        "state": lambda row: (
            row.legislator.state,
            row.legislator.chamber != Chamber.SENATE,
            row.legislator.district or 0,
            *by_name(row),
        ),
        "party": lambda row: (row.party, *by_name(row)),
        "status": lambda row: (STATUS_ORDER.index(row.status), *by_name(row)),
        # Members never contacted sort as the longest ago.
        "last_contact": lambda row: (row.last_contact or date.min, *by_name(row)),
        "organizer": lambda row: (row.organizer_name.lower() or "\uffff", *by_name(row)),
        "letters": lambda row: (row.letters or 0, *by_name(row)),
    }
    return keys[name]


@dataclass
class ChamberProgress:
    chamber: str
    label: str
    bill: Bill | None
    cosponsors: int
    majority: int

    @property
    def needed(self) -> int:
        return max(self.majority - self.cosponsors, 0)


@dataclass
class Board:
    bill: Bill
    bills: list[Bill]
    rows: list[WhipRow]
    all_rows: list[WhipRow]
    progress: list[ChamberProgress]
    counts: list[dict[str, Any]]
    count_columns: list[tuple[str, str, str]]
    chart: "Chart"
    recent_changes: list[WhipStatusChange]
    recent_events: list[CosponsorshipEvent]
    states: list[str]
    parties: list[tuple[str, str]]
    # The committees holding the bill or its companion, as (code, short label).
    committees: list[tuple[str, str]] = field(default_factory=list)
    # Whether the bill is the newest of its versions and has an earlier one: the "backed an
    # earlier version, not yet this one" filter.
    has_earlier: bool = False


def organizer_users() -> list[Any]:
    user_model = get_user_model()
    return list(
        user_model.objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__name=ORGANIZERS))
        .distinct()
        .order_by("username")
    )


def board_bills(bill: Bill) -> dict[str, Bill]:
    """The bill for each chamber: the chosen bill and, for the other chamber, its companion."""
    bills = {bill.chamber: bill}
    if bill.companion is not None and bill.companion.chamber != bill.chamber:
        bills[bill.companion.chamber] = bill.companion
    return bills


def build_board(*, bill: Bill, bills: list[Bill], filters: Filters) -> Board:
    """Everything the board shows, in a fixed number of queries whatever the table size."""
    by_chamber = board_bills(bill)
    bill_ids = [b.pk for b in by_chamber.values()]
    members = list(
        Legislator.objects.serving().only(*MEMBER_FIELDS).order_by("state", "chamber", "last_name")
    )
    cosponsorships = list(
        Cosponsorship.objects.filter(bill_id__in=bill_ids).only(
            "bill_id", "legislator_id", "sponsorship_date", "withdrawn_date"
        )
    )
    active = {(c.bill_id, c.legislator_id) for c in cosponsorships if c.withdrawn_date is None}
    whips = {
        (w.bill_id, w.legislator_id): w
        for w in WhipStatus.objects.filter(bill_id__in=bill_ids).select_related("organizer")
    }
    letters = letter_counts_by_legislator()
    committees = list(Committee.objects.holding(bill).select_related("parent"))
    # No committee of referral recorded (not synced yet): no seat to look for.
    seats = committee_seats_on_bill(bill=bill) if committees else {}
    records = member_records(bill=bill, legislators=members)
    calls = call_counts_by_legislator()
    labels = {status: str(label) for status, label in STATUS_LABELS.items()}
    sponsor_label = _("Sponsor")

    rows = []
    for member in members:
        own = by_chamber.get(member.chamber)
        whip = whips.get((own.pk, member.pk)) if own else None
        is_sponsor = own is not None and own.sponsor_id == member.pk
        if own is not None and (is_sponsor or (own.pk, member.pk) in active):
            status = WhipChoice.COSPONSOR
        else:
            status = whip.status if whip else WhipChoice.UNKNOWN
        count = sum((letters.get(member.pk) or {}).values())
        rows.append(
            WhipRow(
                legislator=member,
                bill=own,
                status=status,
                whip=whip,
                letters=count,
                status_label=sponsor_label if is_sponsor else labels[status],
                is_sponsor=is_sponsor,
                seats=seats.get(member.pk, []),
                calls=calls.get(member.pk),
            )
        )
    backing = backed_an_earlier_version(
        bill=bill,
        legislators=members,
        records=records,
        backers={row.legislator.pk for row in rows if row.status == WhipChoice.COSPONSOR},
    )
    for row in rows:
        row.earlier = backing.get(row.legislator.pk)

    shown = sorted(
        (row for row in rows if filters.keep(row)),
        key=_sort_key(filters.sort),
        reverse=filters.descending,
    )
    recent_changes = list(
        WhipStatusChange.objects.filter(whip_status__bill_id__in=bill_ids)
        .select_related("whip_status__legislator", "whip_status__bill", "changed_by")
        .order_by("-changed_at", "-id")[:10]
    )
    recent_events = list(
        CosponsorshipEvent.objects.filter(bill_id__in=bill_ids)
        .select_related("legislator", "bill")
        .order_by("-recorded_at", "-id")[:10]
    )
    columns, counts = _count_table(rows)
    parties = sorted({row.party for row in rows})
    return Board(
        bill=bill,
        bills=bills,
        rows=shown,
        all_rows=rows,
        progress=[
            ChamberProgress(
                chamber=chamber,
                label=str(label),
                bill=by_chamber.get(chamber),
                cosponsors=sum(
                    1
                    for row in rows
                    if row.legislator.chamber == chamber and row.status == WhipChoice.COSPONSOR
                ),
                majority=MAJORITY[chamber],
            )
            for chamber, label in Chamber.choices
            if chamber in by_chamber
        ],
        counts=counts,
        count_columns=columns,
        chart=cosponsor_chart(by_chamber, cosponsorships),
        recent_changes=recent_changes,
        recent_events=recent_events,
        states=sorted({row.legislator.state for row in rows}),
        parties=[(p, str(PARTY_NAMES.get(p, p))) for p in parties],
        committees=committee_choices(committees),
        has_earlier=asks_again(bill=bill, records=records),
    )


# --- Committees ------------------------------------------------------------------------

# "Senate Committee on Commerce, Science, and Transportation" is "Commerce, Science, and
# Transportation" in a table cell; congress.gov's "Finance Committee" is "Finance".
_COMMITTEE_NOISE = re.compile(
    r"^(?:(?:United States )?(?:Senate|House|Joint)\s+)?"
    r"(?:(?:Permanent\s+)?(?:Select|Special|Standing)\s+)?"
    r"(?:Committee|Subcommittee|Caucus)\s+on\s+(?:the\s+)?"
    r"|\s+(?:Committee|Subcommittee)$",
    re.IGNORECASE,
)


def committee_short_name(committee: Committee) -> str:
    return _COMMITTEE_NOISE.sub("", committee.name).strip() or committee.name


def committee_choices(committees: list[Committee]) -> list[tuple[str, str]]:
    """The filter's committees: each full committee followed by its subcommittees."""
    ordered = sorted(
        committees,
        key=lambda c: (
            (c.parent.code if c.parent else c.code),
            c.parent_id is not None,
            c.name,
        ),
    )
    choices = []
    for committee in ordered:
        label = committee_short_name(committee)
        if committee.parent is not None:
            label = f"{committee_short_name(committee.parent)}: {label}"
        choices.append((committee.code, label))
    return choices


_CHAIR = re.compile(r"^(?:co-?)?chair", re.IGNORECASE)
_RANKING = re.compile(r"^ranking", re.IGNORECASE)


def seat_label(seat: CommitteeSeat, roles: dict[str, str]) -> str:
    """A seat in a few words: "Finance (chair)". `roles` holds the translated roles."""
    name = committee_short_name(seat.committee)
    # Vice chairs and ex officio members sit on the committee like any other member.
    if _CHAIR.match(seat.title):
        return f"{name} ({roles['chair']})"
    if _RANKING.match(seat.title):
        return f"{name} ({roles['ranking']})"
    return name


def seat_roles() -> dict[str, str]:
    return {"chair": _("chair"), "ranking": _("ranking")}


def seats_text(seats: list[CommitteeSeat], roles: dict[str, str]) -> str:
    return "; ".join(seat_label(seat, roles) for seat in seats)


# A stand-in for the bioguide id in a reversed URL, replaced per row (ids are letters and digits).
MEMBER_PLACEHOLDER = "MEMBER0"


def table_rows(rows: list[WhipRow]) -> list[dict[str, str]]:
    """The members' table as plain strings, one dict per row.

    With the whole Congress the table is most of the board's work: a template reads a dict's
    keys several times faster than attributes of nested objects, and one reverse() per bill
    instead of one per row saves a quarter of the view's time.
    """
    bills = {row.bill.pk: row.bill for row in rows if row.bill}
    member_urls = {
        pk: reverse("whip:member", args=[bill.key, MEMBER_PLACEHOLDER])
        for pk, bill in bills.items()
    }
    roles = seat_roles()
    return [
        {
            "id": row.legislator.bioguide_id,
            "url": (
                member_urls[row.bill.pk].replace(MEMBER_PLACEHOLDER, row.legislator.bioguide_id)
                if row.bill
                else ""
            ),
            "name": row.legislator.official_name,
            "seat": row.legislator.seat,
            "party": row.party,
            "status": row.status,
            "status_label": row.status_label,
            "committees": seats_text(row.seats, roles),
            "earlier": row.earlier.summary if row.earlier else "",
            "last_contact": row.last_contact.isoformat() if row.last_contact else "—",
            "organizer": row.organizer_name or "—",
            "letters": str(row.letters or 0),
            "calls": (f"{row.calls.total} ({row.calls.today})" if row.calls else "0 (0)"),
        }
        for row in rows
    ]


def _count_table(rows: list[WhipRow]) -> tuple[list[tuple[str, str, str]], list[dict[str, Any]]]:
    """Members per status, split by chamber and party, with totals."""
    tally: Counter[tuple[str, str, str]] = Counter()
    for row in rows:
        tally[(row.status, row.legislator.chamber, row.party)] += 1
    columns = sorted(
        {(chamber, party) for _status, chamber, party in tally},
        key=lambda cp: (cp[0] != Chamber.SENATE, cp[1]),
    )
    chamber_labels = dict(Chamber.choices)
    column_labels = [
        (chamber, party, f"{chamber_labels[chamber]} {PARTY_NAMES.get(party, party)}")
        for chamber, party in columns
    ]
    table = []
    for status in STATUS_ORDER:
        cells = [tally[(status, chamber, party)] for chamber, party in columns]
        table.append(
            {"status": status, "label": STATUS_LABELS[status], "cells": cells, "total": sum(cells)}
        )
    return column_labels, table


# --- The chart -------------------------------------------------------------------------

WIDTH, HEIGHT = 640, 260
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 44, 16, 16, 36
SERIES_CLASSES = {Chamber.SENATE: "chart-senate", Chamber.HOUSE: "chart-house"}


@dataclass
class Series:
    bill: Bill
    css_class: str
    points: list[tuple[date, int]]
    path: str = ""


@dataclass
class Chart:
    series: list[Series]
    start: date | None
    end: date | None
    top: int
    y_ticks: list[tuple[float, int]] = field(default_factory=list)
    x_ticks: list[tuple[float, str]] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: int = PAD_LEFT
    plot_right: int = WIDTH - PAD_RIGHT
    plot_bottom: int = HEIGHT - PAD_BOTTOM

    @property
    def is_empty(self) -> bool:
        return not any(s.points for s in self.series)

    @property
    def table(self) -> list[tuple[date, list[int | None]]]:
        """The same data as rows of (date, count per series), for the text alternative."""
        dates = sorted({d for s in self.series for d, _count in s.points})
        lookup = [dict(s.points) for s in self.series]
        running: list[int | None] = [None] * len(self.series)
        rows = []
        for day in dates:
            running = [lk.get(day, prev) for lk, prev in zip(lookup, running, strict=True)]
            rows.append((day, list(running)))
        return rows


def timeline(cosponsorships: list[Cosponsorship]) -> list[tuple[date, int]]:
    """Active cosponsors after each day on which the number changed."""
    delta: defaultdict[date, int] = defaultdict(int)
    for c in cosponsorships:
        delta[c.sponsorship_date] += 1
        if c.withdrawn_date:
            delta[c.withdrawn_date] -= 1
    points, total = [], 0
    for day in sorted(delta):
        total += delta[day]
        points.append((day, total))
    return points


def cosponsor_chart(by_chamber: dict[str, Bill], cosponsorships: list[Cosponsorship]) -> Chart:
    per_bill: defaultdict[int, list[Cosponsorship]] = defaultdict(list)
    for c in cosponsorships:
        per_bill[c.bill_id].append(c)
    series = [
        Series(bill=b, css_class=SERIES_CLASSES[chamber], points=timeline(per_bill[b.pk]))
        for chamber, b in sorted(by_chamber.items(), key=lambda item: item[0] != Chamber.SENATE)
    ]
    dates = [d for s in series for d, _count in s.points]
    if not dates:
        return Chart(series=series, start=None, end=None, top=0)
    start = min(dates)
    end = max(max(dates), timezone.localdate())
    top = max(max((n for s in series for _d, n in s.points), default=0), 1)
    span = max((end - start).days, 1)
    plot_w = WIDTH - PAD_LEFT - PAD_RIGHT
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM

    def x(day: date) -> float:
        return round(PAD_LEFT + plot_w * (day - start).days / span, 1)

    def y(count: int) -> float:
        return round(PAD_TOP + plot_h * (1 - count / top), 1)

    for s in series:
        if not s.points:
            continue
        # A step line: the count holds until the next change, then to today.
        parts = [f"M{x(s.points[0][0])},{y(0)}"]
        previous = 0
        for day, count in s.points:
            parts.append(f"L{x(day)},{y(previous)} L{x(day)},{y(count)}")
            previous = count
        parts.append(f"L{x(end)},{y(previous)}")
        s.path = " ".join(parts)
    step = max(1, -(-top // 4))
    y_ticks = [(y(n), n) for n in range(0, top + 1, step)]
    if y_ticks[-1][1] != top:
        # Label the top line too, unless it would crowd the tick below it.
        if top - y_ticks[-1][1] < step / 2:
            y_ticks.pop()
        y_ticks.append((y(top), top))
    x_ticks = [(x(start), start.isoformat()), (x(end), end.isoformat())]
    return Chart(series=series, start=start, end=end, top=top, y_ticks=y_ticks, x_ticks=x_ticks)


# --- CSV -------------------------------------------------------------------------------


BOARD_CSV_HEADER = [
    "bioguide_id",
    "name",
    "chamber",
    "state",
    "district",
    "party",
    "bill",
    "status",
    "last_contact",
    "organizer",
    "notes",
    "letters",
    "committees",
    "earlier_version",
    "earlier_stance",
    "calls",
]


def board_csv_rows(board: Board) -> Iterator[list[object]]:
    """The board's rows for the CSV export (core.csv makes every cell safe)."""
    roles = seat_roles()
    for row in board.rows:
        member = row.legislator
        line = [
            member.bioguide_id,
            member.official_name,
            member.chamber,
            member.state,
            "" if member.district is None else member.district,
            member.party,
            row.bill.key if row.bill else "",
            Stance.SPONSOR if row.is_sponsor else row.status,
            row.last_contact.isoformat() if row.last_contact else "",
            row.organizer_name,
            row.notes,
            row.letters or 0,
            seats_text(row.seats, roles),
            row.earlier.version.key if row.earlier else "",
            row.earlier.stance if row.earlier else "",
        ]
        line.append(row.calls.total if row.calls else 0)
        yield line
