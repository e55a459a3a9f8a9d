"""Signed preview links that let staff read a draft or scheduled post before it goes live."""

from django.urls import reverse

from campaign.models import NewsPost
from core import signing
from core.signing import LinkInvalid, Purpose


class PreviewLinkError(Exception):
    """The preview token was tampered with, has expired or names no post."""


def preview_url(post: NewsPost) -> str:
    token = signing.make(Purpose.NEWS_PREVIEW, {"post": post.pk})
    return reverse("campaign:news_preview", kwargs={"token": token})


def post_for_preview(token: str) -> NewsPost:
    try:
        post_id = signing.read_id(Purpose.NEWS_PREVIEW, token, key="post")
    except LinkInvalid:
        raise PreviewLinkError(token) from None
    try:
        return NewsPost.objects.prefetch_related("topics").select_related("author").get(pk=post_id)
    except NewsPost.DoesNotExist:
        raise PreviewLinkError(token) from None
