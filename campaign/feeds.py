from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from campaign.models import NewsPost, Topic

FEED_LENGTH = 20


class LatestNewsFeed(Feed):
    """Atom feed of the latest published news, site-wide."""

    feed_type = Atom1Feed

    def title(self) -> str:
        return _("%(site)s: news") % {"site": settings.CAMPAIGN_NAME}

    def subtitle(self) -> str:
        return _("News from the campaign for the Keep Call Centers in America Act.")

    def link(self) -> str:
        return reverse("campaign:news_list")

    def items(self) -> list[NewsPost]:
        return list(NewsPost.objects.published().select_related("author")[:FEED_LENGTH])

    def item_title(self, item: NewsPost) -> str:
        return item.title

    def item_description(self, item: NewsPost) -> str:
        return item.summary

    def item_pubdate(self, item: NewsPost):
        return item.published_at

    def item_updateddate(self, item: NewsPost):
        return item.updated_at

    def item_author_name(self, item: NewsPost) -> str:
        return item.author_name or settings.CAMPAIGN_NAME


class TopicNewsFeed(LatestNewsFeed):
    """Atom feed of one topic's published news."""

    def get_object(self, request: HttpRequest, slug: str) -> Topic:
        return get_object_or_404(Topic, slug=slug)

    def title(self, obj: Topic) -> str:
        return _("%(site)s: news about %(topic)s") % {
            "site": settings.CAMPAIGN_NAME,
            "topic": obj.name,
        }

    def subtitle(self, obj: Topic) -> str:
        return obj.description or self.title(obj)

    def link(self, obj: Topic) -> str:
        return obj.get_absolute_url()

    def items(self, obj: Topic) -> list[NewsPost]:
        return list(
            NewsPost.objects.published().filter(topics=obj).select_related("author")[:FEED_LENGTH]
        )
