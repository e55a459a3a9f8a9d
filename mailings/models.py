"""Mailings: newsletters and action alerts, and one send row per recipient.

A mailing moves draft -> scheduled -> sending <-> paused -> sent, or is cancelled. Starting a
send materialises its audience as Recipient rows (the snapshot, one per supporter); the rows
are the durable record of who was sent what. A row recorded as SENT never returns to QUEUED or
SENDING: `mailings.sending` only ever moves rows forward from SENT (to BOUNCED or COMPLAINED,
from the provider's tracking events), and resending to failed rows touches FAILED rows only.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.i18n import SavedInEnglish
from supporters.models import EmailList, Supporter

# Written by staff in each language (mailings/translation.py).
TRANSLATED_FIELDS = (
    "subject",
    "body",
    "paragraph_cosponsor",
    "paragraph_undecided",
    "paragraph_opposed",
)


class Mailing(SavedInEnglish, models.Model):
    """One email written once and sent to every supporter of an audience on one list.

    The body is Markdown and may use the merge fields of `mailings.rendering`; each
    recipient also gets the stance paragraph that fits their own lawmakers.
    """

    # With a context of their own: in Spanish a mailing (un envío) takes other word forms
    # than the letters (una carta) these words also describe.
    class State(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("mailing state", "draft")
        SCHEDULED = "scheduled", pgettext_lazy("mailing state", "scheduled")
        SENDING = "sending", pgettext_lazy("mailing state", "sending")
        PAUSED = "paused", pgettext_lazy("mailing state", "paused")
        SENT = "sent", pgettext_lazy("mailing state", "sent")
        CANCELLED = "cancelled", pgettext_lazy("mailing state", "cancelled")

    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("everyone on the list")
        STATE = "state", _("supporters in one state")
        DISTRICT = "district", _("supporters in one congressional district")
        STANCE = "stance", _("constituents of lawmakers with a stance on the bill")
        ACTION = "action", _("supporters by what they did")

    STATES_EDITABLE = {State.DRAFT, State.SCHEDULED}
    STATES_ACTIVE = {State.SENDING}
    STATES_STARTED = {State.SENDING, State.PAUSED, State.SENT, State.CANCELLED}
    STATES_FINAL = {State.SENT, State.CANCELLED}

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(
        _("body"), help_text=_("Markdown. Merge fields such as {first_name} are listed below.")
    )
    paragraph_cosponsor = models.TextField(
        _("paragraph for constituents of cosponsors"),
        blank=True,
        help_text=_("Used where the body says {stance_paragraph}: thank their lawmakers."),
    )
    paragraph_undecided = models.TextField(
        _("paragraph for constituents of undecided lawmakers"),
        blank=True,
        help_text=_("Used where the body says {stance_paragraph}: press their lawmakers."),
    )
    paragraph_opposed = models.TextField(
        _("paragraph for constituents of opposed lawmakers"),
        blank=True,
        help_text=_("Used where the body says {stance_paragraph}."),
    )
    email_list = models.CharField(
        _("list"), max_length=32, choices=EmailList.choices, default=EmailList.NEWSLETTER
    )
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience.choices, default=Audience.EVERYONE
    )
    # {"state": "WI"} / {"state": "WI", "district": 4} / {"chamber": "senate", "stance":
    # "undecided"} / {"signed_petition": <id>, "wrote_no_letter": true}
    audience_params = models.JSONField(_("audience details"), default=dict, blank=True)
    send_at = models.DateTimeField(_("send at"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.DRAFT, editable=False
    )
    total = models.PositiveIntegerField(_("recipients"), default=0, editable=False)
    # The counts of mailings.results, kept when the retention rule deletes the send rows.
    results = models.JSONField(_("results"), default=dict, blank=True, editable=False)
    started_at = models.DateTimeField(_("started"), null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True, editable=False)
    # A staff account may be deleted; the mailing and its send record stay.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")
        ordering = ["-created_at"]
        permissions = [
            ("send_mailing", _("Can choose audiences, preview as a recipient and start sends")),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_editable(self) -> bool:
        return self.state in self.STATES_EDITABLE


class Recipient(models.Model):
    """One supporter in one mailing's snapshot, and where their message stands.

    Holds no copy of the address: the supporter row is read at send time, and deleting a
    supporter deletes their send rows with them.
    """

    # The state of the message to one recipient (un mensaje, in Spanish).
    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("mailing message", "queued")
        SENDING = "sending", pgettext_lazy("mailing message", "sending")
        SENT = "sent", pgettext_lazy("mailing message", "sent")
        FAILED = "failed", pgettext_lazy("mailing message", "failed")
        BOUNCED = "bounced", pgettext_lazy("mailing message", "bounced")
        COMPLAINED = "complained", pgettext_lazy("mailing message", "complained")
        # Unsubscribed or suppressed when its batch was claimed.
        SKIPPED = "skipped", pgettext_lazy("mailing message", "skipped")

    STATUS_PENDING = {Status.QUEUED, Status.SENDING}
    STATUS_DELIVERED = {Status.SENT, Status.BOUNCED, Status.COMPLAINED}
    STATUS_RETRYABLE = {Status.FAILED}

    # The rows are the mailing's own record; they go with it.
    mailing = models.ForeignKey(
        Mailing, verbose_name=_("mailing"), on_delete=models.CASCADE, related_name="recipients"
    )
    # Deleting a person's data deletes their send rows: no address is kept anywhere else.
    supporter = models.ForeignKey(
        Supporter,
        verbose_name=_("supporter"),
        on_delete=models.CASCADE,
        related_name="mailing_recipients",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(pgettext_lazy("mailing message", "sent"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        constraints = [
            models.UniqueConstraint(
                fields=["mailing", "supporter"], name="mailings_recipient_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["mailing", "status"], name="mailings_recipient_status"),
            models.Index(fields=["message_id"], name="mailings_recipient_message_id"),
        ]

    def __str__(self) -> str:
        return f"{self.mailing_id}:{self.supporter_id}"
