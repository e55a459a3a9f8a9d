from django.core.cache import cache
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from supporters.models import Supporter

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
    # The email lists ticked on the form (EmailList values, comma separated). Consent to
    # them is recorded with the signature's confirmation, not before.
    lists_requested = models.CharField(_("lists asked for"), max_length=100, blank=True)
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
