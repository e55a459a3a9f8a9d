"""Letters to lawmakers: campaigns, one supporter's submission, one letter per office."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from legislators.models import Stance
from supporters.models import Supporter


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

    Drafts come in three versions: "ask" for members who have not cosponsored the
    bill, "thanks" for cosponsors and the sponsor, and "again" for members who
    cosponsored an earlier version of the bill but not the current one (blank: they
    get the "ask" draft). Drafts may use the placeholders documented in
    `core.placeholders`.
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
    again_subject = models.CharField(
        _("subject to a cosponsor of an earlier version"),
        max_length=200,
        blank=True,
        help_text=_("Empty: these members get the letter asking to cosponsor."),
    )
    again_body = models.TextField(
        _("letter to a cosponsor of an earlier version"),
        blank=True,
        help_text=_(
            "For members who backed an earlier version of the bill but not this one: "
            "thank them and ask them to sign on again. Empty: they get the letter "
            "asking to cosponsor."
        ),
    )
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
        from core.placeholders import validate_template

        errors = {}
        for field in DRAFT_FIELDS:
            try:
                validate_template(getattr(self, field))
            except ValidationError as error:
                errors[field] = error.messages
        if errors:
            raise ValidationError(errors)
        if bool(self.again_subject.strip()) != bool(self.again_body.strip()):
            # Half a draft would pair one version's subject with another's text.
            raise ValidationError(
                _("Fill in both the subject and the letter to earlier cosponsors, or neither.")
            )

    def draft_for(self, stance: str) -> tuple[str, str]:
        """The (subject, body) draft a member with this stance gets, before filling."""
        if stance in (Stance.SPONSOR, Stance.COSPONSOR):
            return self.thanks_subject, self.thanks_body
        if stance == Stance.PAST_COSPONSOR and self.again_subject and self.again_body:
            return self.again_subject, self.again_body
        return self.ask_subject, self.ask_body


# Every draft field; each is checked against the placeholders when a campaign is saved.
DRAFT_FIELDS = (
    "ask_subject",
    "ask_body",
    "thanks_subject",
    "thanks_body",
    "again_subject",
    "again_body",
)


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
    # The email lists ticked on the form (EmailList values, comma separated), joined once
    # the address is confirmed (at once when the campaign asks for no confirmation).
    lists_requested = models.CharField(_("lists asked for"), max_length=100, blank=True)
    confirmation = models.CharField(
        _("email confirmation"),
        max_length=12,
        choices=ConfirmationState.choices,
        default=ConfirmationState.NOT_NEEDED,
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    copy_sent_at = models.DateTimeField(_("supporter's copy sent at"), null=True, blank=True)
    # The language the supporter used on the site, so later emails (the notice that a
    # letter was stopped) reach them in it. Blank for submissions from before it was kept.
    language = models.CharField(_("language"), max_length=10, blank=True)
    # Set once the supporter has been told that letters of this submission were stopped;
    # letters stopped later (another import) never bring a second email.
    stopped_notice_sent_at = models.DateTimeField(
        _("told of stopped letters at"), null=True, blank=True
    )
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

    @property
    def awaiting_confirmation(self) -> bool:
        return self.confirmation == ConfirmationState.PENDING


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
    # The member left office before the letter went out: it is never sent.
    STOPPED = "stopped", _("stopped: the member left office")


# Statuses a letter can only reach by having been handed to the mail system. Stopped
# and cancelled letters never went out, so they are not counted as sent.
LETTER_SENT_STATUSES = (
    LetterStatus.SENT,
    LetterStatus.DELIVERED,
    LetterStatus.BOUNCED,
    LetterStatus.COMPLAINED,
)

# Letters not (yet) handed to the mail system that may still go out. A member's
# departure stops these. A letter in "sending" is not among them: it may be on its way.
LETTER_UNDELIVERED_STATUSES = (
    LetterStatus.QUEUED,
    LetterStatus.HELD,
    LetterStatus.FAILED,
)

# What staff may queue again. Not "stopped": its member has left office, and a
# letter to someone no longer there is never sent, by staff either.
LETTER_RETRYABLE_STATUSES = (
    LetterStatus.FAILED,
    LetterStatus.HELD,
    LetterStatus.CANCELLED,
)


# What a letter held for want of an office address says as its last error in the admin.
NO_ADDRESS_ERROR = "held: no office address"


class HoldReason(models.TextChoices):
    NONE = "", _("not held")
    NO_ADDRESS = "no_address", _("no office address")
    UNCONFIRMED = "unconfirmed", _("supporter has not confirmed")
    STAFF = "staff", _("held by staff")
    # The member's term ended (noon Eastern on the roster's end date) and no roster
    # import has yet shown them seated again or gone.
    TERM_ENDED = "term_ended", _("the member's term ended")


class LetterQuerySet(models.QuerySet):
    def due(self, now: datetime.datetime) -> "LetterQuerySet":
        return self.filter(status=LetterStatus.QUEUED, next_attempt_at__lte=now)

    def held_without_address(self) -> "LetterQuerySet":
        return self.filter(status=LetterStatus.HELD, hold_reason=HoldReason.NO_ADDRESS)

    def held_term_ended(self) -> "LetterQuerySet":
        return self.filter(status=LetterStatus.HELD, hold_reason=HoldReason.TERM_ENDED)

    def undelivered(self) -> "LetterQuerySet":
        return self.filter(status__in=LETTER_UNDELIVERED_STATUSES)


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
