"""Signed preview links that let staff read a draft or scheduled post before it goes live."""

from django.core import signing
from django.urls import reverse

from campaign.models import NewsPost

PREVIEW_SALT = "campaign.news.preview"
PREVIEW_MAX_AGE = 60 * 60 * 24 * 14


class PreviewLinkError(Exception):
    """The preview token was tampered with, has expired or names no post."""


def preview_url(post: NewsPost) -> str:
    token = signing.dumps({"post": post.pk}, salt=PREVIEW_SALT, compress=True)
    return reverse("campaign:news_preview", kwargs={"token": token})


def post_for_preview(token: str) -> NewsPost:
    try:
        data = signing.loads(token, salt=PREVIEW_SALT, max_age=PREVIEW_MAX_AGE)
        post_id = int(data["post"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise PreviewLinkError(token) from None
    try:
        return NewsPost.objects.prefetch_related("topics").select_related("author").get(pk=post_id)
    except NewsPost.DoesNotExist:
        raise PreviewLinkError(token) from None
