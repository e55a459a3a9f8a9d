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
