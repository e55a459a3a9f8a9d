import datetime
import re

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from legislators.congress import EASTERN, sitting_congress
from legislators.states import seat_code, state_name


class ZipDistrict(models.Model):
    """One row of the ZCTA -> congressional district table of one Congress.

    A ZIP code that spans several districts, or two states, has several rows.
    District 0 means the state's single at-large seat (or its non-voting member).
    A state with no rows for a Congress carries the rows of the latest earlier
    Congress over, unless its map changed (see legislators.congress).
    """

    congress = models.PositiveSmallIntegerField(
        _("Congress"),
        # A row made without one (tests, demo data) belongs to the sitting Congress.
        default=sitting_congress,
        help_text=_("The Congress whose district map this row follows, e.g. 120."),
    )
    zcta = models.CharField(_("ZIP code"), max_length=5, db_index=True)
    state_fips = models.CharField(_("state FIPS code"), max_length=2)
    state = models.CharField(_("state"), max_length=2)
    district = models.PositiveSmallIntegerField(_("district"))

    class Meta:
        verbose_name = _("ZIP code district")
        verbose_name_plural = _("ZIP code districts")
        ordering = ["congress", "zcta", "state", "district"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "zcta", "state", "district"], name="zipdistrict_unique"
            ),
        ]
        indexes = [models.Index(fields=["congress", "state"], name="zipdistrict_congress_state")]

    def __str__(self) -> str:
        return f"{self.zcta} → {self.state}-{self.district:02d} ({self.congress})"


class Chamber(models.TextChoices):
    SENATE = "senate", _("Senate")
    HOUSE = "house", _("House")


_STATE_RANK = {"senior": 0, "junior": 1}


def lawmaker_order(member: "Legislator") -> tuple:
    """The one order the site lists a constituent's lawmakers in: senators (senior first),
    then the representative. Lookups, letters, the sent page and emails all sort by it."""
    if member.chamber == Chamber.SENATE:
        return (0, member.state, _STATE_RANK.get(member.state_rank, 2), member.last_name)
    return (1, member.state, member.district or 0, member.last_name)


# A term in the roster ends with a special election when the member was appointed.
SPECIAL_ELECTION = "special-election"


class LegislatorQuerySet(models.QuerySet):
    def serving(self, at: datetime.datetime | None = None) -> "LegislatorQuerySet":
        """Members in office: listed by the last roster import and not departed.

        With `at` (an aware datetime), also the roster's dates: a term runs from noon
        US/Eastern on its `start` date to noon US/Eastern on its `end` date. An appointed
        senator (term ending with a special election) has no such end: they serve until
        an import shows a successor in their seat. Without `at` the dates are not read,
        so between the end of a Congress and the next import the last roster still
        answers (callers that must not act for a departed member pass `at`).
        """
        members = self.filter(is_serving=True)
        if at is None:
            return members
        # Noon Eastern is 16:00 or 17:00 UTC; compare on the Eastern calendar date instead.
        eastern = at.astimezone(EASTERN)
        today, past_noon = eastern.date(), eastern.time() >= datetime.time(12)
        started = models.Q(term_start__lte=today) if past_noon else models.Q(term_start__lt=today)
        not_ended = models.Q(term_end__gt=today) if past_noon else models.Q(term_end__gte=today)
        return members.filter(
            models.Q(term_start__isnull=True) | started,
            models.Q(term_end__isnull=True)
            | not_ended
            | models.Q(is_appointed=True, term_end_type=SPECIAL_ELECTION),
        )

    def former(self) -> "LegislatorQuerySet":
        return self.filter(is_serving=False)

    def senators(self) -> "LegislatorQuerySet":
        return self.filter(chamber=Chamber.SENATE)

    def representatives(self) -> "LegislatorQuerySet":
        return self.filter(chamber=Chamber.HOUSE)

    def for_seats(
        self, *, states: list[str], districts: list[tuple[str, int]]
    ) -> "LegislatorQuerySet":
        """Senators of `states` and House members for (state, district) pairs, in one query."""
        wanted = models.Q(chamber=Chamber.SENATE, state__in=states)
        for state, district in districts:
            wanted |= models.Q(chamber=Chamber.HOUSE, state=state, district=district)
        return self.filter(wanted)


# Party names as the roster writes them, in the page's language; others are shown as written.
PARTY_LABELS = {
    "Democrat": _("Democrat"),
    "Republican": _("Republican"),
    "Independent": _("Independent"),
    "Libertarian": _("Libertarian"),
}


def party_label(party: str) -> str:
    """A party's name in the active language (the roster's own name when we have none)."""
    return str(PARTY_LABELS.get(party, party))


class Legislator(models.Model):
    """A member of Congress, imported from the congress-legislators project.

    Imported fields are overwritten by each import; the staff-maintained fields
    (delivery_email, staff_notes) never are. Members who leave are marked
    not serving, never deleted, since letters and cosponsorships point at them.
    """

    # Imported from congress-legislators.
    bioguide_id = models.CharField(_("bioguide id"), max_length=7, unique=True)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    official_name = models.CharField(_("official full name"), max_length=200)
    chamber = models.CharField(_("chamber"), max_length=6, choices=Chamber.choices)
    state = models.CharField(_("state"), max_length=2, db_index=True)
    # None for senators; 0 for an at-large seat.
    district = models.PositiveSmallIntegerField(_("district"), null=True, blank=True)
    senate_class = models.PositiveSmallIntegerField(_("Senate class"), null=True, blank=True)
    state_rank = models.CharField(_("state rank"), max_length=6, blank=True)
    party = models.CharField(_("party"), max_length=40)
    term_start = models.DateField(_("term start"), null=True, blank=True)
    term_end = models.DateField(_("term end"), null=True, blank=True)
    office_address = models.CharField(_("DC office address"), max_length=255, blank=True)
    phone = models.CharField(_("DC office phone"), max_length=30, blank=True)
    website = models.URLField(_("website"), max_length=255, blank=True)
    contact_form_url = models.URLField(_("official contact form"), max_length=255, blank=True)
    twitter = models.CharField(_("X / Twitter"), max_length=100, blank=True)
    facebook = models.CharField(_("Facebook"), max_length=100, blank=True)
    youtube = models.CharField(_("YouTube"), max_length=100, blank=True)
    instagram = models.CharField(_("Instagram"), max_length=100, blank=True)
    is_serving = models.BooleanField(_("serving"), default=True, db_index=True)
    # How the current term began and ends, from the roster's `how` and `end-type`:
    # an appointed senator's `end` is the special election, not the day they leave.
    is_appointed = models.BooleanField(_("appointed"), default=False)
    term_end_type = models.CharField(_("term ends with"), max_length=30, blank=True)
    left_office_at = models.DateTimeField(
        _("left office"),
        null=True,
        blank=True,
        help_text=_("When a roster import first found this member gone."),
    )
    source = models.CharField(
        _("known from"),
        max_length=12,
        choices=[
            ("roster", _("members roster")),
            ("congress_gov", _("congress.gov (a former member)")),
        ],
        default="roster",
    )
    # Delegates and the Resident Commissioner sit in the House without a vote.
    is_voting = models.BooleanField(_("votes on the floor"), default=True)
    imported_at = models.DateTimeField(_("last imported"), null=True, blank=True)

    # Maintained by staff; the import never touches these.
    delivery_email = models.EmailField(
        _("letter delivery address"),
        blank=True,
        help_text=_("Where supporters' letters to this office are emailed. Empty: letters wait."),
    )
    staff_notes = models.TextField(_("staff notes"), blank=True)

    objects = LegislatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("member of Congress")
        verbose_name_plural = _("members of Congress")
        ordering = ["state", "chamber", "district", "last_name"]
        indexes = [models.Index(fields=["state", "chamber", "district"])]

    def __str__(self) -> str:
        return f"{self.title} {self.official_name} ({self.party_initial}-{self.seat})"

    def get_absolute_url(self) -> str:
        return reverse("legislators:detail", args=[self.bioguide_id])

    @property
    def name(self) -> str:
        return self.official_name or f"{self.first_name} {self.last_name}"

    @property
    def title(self) -> str:
        if self.chamber == Chamber.SENATE:
            return str(_("Sen."))
        if self.is_voting:
            return str(_("Rep."))
        return str(_("Res. Comm.")) if self.state == "PR" else str(_("Del."))

    @property
    def role(self) -> str:
        """The office in words, for headings and cards."""
        if self.chamber == Chamber.SENATE:
            if self.state_rank == "senior":
                return str(_("Senior senator"))
            if self.state_rank == "junior":
                return str(_("Junior senator"))
            return str(_("Senator"))
        if self.is_voting:
            return str(_("Representative"))
        if self.state == "PR":
            return str(_("Resident Commissioner (no floor vote)"))
        return str(_("Delegate (no floor vote)"))

    @property
    def phone_uri(self) -> str:
        digits = "".join(ch for ch in self.phone if ch.isdigit())
        if len(digits) == 10:
            return f"tel:+1{digits}"
        return f"tel:{digits}" if digits else ""

    @property
    def state_name(self) -> str:
        return state_name(self.state)

    @property
    def party_label(self) -> str:
        return party_label(self.party)

    @property
    def party_initial(self) -> str:
        return self.party[:1] if self.party else "?"

    @property
    def seat(self) -> str:
        if self.chamber == Chamber.SENATE or self.district is None:
            return self.state
        return seat_code(self.state, self.district)

    @property
    def seat_key(self) -> str:
        """One seat: "OH-03" for the House, "OH-S1" for a Senate seat (by class)."""
        if self.chamber == Chamber.SENATE:
            return f"{self.state}-S{self.senate_class or '?'}"
        return self.seat


class RosterImport(models.Model):
    """What one import of the members roster changed, for staff to read afterwards."""

    imported_at = models.DateTimeField(_("imported"), default=timezone.now, db_index=True)
    source = models.CharField(_("file or URL"), max_length=500, blank=True)
    added = models.PositiveIntegerField(_("new members"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    departed = models.PositiveIntegerField(_("departures"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    # One dict per change: {"kind": "arrival"|"departure"|"seat"|"party"|"vacancy",
    # "bioguide_id", "name", "seat", "before", "after", "letters"}; a seat change to the
    # other chamber also has "letters" (stopped) and "address_cleared".
    changes = models.JSONField(_("changes"), default=list, blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)

    class Meta:
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return str(_("Roster import of %(when)s")) % {
            "when": timezone.localtime(self.imported_at).strftime("%Y-%m-%d %H:%M")
        }


# --- Bills, cosponsorships and the organizers' whip status -----------------------------


class BillType(models.TextChoices):
    # congress.gov's lower-case type codes, as used in its API paths.
    HR = "hr", _("H.R.")
    S = "s", _("S.")
    HJRES = "hjres", _("H.J.Res.")
    SJRES = "sjres", _("S.J.Res.")
    HCONRES = "hconres", _("H.Con.Res.")
    SCONRES = "sconres", _("S.Con.Res.")
    HRES = "hres", _("H.Res.")
    SRES = "sres", _("S.Res.")


# Printed citation prefixes ("S. 2495"); not translated, they are proper names.
BILL_TYPE_PREFIX = {
    BillType.HR: "H.R.",
    BillType.S: "S.",
    BillType.HJRES: "H.J.Res.",
    BillType.SJRES: "S.J.Res.",
    BillType.HCONRES: "H.Con.Res.",
    BillType.SCONRES: "S.Con.Res.",
    BillType.HRES: "H.Res.",
    BillType.SRES: "S.Res.",
}

# The path segment congress.gov uses on its public bill pages.
BILL_TYPE_URL_NAME = {
    BillType.HR: "house-bill",
    BillType.S: "senate-bill",
    BillType.HJRES: "house-joint-resolution",
    BillType.SJRES: "senate-joint-resolution",
    BillType.HCONRES: "house-concurrent-resolution",
    BillType.SCONRES: "senate-concurrent-resolution",
    BillType.HRES: "house-resolution",
    BillType.SRES: "senate-resolution",
}

# A majority of each chamber: what the whip board counts toward.
MAJORITY = {Chamber.SENATE: 51, Chamber.HOUSE: 218}


def ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


class BillFamily(models.Model):
    """One bill as the campaign knows it across Congresses: each reintroduction is a version.

    The 2017 S. 515 / H.R. 1300, the 119th's S. 2495 / H.R. 4954 and the 120th's, once
    introduced, are versions of one family. One version at a time is the campaign's
    current bill (`Bill.is_current`); `manage.py find_reintroduction` proposes the next.
    """

    name = models.CharField(_("name"), max_length=200)
    # The last moment find_reintroduction looked through congress.gov up to.
    checked_through = models.DateTimeField(_("searched up to"), null=True, blank=True)
    # Bills already looked at and not proposed ("hr12-120"), so they are not fetched again.
    checked_bills = models.JSONField(_("bills already checked"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("bill family")
        verbose_name_plural = _("bill families")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class BillQuerySet(models.QuerySet):
    def current(self) -> "Bill | None":
        """The bill the campaign is pushing now, or None."""
        return self.filter(is_current=True).select_related("companion", "sponsor").first()

    def by_key(self, key: str) -> "Bill | None":
        """The bill written like `s2495-119` or `HR4954-119`, or None."""
        parsed = parse_bill_key(key)
        if parsed is None:
            return None
        congress, bill_type, number = parsed
        return self.filter(congress=congress, bill_type=bill_type, number=number).first()


def parse_bill_key(key: str) -> tuple[int, str, int] | None:
    """`s2495-119` -> (119, "s", 2495); anything else -> None."""
    match = re.fullmatch(r"\s*([a-z]+)\.?\s*(\d{1,5})-(\d{1,3})\s*", key.lower().replace(".", ""))
    if not match or match.group(1) not in BillType.values:
        return None
    congress, number = int(match.group(3)), int(match.group(2))
    if congress < 1 or number < 1:
        return None
    return congress, match.group(1), number


class Bill(models.Model):
    """A bill in Congress that the campaign follows.

    Facts come from congress.gov (`manage.py sync_cosponsors`); the summary and
    the current/companion choices are ours.
    """

    congress = models.PositiveSmallIntegerField(_("Congress"))
    bill_type = models.CharField(_("type"), max_length=7, choices=BillType.choices)
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("official title"), max_length=1000, blank=True)
    short_title = models.CharField(_("short title"), max_length=255, blank=True)
    introduced_date = models.DateField(_("introduced"), null=True, blank=True)
    sponsor = models.ForeignKey(
        Legislator,
        verbose_name=_("sponsor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sponsored_bills",
    )
    summary = models.TextField(_("summary in our words"), blank=True)
    companion = models.ForeignKey(
        "self",
        verbose_name=_("companion bill"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The same bill in the other chamber."),
    )
    family = models.ForeignKey(
        BillFamily,
        verbose_name=_("family"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="versions",
        help_text=_("The same bill across Congresses."),
    )
    previous_version = models.ForeignKey(
        "self",
        verbose_name=_("previous version"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_versions",
        help_text=_("The same bill in this chamber, in an earlier Congress."),
    )
    is_current = models.BooleanField(
        _("campaign's current bill"),
        default=False,
        help_text=_("The bill the scorecard and the letters are about. Only one at a time."),
    )
    synced_at = models.DateTimeField(_("last synced with congress.gov"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = BillQuerySet.as_manager()

    class Meta:
        verbose_name = _("bill")
        verbose_name_plural = _("bills")
        ordering = ["-congress", "bill_type", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "bill_type", "number"], name="bill_unique_number"
            ),
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="bill_one_current",
            ),
        ]

    def __str__(self) -> str:
        name = self.short_title or self.title
        return f"{self.citation} ({ordinal(self.congress)}): {name}" if name else self.citation

    @property
    def citation(self) -> str:
        return f"{BILL_TYPE_PREFIX.get(self.bill_type, self.bill_type.upper())} {self.number}"

    @property
    def key(self) -> str:
        """The form used in URLs and on the command line: `s2495-119`."""
        return f"{self.bill_type}{self.number}-{self.congress}"

    @property
    def chamber(self) -> str:
        return Chamber.SENATE if self.bill_type.startswith("s") else Chamber.HOUSE

    @property
    def congress_ordinal(self) -> str:
        return ordinal(self.congress)

    @property
    def display_title(self) -> str:
        return self.short_title or self.title or self.citation

    @property
    def congress_gov_url(self) -> str:
        kind = BILL_TYPE_URL_NAME.get(self.bill_type, self.bill_type)
        return (
            f"https://www.congress.gov/bill/{ordinal(self.congress)}-congress/{kind}/{self.number}"
        )

    def earlier_versions(self) -> list["Bill"]:
        """This bill's family in earlier Congresses, newest first (both chambers)."""
        if self.family_id is None:
            return []
        return list(
            Bill.objects.filter(family_id=self.family_id, congress__lt=self.congress)
            .select_related("sponsor")
            .order_by("-congress", "bill_type", "number")
        )

    def for_chamber(self, chamber: str) -> "Bill | None":
        """This bill or its companion, whichever a member of `chamber` would cosponsor."""
        if self.chamber == chamber:
            return self
        if self.companion_id and self.companion.chamber == chamber:
            return self.companion
        return None


class CandidateStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    CONFIRMED = "confirmed", _("confirmed")
    DISMISSED = "dismissed", _("dismissed")


class ReintroductionCandidate(models.Model):
    """A bill in a new Congress that may be the campaign's bill reintroduced.

    Found by `manage.py find_reintroduction`; staff confirm one in the admin, and it
    becomes the current version.
    """

    family = models.ForeignKey(
        BillFamily,
        verbose_name=_("family"),
        on_delete=models.CASCADE,
        related_name="candidates",
    )
    congress = models.PositiveSmallIntegerField(_("Congress"))
    bill_type = models.CharField(_("type"), max_length=7, choices=BillType.choices)
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=1000, blank=True)
    introduced_date = models.DateField(_("introduced"), null=True, blank=True)
    sponsor_bioguide_id = models.CharField(_("sponsor's bioguide id"), max_length=7, blank=True)
    sponsor_name = models.CharField(_("sponsor"), max_length=200, blank=True)
    sponsor_matches = models.BooleanField(_("sponsor sponsored an earlier version"), default=False)
    title_matches = models.BooleanField(_("title matches an earlier version"), default=False)
    status = models.CharField(
        _("status"),
        max_length=9,
        choices=CandidateStatus.choices,
        default=CandidateStatus.PROPOSED,
    )
    found_at = models.DateTimeField(_("found"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("possible reintroduction")
        verbose_name_plural = _("possible reintroductions")
        ordering = ["-congress", "status", "bill_type", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["family", "congress", "bill_type", "number"],
                name="candidate_unique_bill",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.citation} ({ordinal(self.congress)}): {self.title}"

    @property
    def citation(self) -> str:
        return f"{BILL_TYPE_PREFIX.get(self.bill_type, self.bill_type.upper())} {self.number}"

    @property
    def key(self) -> str:
        return f"{self.bill_type}{self.number}-{self.congress}"


class Source(models.TextChoices):
    SYNC = "sync", _("congress.gov sync")
    STAFF = "staff", _("entered by staff")


class CosponsorshipQuerySet(models.QuerySet):
    def active(self) -> "CosponsorshipQuerySet":
        return self.filter(withdrawn_date__isnull=True)


class Cosponsorship(models.Model):
    """A member's cosponsorship of a bill, as congress.gov (or staff) records it."""

    bill = models.ForeignKey(
        Bill, verbose_name=_("bill"), on_delete=models.CASCADE, related_name="cosponsorships"
    )
    legislator = models.ForeignKey(
        Legislator,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="cosponsorships",
    )
    sponsorship_date = models.DateField(_("cosponsored on"))
    is_original = models.BooleanField(_("original cosponsor"), default=False)
    withdrawn_date = models.DateField(_("withdrawn on"), null=True, blank=True)
    source = models.CharField(
        _("source"), max_length=5, choices=Source.choices, default=Source.STAFF
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CosponsorshipQuerySet.as_manager()

    class Meta:
        verbose_name = _("cosponsorship")
        verbose_name_plural = _("cosponsorships")
        ordering = ["sponsorship_date", "legislator__state"]
        constraints = [
            models.UniqueConstraint(
                fields=["bill", "legislator"], name="cosponsorship_unique_member"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.legislator} → {self.bill.citation}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_date is None


class EventKind(models.TextChoices):
    COSPONSORED = "cosponsored", _("cosponsored")
    WITHDRAWN = "withdrawn", _("withdrew")
    RESTORED = "restored", _("cosponsored again")
    SPONSOR_CHANGED = "sponsor", _("sponsor changed")


class CosponsorshipEvent(models.Model):
    """A dated change in who backs a bill: the log organizers read every morning."""

    bill = models.ForeignKey(
        Bill, verbose_name=_("bill"), on_delete=models.CASCADE, related_name="events"
    )
    legislator = models.ForeignKey(
        Legislator,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cosponsorship_events",
    )
    kind = models.CharField(_("what happened"), max_length=11, choices=EventKind.choices)
    # The date Congress records for it (cosponsored or withdrawn on); may be empty
    # for sponsor changes, which congress.gov does not date.
    date = models.DateField(_("date"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=5, choices=Source.choices)
    detail = models.CharField(_("detail"), max_length=255, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("cosponsorship change")
        verbose_name_plural = _("cosponsorship changes")
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        who = self.legislator or self.detail
        return f"{self.bill.citation}: {who} {self.get_kind_display()}"


# --- Committees ------------------------------------------------------------------------


class CommitteeChamber(models.TextChoices):
    SENATE = "senate", _("Senate")
    HOUSE = "house", _("House")
    JOINT = "joint", _("Joint")


class CommitteeQuerySet(models.QuerySet):
    def holding(self, bill: "Bill") -> "CommitteeQuerySet":
        """The committees (and subcommittees) `bill` or its companion was referred to."""
        bill_ids = [bill.pk] + ([bill.companion_id] if bill.companion_id else [])
        return self.filter(referrals__bill_id__in=bill_ids).distinct()


class Committee(models.Model):
    """A committee or subcommittee of Congress, from the congress-legislators project.

    `code` is the project's thomas_id ("SSFI"; a subcommittee adds its own: "SSFI12"),
    which congress.gov writes in lower case with "00" for the full committee ("ssfi00").
    Committees the current file no longer lists are kept (not current) for the bills
    once referred to them.
    """

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=255)
    chamber = models.CharField(_("chamber"), max_length=6, choices=CommitteeChamber.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent committee"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subcommittees",
    )
    url = models.URLField(_("website"), max_length=255, blank=True)
    is_current = models.BooleanField(_("in the current committee list"), default=True)

    objects = CommitteeQuerySet.as_manager()

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["chamber", "code"]

    def __str__(self) -> str:
        if self.parent_id:
            return f"{self.parent.name}: {self.name}"
        return self.name


class CommitteeSeat(models.Model):
    """A member's seat on a committee, from committee-membership-current.yaml."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="seats"
    )
    legislator = models.ForeignKey(
        Legislator,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="committee_seats",
    )
    # "majority" or "minority", as the file says.
    side = models.CharField(_("side"), max_length=8)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("committee seat")
        verbose_name_plural = _("committee seats")
        ordering = ["committee", "side", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "legislator"], name="seat_unique"),
        ]

    def __str__(self) -> str:
        title = f" ({self.title})" if self.title else ""
        return f"{self.legislator.name}{title}, {self.committee}"


class BillReferral(models.Model):
    """A committee a bill was referred to, as congress.gov records it."""

    bill = models.ForeignKey(
        Bill, verbose_name=_("bill"), on_delete=models.CASCADE, related_name="referrals"
    )
    committee = models.ForeignKey(
        Committee,
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    synced_at = models.DateTimeField(_("last synced"), default=timezone.now)

    class Meta:
        verbose_name = _("committee of referral")
        verbose_name_plural = _("committees of referral")
        constraints = [
            models.UniqueConstraint(fields=["bill", "committee"], name="referral_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.bill.citation} → {self.committee}"


class Stance(models.TextChoices):
    """A member's public position on a bill, as letters, mailings and scripts use it."""

    SPONSOR = "sponsor", _("sponsor")
    COSPONSOR = "cosponsor", _("cosponsor")
    NOT_COSPONSOR = "not_cosponsor", _("not a cosponsor")
    # Not on the current version, but sponsored or cosponsored an earlier version of the
    # same bill (an earlier Congress): letters thank them and ask them to sign on again.
    PAST_COSPONSOR = "past_cosponsor", _("cosponsored an earlier version")
