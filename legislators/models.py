import re

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from legislators.states import seat_code, state_name


class ZipDistrict(models.Model):
    """One row of the ZCTA -> congressional district table (119th Congress).

    A ZIP code that spans several districts, or two states, has several rows.
    District 0 means the state's single at-large seat.
    """

    zcta = models.CharField(_("ZIP code"), max_length=5, db_index=True)
    state_fips = models.CharField(_("state FIPS code"), max_length=2)
    state = models.CharField(_("state"), max_length=2)
    district = models.PositiveSmallIntegerField(_("district"))

    class Meta:
        verbose_name = _("ZIP code district")
        verbose_name_plural = _("ZIP code districts")
        ordering = ["zcta", "state", "district"]
        constraints = [
            models.UniqueConstraint(
                fields=["zcta", "state", "district"], name="zipdistrict_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.zcta} → {self.state}-{self.district:02d}"


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


class LegislatorQuerySet(models.QuerySet):
    def serving(self) -> "LegislatorQuerySet":
        return self.filter(is_serving=True)

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
    def party_initial(self) -> str:
        return self.party[:1] if self.party else "?"

    @property
    def seat(self) -> str:
        if self.chamber == Chamber.SENATE or self.district is None:
            return self.state
        return seat_code(self.state, self.district)


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

    def for_chamber(self, chamber: str) -> "Bill | None":
        """This bill or its companion, whichever a member of `chamber` would cosponsor."""
        if self.chamber == chamber:
            return self
        if self.companion_id and self.companion.chamber == chamber:
            return self.companion
        return None


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


class Stance(models.TextChoices):
    """A member's public position on a bill, as letters, mailings and scripts use it."""

    SPONSOR = "sponsor", _("sponsor")
    COSPONSOR = "cosponsor", _("cosponsor")
    NOT_COSPONSOR = "not_cosponsor", _("not a cosponsor")
