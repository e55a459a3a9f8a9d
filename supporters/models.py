"""Supporters: one row per person, whatever they did, and their consents."""

from django.db import models
from django.db.models.functions import Lower
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


# Email lists ----------------------------------------------------------------------------------


class EmailList(models.TextChoices):
    """The lists a supporter may join; each is its own consent."""

    NEWSLETTER = "newsletter", _("Newsletter")
    ACTION_ALERTS = "action-alerts", _("Action alerts")


class ListConsentQuerySet(models.QuerySet):
    def active(self) -> "ListConsentQuerySet":
        return self.filter(unsubscribed_at__isnull=True)


class ListConsent(models.Model):
    """One supporter's confirmed consent to one list, and when it was withdrawn.

    A row is written only once the person has confirmed (double opt-in, or a confirmed
    signature or letter); withdrawing keeps the row with `unsubscribed_at` set, so the
    history of what they agreed to and when stays on record until the supporter is deleted.
    `Supporter.list_opt_in` mirrors "has at least one active consent".
    """

    supporter = models.ForeignKey(
        Supporter,
        # A consent means nothing without its person: deleting them deletes it.
        on_delete=models.CASCADE,
        related_name="list_consents",
        verbose_name=_("supporter"),
    )
    email_list = models.CharField(_("list"), max_length=32, choices=EmailList.choices)
    consented_at = models.DateTimeField(_("consented at"))
    source = models.CharField(_("source"), max_length=32)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    unsubscribed_source = models.CharField(_("unsubscribed through"), max_length=32, blank=True)

    objects = ListConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("list consent")
        verbose_name_plural = _("list consents")
        ordering = ["supporter_id", "email_list"]
        constraints = [
            models.UniqueConstraint(
                fields=["supporter", "email_list"], name="list_consent_one_per_list"
            ),
        ]
        indexes = [
            # Audiences read every active consent of one list.
            models.Index(
                fields=["email_list", "supporter"],
                name="list_consent_active",
                condition=models.Q(unsubscribed_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supporter_id} {self.email_list}"

    @property
    def is_active(self) -> bool:
        return self.unsubscribed_at is None


class Suppression(models.Model):
    """An address we never send bulk mail to, whatever its consents say."""

    class Reason(models.TextChoices):
        BOUNCE = "bounce", _("Hard bounce")
        COMPLAINT = "complaint", _("Spam complaint")
        MANUAL = "manual", _("Added by staff")

    email = models.EmailField(_("email"), max_length=254, unique=True)
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("suppressed address")
        verbose_name_plural = _("suppressed addresses")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(email=Lower("email")), name="suppression_email_lowercase"
            ),
        ]

    def __str__(self) -> str:
        return self.email

    def save(self, *args, **kwargs) -> None:
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)


# The double opt-in request ---------------------------------------------------------------------


class ListSubscriptionQuerySet(models.QuerySet):
    def confirmed(self) -> "ListSubscriptionQuerySet":
        """The people we may write to: confirmed, and still opted in on their supporter row."""
        # Confirmed once, and on a list still (a later request for another list may be
        # waiting for its own confirmation meanwhile).
        return self.filter(
            models.Q(status=ListSubscription.Status.CONFIRMED)
            | models.Q(status=ListSubscription.Status.PENDING, confirmed_at__isnull=False),
            supporter__list_opt_in=True,
        )


class ListSubscription(models.Model):
    """One person's request to join the email list, and where it stands.

    The supporter's `list_opt_in` is what counts; this row keeps the double opt-in
    history (asked, confirmed, left) and the name and ZIP given on the form.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    supporter = models.OneToOneField(
        Supporter,
        on_delete=models.CASCADE,
        related_name="list_subscription",
        verbose_name=_("supporter"),
    )
    name = models.CharField(_("name"), max_length=150)
    zip_code = models.CharField(_("ZIP code"), max_length=5)
    # The lists the latest request asked for (EmailList values, comma separated); consent to
    # them is recorded only when the link in the confirmation email is followed.
    requested_lists = models.CharField(
        _("lists asked for"), max_length=200, default="newsletter", blank=True
    )
    source = models.CharField(_("asked from"), max_length=32, default="list page")
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    requested_at = models.DateTimeField(_("asked to join at"), default=timezone.now)
    confirmation_sent_at = models.DateTimeField(_("confirmation sent"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)

    objects = ListSubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("list subscription")
        verbose_name_plural = _("list subscriptions")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return self.supporter.email

    @property
    def email(self) -> str:
        return self.supporter.email

    @property
    def requested_list_values(self) -> list[str]:
        valid = set(EmailList.values)
        return [value for value in self.requested_lists.split(",") if value in valid]

    @property
    def request_stamp(self) -> int:
        """When the request a confirmation link answers was made; a newer one replaces it."""
        return int(self.requested_at.timestamp())
