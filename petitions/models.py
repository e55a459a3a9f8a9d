import datetime

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def normalise_email(email: str) -> str:
    """The key a supporter is stored under: surrounding spaces dropped, case folded."""
    return email.strip().lower()


class SupporterQuerySet(models.QuerySet):
    def for_email(self, email: str) -> "SupporterQuerySet":
        return self.filter(email=normalise_email(email))


class Supporter(models.Model):
    """One person, whatever they did: signed, wrote, registered or joined the list."""

    email = models.EmailField(_("email"), max_length=254, unique=True)
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    zip_code = models.CharField(_("ZIP code"), max_length=5, blank=True)
    country = models.CharField(_("country"), max_length=2, default="US")
    state = models.CharField(_("state"), max_length=2, blank=True, db_index=True)
    district = models.PositiveSmallIntegerField(_("district"), null=True, blank=True)
    list_opt_in = models.BooleanField(_("joined the email list"), default=False)
    list_opt_in_at = models.DateTimeField(_("joined the list at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = SupporterQuerySet.as_manager()

    class Meta:
        verbose_name = _("supporter")
        verbose_name_plural = _("supporters")
        ordering = ["-created_at"]
        # Staff search matches the start of the email, first or last name in any case
        # (UPPER(...) LIKE 'JANE%'); migration 0006 gives each an index for that on
        # PostgreSQL (its operator class is PostgreSQL's, so it is not declared here).
        constraints = [
            models.CheckConstraint(
                condition=models.Q(email=Lower("email")), name="supporter_email_lowercase"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def save(self, *args, **kwargs) -> None:
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


FEATURED_CACHE_KEY = "petitions:featured"


class PetitionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    ARCHIVED = "archived", _("Archived")


class PetitionQuerySet(models.QuerySet):
    def open(self) -> "PetitionQuerySet":
        now = timezone.now()
        return self.filter(status=PetitionStatus.OPEN).filter(
            models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=now)
        )

    def public(self) -> "PetitionQuerySet":
        # Closed petitions stay readable (with their final count); archived ones do not.
        return self.exclude(status=PetitionStatus.ARCHIVED)

    def featured(self) -> "Petition | None":
        """The open petition the home page shows, or None."""
        return self.open().filter(is_featured=True).order_by("-created_at").first()


class Petition(models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    summary = models.CharField(_("summary"), max_length=300)
    body = models.TextField(_("body"), help_text=_("Plain text; blank lines start new paragraphs."))
    addressed_to = models.CharField(
        _("addressed to"), max_length=200, help_text=_("For example: the United States Congress")
    )
    goal = models.PositiveIntegerField(_("goal"), default=1000)
    auto_raise_goal = models.BooleanField(
        _("raise the goal when reached"),
        default=True,
        help_text=_("When the goal is reached, set the next round number as the new goal."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PetitionStatus.choices, default=PetitionStatus.OPEN
    )
    ends_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    thank_you_text = models.TextField(_("thank-you text"), blank=True)
    share_text = models.CharField(
        _("share text"),
        max_length=240,
        blank=True,
        help_text=_("Suggested text when a signer shares the petition."),
    )
    bill = models.ForeignKey(
        "legislators.Bill",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="petitions",
        verbose_name=_("linked bill"),
        help_text=_("The bill this petition supports."),
    )
    requires_confirmation = models.BooleanField(
        _("signatures need email confirmation"),
        default=False,
        help_text=_("Signatures count only once the signer clicks the link we email."),
    )
    is_featured = models.BooleanField(_("featured on the home page"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PetitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        # The home page caches which petition is featured; an edit shows at once.
        cache.delete(FEATURED_CACHE_KEY)
        transaction.on_commit(lambda: cache.delete(FEATURED_CACHE_KEY))

    def get_absolute_url(self) -> str:
        return reverse("petitions:detail", kwargs={"slug": self.slug})

    @property
    def is_open(self) -> bool:
        if self.status != PetitionStatus.OPEN:
            return False
        return self.ends_at is None or self.ends_at > timezone.now()


class SignatureQuerySet(models.QuerySet):
    def counted(self) -> "SignatureQuerySet":
        return self.filter(confirmed_at__isnull=False)


class Signature(models.Model):
    """One supporter's name on one petition; counted once confirmed_at is set."""

    petition = models.ForeignKey(
        Petition, on_delete=models.CASCADE, related_name="signatures", verbose_name=_("petition")
    )
    supporter = models.ForeignKey(
        Supporter,
        on_delete=models.CASCADE,
        related_name="signatures",
        verbose_name=_("supporter"),
    )
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    show_publicly = models.BooleanField(_("show first name and place publicly"), default=False)
    # Set at signing when the petition needs no confirmation, else when the link is clicked.
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    ip_hash = models.CharField(_("IP address hash"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("signed"), default=timezone.now)

    objects = SignatureQuerySet.as_manager()

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "supporter"], name="signature_one_per_supporter"
            ),
        ]
        indexes = [
            # The staff list pages through all signatures newest first.
            models.Index(fields=["-created_at", "-id"], name="signature_newest_first"),
            # ...and through those waiting for confirmation, a few among a million, without
            # walking past all the confirmed ones.
            models.Index(
                fields=["-created_at", "-id"],
                name="signature_unconfirmed",
                condition=models.Q(confirmed_at__isnull=True),
            ),
            # The petition page lists the latest public signers without scanning the rest.
            models.Index(
                fields=["petition", "-created_at"],
                name="signature_recent_public",
                condition=models.Q(show_publicly=True, confirmed_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supporter} → {self.petition}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class SignatureCounter(models.Model):
    """One shard of a petition's confirmed-signature count.

    Signers increment a random shard so concurrent signers on PostgreSQL do not
    queue behind one row lock; readers sum the shards (and cache the sum).
    """

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="counters")
    shard = models.PositiveSmallIntegerField()
    count = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("signature counter shard")
        verbose_name_plural = _("signature counter shards")
        constraints = [
            models.UniqueConstraint(fields=["petition", "shard"], name="signaturecounter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.petition_id}#{self.shard}: {self.count}"


# ---------------------------------------------------------------------------
# Letters to lawmakers: campaigns, one supporter's submission, one letter per office.
# ---------------------------------------------------------------------------


class LetterTargets(models.TextChoices):
    SENATORS = "senators", _("the supporter's two senators")
    REPRESENTATIVE = "representative", _("the supporter's representative")
    BOTH = "both", _("senators and representative")
    CHOSEN = "chosen", _("chosen members (those among the supporter's own)")


class LetterCampaignQuerySet(models.QuerySet):
    def open(self) -> "LetterCampaignQuerySet":
        return self.filter(is_open=True)


class LetterCampaign(models.Model):
    """A letter supporters send to their own members of Congress.

    Drafts come in two versions: "ask" for members who have not cosponsored the
    bill, "thanks" for cosponsors and the sponsor. Drafts may use the placeholders
    documented in `petitions.placeholders`.
    """

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    intro = models.TextField(_("introduction"), blank=True)
    bill = models.ForeignKey(
        "legislators.Bill",
        verbose_name=_("bill"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="letter_campaigns",
        help_text=_("Stances are read from this bill; empty: the campaign's current bill."),
    )
    is_open = models.BooleanField(_("open for letters"), default=True)
    targets = models.CharField(
        _("who receives the letter"),
        max_length=20,
        choices=LetterTargets.choices,
        default=LetterTargets.BOTH,
    )
    chosen_legislators = models.ManyToManyField(
        "legislators.Legislator",
        verbose_name=_("chosen members"),
        blank=True,
        related_name="+",
        help_text=_("Only used when the letter goes to chosen members."),
    )
    supporters_may_edit = models.BooleanField(_("supporters may edit the text"), default=True)
    require_confirmation = models.BooleanField(
        _("supporters confirm their email before delivery"), default=False
    )
    ask_subject = models.CharField(_("subject asking to cosponsor"), max_length=200)
    ask_body = models.TextField(_("letter asking to cosponsor"))
    thanks_subject = models.CharField(_("subject thanking a cosponsor"), max_length=200)
    thanks_body = models.TextField(_("letter thanking a cosponsor"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = LetterCampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("letter campaign")
        verbose_name_plural = _("letter campaigns")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        from petitions.placeholders import validate_template

        errors = {}
        for field in ("ask_subject", "ask_body", "thanks_subject", "thanks_body"):
            try:
                validate_template(getattr(self, field))
            except ValidationError as error:
                errors[field] = error.messages
        if errors:
            raise ValidationError(errors)


class ConfirmationState(models.TextChoices):
    NOT_NEEDED = "not_needed", _("not needed")
    PENDING = "pending", _("waiting for the supporter")
    CONFIRMED = "confirmed", _("confirmed")


class LetterSubmission(models.Model):
    """One supporter sending a campaign's letter to their members of Congress.

    Name and postal address are kept as given at the time, since they are part of
    the letters as sent even if the supporter's record changes later.
    """

    campaign = models.ForeignKey(
        LetterCampaign,
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    supporter = models.ForeignKey(
        Supporter,
        verbose_name=_("supporter"),
        on_delete=models.CASCADE,
        related_name="letter_submissions",
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    street = models.CharField(_("street address"), max_length=200)
    street_2 = models.CharField(_("apartment, suite"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100)
    state = models.CharField(_("state"), max_length=2)
    zip_code = models.CharField(_("ZIP code"), max_length=10)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    confirmation = models.CharField(
        _("email confirmation"),
        max_length=12,
        choices=ConfirmationState.choices,
        default=ConfirmationState.NOT_NEEDED,
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    copy_sent_at = models.DateTimeField(_("supporter's copy sent at"), null=True, blank=True)
    # Campaign, supporter and local day: the same person writing again the same day
    # (double click, back button, second visit) finds their first submission.
    dedupe_key = models.CharField(_("duplicate check"), max_length=80, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("letter submission")
        verbose_name_plural = _("letter submissions")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.full_name} → {self.campaign}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class LetterStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")
    DELIVERED = "delivered", _("delivered")
    BOUNCED = "bounced", _("bounced")
    COMPLAINED = "complained", _("marked as spam")
    FAILED = "failed", _("failed")
    HELD = "held", _("held")
    CANCELLED = "cancelled", _("cancelled")


# Statuses a letter can only reach by having been handed to the mail system.
LETTER_SENT_STATUSES = (
    LetterStatus.SENT,
    LetterStatus.DELIVERED,
    LetterStatus.BOUNCED,
    LetterStatus.COMPLAINED,
)


class HoldReason(models.TextChoices):
    NONE = "", _("not held")
    NO_ADDRESS = "no_address", _("no office address")
    UNCONFIRMED = "unconfirmed", _("supporter has not confirmed")
    STAFF = "staff", _("held by staff")


class Stance(models.TextChoices):
    SPONSOR = "sponsor", _("sponsor")
    COSPONSOR = "cosponsor", _("cosponsor")
    NOT_COSPONSOR = "not_cosponsor", _("not a cosponsor")


class LetterQuerySet(models.QuerySet):
    def due(self, now: datetime.datetime) -> "LetterQuerySet":
        return self.filter(status=LetterStatus.QUEUED, next_attempt_at__lte=now)

    def held_without_address(self) -> "LetterQuerySet":
        return self.filter(status=LetterStatus.HELD, hold_reason=HoldReason.NO_ADDRESS)


class Letter(models.Model):
    """One letter to one office, with its text exactly as sent and its delivery state."""

    submission = models.ForeignKey(
        LetterSubmission,
        verbose_name=_("submission"),
        on_delete=models.CASCADE,
        related_name="letters",
    )
    legislator = models.ForeignKey(
        "legislators.Legislator",
        verbose_name=_("member of Congress"),
        on_delete=models.PROTECT,
        related_name="letters",
    )
    stance = models.CharField(_("stance when written"), max_length=16, choices=Stance.choices)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("body"))
    status = models.CharField(
        _("status"), max_length=12, choices=LetterStatus.choices, default=LetterStatus.QUEUED
    )
    hold_reason = models.CharField(
        _("held because"), max_length=12, choices=HoldReason.choices, blank=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    # Generated once when the letter is written, so every attempt carries the same id
    # and the office (and any tracking webhook) can match duplicates.
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    provider_message_id = models.CharField(
        _("provider's message id"), max_length=255, blank=True, db_index=True
    )
    sent_to = models.EmailField(_("sent to"), blank=True)
    claimed_by = models.CharField(_("claimed by worker"), max_length=64, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    tracked_at = models.DateTimeField(_("last delivery report"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = LetterQuerySet.as_manager()

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "legislator"], name="letter_one_per_office"
            ),
            # Once handed to the mail system a letter never goes back to a sendable state.
            models.CheckConstraint(
                condition=models.Q(sent_at__isnull=True)
                | models.Q(status__in=[status.value for status in LETTER_SENT_STATUSES]),
                name="letter_sent_stays_sent",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=LetterStatus.HELD) | ~models.Q(hold_reason=""),
                name="letter_held_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="letter_due_idx"),
            models.Index(fields=["legislator", "status"], name="letter_office_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.legislator}"
