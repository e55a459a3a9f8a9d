"""Calls to lawmakers: campaigns with a script per stance, and the calls supporters report.

Invariants:
- A report is one row, written by one INSERT; counts are aggregate queries over the rows,
  never a counter updated in place, so concurrent reports cannot lose one another.
- A browser reports a call to one office at most once a day: the unique constraint on
  (legislator, day, caller_key) says so, whatever the number of app servers.
- No report holds who called: `caller_key` is a keyed hash of a random token kept in
  the caller's own cookie, never an address, an email or an IP.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.i18n import SavedInEnglish
from core.placeholders import validate_template
from legislators.models import Stance


class CallCampaignQuerySet(models.QuerySet):
    def open(self) -> "CallCampaignQuerySet":
        return self.filter(is_open=True)


class CallCampaign(SavedInEnglish, models.Model):
    """What supporters are asked to say when they call their members of Congress.

    The script is chosen by the member's stance on the bill (`SCRIPT_FOR_STANCE`) and may
    use the placeholders documented in `core.placeholders`, as letter drafts do.
    """

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    ask = models.TextField(
        _("the ask"),
        help_text=_("One or two sentences shown above the scripts: what the call is for."),
    )
    bill = models.ForeignKey(
        "legislators.Bill",
        verbose_name=_("bill"),
        # Deleting a bill keeps the campaign and its counted calls; stances then come from
        # the current bill.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="call_campaigns",
        help_text=_("Stances are read from this bill; empty: the campaign's current bill."),
    )
    is_open = models.BooleanField(_("open for calls"), default=True)
    ask_script = models.TextField(
        _("script for members who are not cosponsors"),
        help_text=_("Asks them to cosponsor the bill."),
    )
    thanks_script = models.TextField(
        _("script for the sponsor and cosponsors"),
        help_text=_("Thanks them for backing the bill."),
    )
    again_script = models.TextField(
        _("script for members who cosponsored an earlier version"),
        blank=True,
        help_text=_(
            "Thanks them for backing the bill before and asks them to sign on again. "
            "Blank: they get the script for members who are not cosponsors."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CallCampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("call campaign")
        verbose_name_plural = _("call campaigns")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        # Each language's script (calls/translation.py) is checked under its own name.
        for field in ("ask_script", "thanks_script", "again_script"):
            for code, _name in settings.LANGUAGES:
                name = f"{field}_{code}"
                try:
                    validate_template(getattr(self, name, None) or "")
                except ValidationError as error:
                    errors[name] = error.messages
        if errors:
            raise ValidationError(errors)

    def script_for(self, stance: str) -> str:
        """The unfilled script for a member with this stance ("" when no bill says: ask)."""
        return getattr(self, SCRIPT_FOR_STANCE.get(stance, "ask_script")) or self.ask_script


# Which script each stance gets. Every Stance value is listed, so a new stance fails the
# tests until someone decides what callers say to it.
SCRIPT_FOR_STANCE: dict[str, str] = {
    Stance.SPONSOR: "thanks_script",
    Stance.COSPONSOR: "thanks_script",
    Stance.NOT_COSPONSOR: "ask_script",
    Stance.PAST_COSPONSOR: "again_script",
}


class CallOutcome(models.TextChoices):
    REACHED = "reached", _("reached a person")
    VOICEMAIL = "voicemail", _("left a voicemail")
    NO_ANSWER = "no_answer", _("could not get through")


class CallReport(models.Model):
    """One call a supporter says they made to one office, counted once per browser a day."""

    campaign = models.ForeignKey(
        CallCampaign,
        verbose_name=_("campaign"),
        # Reports are the campaign's record of calls: close a campaign, never delete it.
        on_delete=models.PROTECT,
        related_name="reports",
    )
    legislator = models.ForeignKey(
        "legislators.Legislator",
        verbose_name=_("member"),
        # Members are never deleted (they are marked not serving); keep it that way here.
        on_delete=models.PROTECT,
        related_name="call_reports",
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=CallOutcome.choices)
    day = models.DateField(_("day"), help_text=_("The local day of the call."))
    caller_key = models.CharField(_("browser key"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)

    class Meta:
        verbose_name = _("reported call")
        verbose_name_plural = _("reported calls")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["legislator", "day", "caller_key"], name="call_once_per_browser_office_day"
            ),
        ]
        indexes = [models.Index(fields=["day"], name="callreport_day")]

    def __str__(self) -> str:
        return f"{self.legislator_id} {self.day} {self.outcome}"
