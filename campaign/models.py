from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaign.markdown import render_markdown


class Topic(models.Model):
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


class NewsPost(models.Model):
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
    featured = models.BooleanField(_("featured"), default=False)
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

    def save(self, *args, **kwargs) -> None:
        # Rendered once here, so pages never run Markdown per request.
        self.body_html = render_markdown(self.body)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "body_html"}
        super().save(*args, **kwargs)

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
    # answers would give a page nobody can reach.
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


class Page(models.Model):
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

    def save(self, *args, **kwargs) -> None:
        self.body_html = render_markdown(self.body)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "body_html"}
        super().save(*args, **kwargs)

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


class SiteBanner(models.Model):
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

    cache.delete(NAV_CACHE_KEY)


def _clear_banner_cache(**kwargs) -> None:
    from django.core.cache import cache

    cache.delete(BANNER_CACHE_KEY)


models.signals.post_save.connect(_clear_nav_cache, sender=Page, dispatch_uid="campaign.page.save")
models.signals.post_delete.connect(_clear_nav_cache, sender=Page, dispatch_uid="campaign.page.del")
models.signals.post_save.connect(
    _clear_banner_cache, sender=SiteBanner, dispatch_uid="campaign.banner.save"
)
models.signals.post_delete.connect(
    _clear_banner_cache, sender=SiteBanner, dispatch_uid="campaign.banner.del"
)
