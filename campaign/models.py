from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from campaign.markdown import render_markdown
from core.i18n import SavedInEnglish
from supporters.models import Supporter


class RenderedBodyMixin:
    """Keeps `body_html` in step with the Markdown `body`, rendered once on save."""

    def save(self, *args, **kwargs) -> None:
        # Rendered once here, so pages never run Markdown per request. Each language's body
        # (campaign/translation.py) has its own rendering; a blank one stays blank, so the
        # page falls back to the English text and says so.
        rendered = {"body_html"}
        for code, _name in settings.LANGUAGES:
            body = getattr(self, f"body_{code}", None) or ""
            setattr(self, f"body_html_{code}", render_markdown(body) if body else "")
            rendered.add(f"body_html_{code}")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *rendered}
        super().save(*args, **kwargs)


class Topic(SavedInEnglish, models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"{reverse('campaign:news_list')}?topic={self.slug}"


class NewsStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class NewsPostQuerySet(models.QuerySet):
    def published(self) -> "NewsPostQuerySet":
        """Posts the public may read now; scheduled posts join this set at their time."""
        return self.filter(status=NewsStatus.PUBLISHED, published_at__lte=timezone.now())

    def search(self, query: str) -> "NewsPostQuerySet":
        """Keyword search: ranked full-text search on PostgreSQL, plain matching elsewhere."""
        if not query:
            return self
        if settings.USING_POSTGRES:
            from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

            vector = (
                SearchVector("title", weight="A", config="english")
                + SearchVector("summary", weight="B", config="english")
                + SearchVector("body", weight="C", config="english")
            )
            search_query = SearchQuery(query, search_type="websearch", config="english")
            # Match with @@ (every word must be there); rank only orders the matches.
            return (
                self.annotate(search=vector, rank=SearchRank(vector, search_query))
                .filter(search=search_query)
                .order_by("-rank", "-published_at", "-id")
            )
        matches = models.Q()
        for word in query.split():
            matches &= (
                models.Q(title__icontains=word)
                | models.Q(summary__icontains=word)
                | models.Q(body__icontains=word)
            )
        return self.filter(matches)

    def related_to(self, post: "NewsPost", limit: int = 3) -> "NewsPostQuerySet":
        """Other live posts sharing the most topics with `post`, newest first among equals."""
        topic_ids = [topic.pk for topic in post.topics.all()]
        return (
            self.published()
            .exclude(pk=post.pk)
            .filter(topics__in=topic_ids)
            .annotate(shared=models.Count("topics", filter=models.Q(topics__in=topic_ids)))
            .order_by("-shared", "-published_at", "-id")[:limit]
        )


class NewsPost(SavedInEnglish, RenderedBodyMixin, models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.CharField(
        _("summary"),
        max_length=400,
        help_text=_("One or two sentences for lists, search results and link previews."),
    )
    body = models.TextField(_("body"), help_text=_("Markdown."))
    body_html = models.TextField(_("rendered body"), editable=False, default="")
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), related_name="posts", blank=True
    )
    image = models.ImageField(_("image"), upload_to="news/%Y/", blank=True)
    image_alt = models.CharField(
        _("image description"),
        max_length=250,
        blank=True,
        help_text=_("Describe the image for people who cannot see it. Required with an image."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="news_posts",
    )
    byline = models.CharField(
        _("byline"),
        max_length=120,
        blank=True,
        help_text=_("Shown instead of the author's name, for example “Campaign staff”."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=NewsStatus.choices,
        default=NewsStatus.DRAFT,
        db_index=True,
    )
    published_at = models.DateTimeField(
        _("publication time"),
        default=timezone.now,
        db_index=True,
        help_text=_("A published post with a time in the future appears at that time."),
    )
    featured = models.BooleanField(
        _("featured"),
        default=False,
        help_text=_("Featured posts come first in the home page's news, newest first."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = NewsPostQuerySet.as_manager()

    class Meta:
        verbose_name = _("news post")
        verbose_name_plural = _("news posts")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["status", "published_at"], name="newspost_status_pub")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaign:news_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        super().clean()
        if self.image and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": _("Describe the image: people using screen readers rely on it.")}
            )

    @property
    def is_live(self) -> bool:
        return self.status == NewsStatus.PUBLISHED and self.published_at <= timezone.now()

    @property
    def is_scheduled(self) -> bool:
        return self.status == NewsStatus.PUBLISHED and self.published_at > timezone.now()

    @property
    def author_name(self) -> str:
        if self.byline:
            return self.byline
        if self.author_id and self.author:
            return self.author.get_full_name() or ""
        return ""


class PageQuerySet(models.QuerySet):
    def navigation(self) -> "PageQuerySet":
        return self.filter(show_in_navigation=True).order_by("ordering", "title")


def _validate_page_slug(slug: str) -> None:
    # Pages live at /<slug>/, after every other route: a slug another view already
    # answers would give a page nobody can reach. /es/ is the Spanish site itself.
    if slug.lower() in {code.lower() for code, _name in settings.LANGUAGES}:
        raise ValidationError(
            _("“%(slug)s” is already used by another part of the site; choose another slug."),
            params={"slug": slug},
        )
    for path in (f"/{slug}/", f"/{slug}"):
        try:
            match = resolve(path)
        except Resolver404:
            continue
        if match.view_name != "campaign:page":
            raise ValidationError(
                _("“%(slug)s” is already used by another part of the site; choose another slug."),
                params={"slug": slug},
            )


class Page(SavedInEnglish, RenderedBodyMixin, models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    summary = models.CharField(
        _("summary"), max_length=300, blank=True, help_text=_("Used for link previews.")
    )
    body = models.TextField(_("body"), help_text=_("Markdown."))
    body_html = models.TextField(_("rendered body"), editable=False, default="")
    ordering = models.PositiveSmallIntegerField(_("ordering"), default=100)
    show_in_navigation = models.BooleanField(_("show in navigation"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["ordering", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaign:page", kwargs={"slug": self.slug})

    def clean(self) -> None:
        super().clean()
        if self.slug:
            try:
                _validate_page_slug(self.slug)
            except ValidationError as error:
                raise ValidationError({"slug": error.messages}) from None


class SiteBannerQuerySet(models.QuerySet):
    def current(self) -> "SiteBanner | None":
        now = timezone.now()
        return (
            self.filter(is_active=True, starts_at__lte=now)
            .filter(models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=now))
            .order_by("-starts_at", "-id")
            .first()
        )


class SiteBanner(SavedInEnglish, models.Model):
    message = models.CharField(_("message"), max_length=200)
    link_url = models.CharField(
        _("link"),
        max_length=300,
        blank=True,
        help_text=_("A full https:// address or a path on this site such as /news/."),
    )
    link_text = models.CharField(_("link text"), max_length=60, blank=True)
    starts_at = models.DateTimeField(_("show from"), default=timezone.now)
    ends_at = models.DateTimeField(_("show until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SiteBannerQuerySet.as_manager()

    class Meta:
        verbose_name = _("site banner")
        verbose_name_plural = _("site banners")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.message

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.ends_at and self.starts_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The end must come after the start.")
        if self.link_url and not self.link_url.startswith(("https://", "http://", "/")):
            errors["link_url"] = _("Use a full https:// address or a path starting with /.")
        if self.link_url and not self.link_text.strip():
            errors["link_text"] = _("Say where the link goes.")
        if errors:
            raise ValidationError(errors)

    @property
    def dismiss_key(self) -> str:
        # Editing the banner shows it again to people who dismissed the old text.
        return f"{self.pk}-{int(self.updated_at.timestamp())}"


# Navigation and the banner are cached for every page; any edit clears them at once.
NAV_CACHE_KEY = "campaign:nav-pages"
BANNER_CACHE_KEY = "campaign:site-banner"


def _clear_nav_cache(**kwargs) -> None:
    from django.core.cache import cache

    cache.delete_many([f"{NAV_CACHE_KEY}:{code}" for code, _name in settings.LANGUAGES])


def _clear_banner_cache(**kwargs) -> None:
    from django.core.cache import cache

    cache.delete_many([f"{BANNER_CACHE_KEY}:{code}" for code, _name in settings.LANGUAGES])


models.signals.post_save.connect(_clear_nav_cache, sender=Page, dispatch_uid="campaign.page.save")
models.signals.post_delete.connect(_clear_nav_cache, sender=Page, dispatch_uid="campaign.page.del")
models.signals.post_save.connect(
    _clear_banner_cache, sender=SiteBanner, dispatch_uid="campaign.banner.save"
)
models.signals.post_delete.connect(
    _clear_banner_cache, sender=SiteBanner, dispatch_uid="campaign.banner.del"
)


class EventQuerySet(models.QuerySet):
    def published(self) -> "EventQuerySet":
        return self.filter(is_published=True)

    def upcoming(self, now: datetime | None = None) -> "EventQuerySet":
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at")

    def past(self, now: datetime | None = None) -> "EventQuerySet":
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at")

    def with_registration_count(self) -> "EventQuerySet":
        return self.annotate(registration_total=Count("registrations"))


class Event(SavedInEnglish, models.Model):
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
                condition=Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=_("The event cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gt=0),
                name="event_capacity_positive",
                violation_error_message=_("Capacity must be at least 1, or empty for no limit."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaign:event_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        super().clean()
        if (
            self.registration_deadline
            and self.ends_at
            and self.registration_deadline > self.ends_at
        ):
            raise ValidationError(
                {"registration_deadline": _("Registration must close before the event ends.")}
            )

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
