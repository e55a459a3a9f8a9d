from django.db.models import QuerySet
from django.utils import timezone

from campaign.models import NewsPost, NewsStatus


def news_publish(*, posts: QuerySet[NewsPost]) -> int:
    """Publish the given posts. Posts scheduled for later keep their time; drafts dated
    in the past go live now, so publishing never backdates a post. Returns the count."""
    now = timezone.now()
    count = 0
    for post in posts.exclude(status=NewsStatus.PUBLISHED):
        post.status = NewsStatus.PUBLISHED
        if post.published_at <= now:
            post.published_at = now
        post.save(update_fields=["status", "published_at", "updated_at"])
        count += 1
    return count


def news_unpublish(*, posts: QuerySet[NewsPost]) -> int:
    """Turn published posts back into drafts. Returns how many changed."""
    return posts.filter(status=NewsStatus.PUBLISHED).update(
        status=NewsStatus.DRAFT, updated_at=timezone.now()
    )
