from datetime import datetime

from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from campaign.markdown import render_markdown
from petitions.models import Supporter

# Events ---------------------------------------------------------------------------------------


class EventQuerySet(models.QuerySet):
    def published(self) -> "EventQuerySet":
        return self.filter(is_published=True)

    def upcoming(self, now: datetime | None = None) -> "EventQuerySet":
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at")

    def past(self, now: datetime | None = None) -> "EventQuerySet":
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at")

    def with_registration_count(self) -> "EventQuerySet":
        return self.annotate(registration_total=Count("registrations"))


class Event(models.Model):
    """Something supporters and locals take part in, such as a week of action.

    Capacity counts registrations, not participants: each registered local gets one box
    of materials, and the boxes are what runs out.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Registration open")
        CLOSED = "closed", _("Registration closed")
        FULL = "full", _("Full")
        PAST = "past", _("Past event")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.CharField(
        _("summary"),
        max_length=300,
        help_text=_("One or two sentences for the event list, search engines and calendars."),
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("Markdown: **bold**, _italic_, [links](…).")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    is_online = models.BooleanField(_("online"), default=False)
    location = models.CharField(
        _("place"),
        max_length=200,
        blank=True,
        help_text=_("Where it happens; leave empty for an online-only event."),
    )
    registration_deadline = models.DateTimeField(
        _("registration deadline"),
        help_text=_("The form closes at this time."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("How many locals may register (one materials box each). Empty means no limit."),
    )
    is_published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gt=0),
                name="event_capacity_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaign:event_detail", kwargs={"slug": self.slug})

    @property
    def description_html(self) -> SafeString:
        return mark_safe(render_markdown(self.description))  # noqa: S308 - sanitised by nh3

    @property
    def place(self) -> str:
        if self.is_online and self.location:
            return _("Online and at %(place)s") % {"place": self.location}
        if self.is_online:
            return str(_("Online"))
        return self.location

    def registrations_taken(self) -> int:
        # The list page annotates the count so it costs no extra query per event.
        total = getattr(self, "registration_total", None)
        return self.registrations.count() if total is None else total

    def spots_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.registrations_taken(), 0)

    def registration_status(self, now: datetime | None = None) -> str:
        now = now or timezone.now()
        if self.ends_at < now:
            return self.Status.PAST
        if self.registration_deadline < now:
            return self.Status.CLOSED
        if self.capacity is not None and self.registrations_taken() >= self.capacity:
            return self.Status.FULL
        return self.Status.OPEN

    def registration_status_label(self) -> str:
        return self.Status(self.registration_status()).label


class EventRegistration(models.Model):
    """A local union signed up for an event, with where to ship its materials."""

    # Deleting an event must not silently delete who signed up for it.
    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("event")
    )
    supporter = models.ForeignKey(
        Supporter,
        on_delete=models.CASCADE,
        related_name="event_registrations",
        verbose_name=_("contact"),
    )
    local_number = models.CharField(_("local number"), max_length=6)
    contact_name = models.CharField(_("contact name"), max_length=150)
    phone = models.CharField(_("phone"), max_length=16)
    street = models.CharField(_("street address"), max_length=200)
    city = models.CharField(_("city"), max_length=100)
    state = models.CharField(_("state"), max_length=2)
    zip_code = models.CharField(_("ZIP code"), max_length=10)
    expected_participants = models.PositiveIntegerField(_("expected participants"))
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(_("confirmation sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("event registration")
        verbose_name_plural = _("event registrations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "local_number"], name="registration_one_per_local"
            ),
            models.UniqueConstraint(
                fields=["event", "supporter"], name="registration_one_per_contact"
            ),
            models.CheckConstraint(
                condition=Q(expected_participants__gt=0), name="registration_participants_positive"
            ),
        ]

    def __str__(self) -> str:
        return _("Local %(local)s for %(event)s") % {
            "local": self.local_number,
            "event": self.event,
        }

    @property
    def email(self) -> str:
        return self.supporter.email


# Email list -----------------------------------------------------------------------------------


class ListSubscriptionQuerySet(models.QuerySet):
    def confirmed(self) -> "ListSubscriptionQuerySet":
        """The people we may write to: confirmed, and still opted in on their supporter row."""
        return self.filter(status=ListSubscription.Status.CONFIRMED, supporter__list_opt_in=True)


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
