from urllib.parse import urlparse

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from campaign.models import Event, NewsPost, Page
from petitions.models import Petition


class SiteUrlSitemap(Sitemap):
    """Addresses built from SITE_URL, the same base as canonical links, not the request's host.

    Every page is listed once per language (English unprefixed, Spanish under /es/), each
    entry naming the other languages and x-default as alternates.
    """

    i18n = True
    alternates = True
    x_default = True

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlparse(settings.SITE_URL).scheme

    def get_domain(self, site: object = None) -> str:
        return urlparse(settings.SITE_URL).netloc


class StaticViewSitemap(SiteUrlSitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["campaign:home", "campaign:news_list"]

    def location(self, item: str) -> str:
        return reverse(item)


class NewsSitemap(SiteUrlSitemap):
    changefreq = "weekly"

    def items(self) -> list[NewsPost]:
        return list(NewsPost.objects.published().only("slug", "updated_at"))

    def lastmod(self, item: NewsPost):
        return item.updated_at


class PageSitemap(SiteUrlSitemap):
    changefreq = "monthly"

    def items(self) -> list[Page]:
        return list(Page.objects.only("slug", "updated_at"))

    def lastmod(self, item: Page):
        return item.updated_at


class EventPagesSitemap(StaticViewSitemap):
    changefreq = "weekly"

    def items(self) -> list[str]:
        return ["campaign:event_list", "campaign:list_signup"]


class EventSitemap(SiteUrlSitemap):
    changefreq = "weekly"

    def items(self) -> list[Event]:
        return list(Event.objects.published().only("slug", "updated_at"))

    def lastmod(self, item: Event):
        return item.updated_at


class ActionPagesSitemap(StaticViewSitemap):
    """The pages a supporter acts on or looks lawmakers up with, and the privacy notice."""

    changefreq = "weekly"

    def items(self) -> list[str]:
        return [
            "petitions:list",
            "letters:write",
            "legislators:find",
            "legislators:directory",
            "whip:scorecard",
            "accounts:privacy",
        ]


class PetitionSitemap(SiteUrlSitemap):
    changefreq = "daily"

    def items(self) -> list[Petition]:
        return list(Petition.objects.public().only("slug", "updated_at"))

    def lastmod(self, item: Petition):
        return item.updated_at


# Other parts of the site add their own sections here.
SITEMAPS: dict[str, type[Sitemap]] = {
    "static": StaticViewSitemap,
    "news": NewsSitemap,
    "pages": PageSitemap,
    "event_pages": EventPagesSitemap,
    "events": EventSitemap,
    "actions": ActionPagesSitemap,
    "petitions": PetitionSitemap,
}
