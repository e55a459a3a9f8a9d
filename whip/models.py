"""Where organizers believe each member stands, and the history of every change."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from legislators.models import Bill, Legislator


class WhipChoice(models.TextChoices):
    # COSPONSOR is derived from cosponsorships and never stored on WhipStatus.
    COSPONSOR = "cosponsor", _("Cosponsor")
    SUPPORTIVE = "supportive", _("Supportive")
    UNDECIDED = "undecided", _("Undecided")
    LEANING_AGAINST = "leaning_against", _("Leaning against")
    OPPOSED = "opposed", _("Opposed")
    UNKNOWN = "unknown", _("Unknown")


# What staff may set by hand.
EDITABLE_WHIP_CHOICES = [
    choice for choice in WhipChoice.choices if choice[0] != WhipChoice.COSPONSOR
]


class WhipStatus(models.Model):
    """Where organizers believe a member stands on a bill. Internal: never public."""

    bill = models.ForeignKey(
        Bill, verbose_name=_("bill"), on_delete=models.CASCADE, related_name="whip_statuses"
    )
    legislator = models.ForeignKey(
        Legislator,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="whip_statuses",
    )
    status = models.CharField(
        _("status"),
        max_length=15,
        choices=EDITABLE_WHIP_CHOICES,
        default=WhipChoice.UNKNOWN,
    )
    last_contact = models.DateField(_("last contact"), null=True, blank=True)
    organizer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned organizer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("whip status")
        verbose_name_plural = _("whip statuses")
        ordering = ["bill", "legislator__state", "legislator__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["bill", "legislator"], name="whipstatus_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.legislator} on {self.bill.citation}: {self.get_status_display()}"


class WhipStatusChange(models.Model):
    """One change to a whip status: who, when, what it was and what it became."""

    whip_status = models.ForeignKey(
        WhipStatus,
        verbose_name=_("whip status"),
        on_delete=models.CASCADE,
        related_name="changes",
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True, db_index=True)
    old_status = models.CharField(_("from"), max_length=15, choices=WhipChoice.choices)
    new_status = models.CharField(_("to"), max_length=15, choices=WhipChoice.choices)
    # A readable list of the other fields that changed ("last contact: 2026-11-20").
    other_changes = models.CharField(_("other changes"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("whip status change")
        verbose_name_plural = _("whip status changes")
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_old_status_display()} → {self.get_new_status_display()}"
