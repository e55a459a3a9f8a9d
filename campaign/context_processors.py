from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language

from core.i18n import without_language_prefix
from core.pagecache import BANNER_DISMISS_COOKIE


def site(request: HttpRequest) -> dict:
    return {
        "campaign_name": settings.CAMPAIGN_NAME,
        "site_url": settings.SITE_URL,
    }


def navigation(request: HttpRequest) -> dict:
    """Campaign pages flagged for the main menu: one query, then cached until a page changes."""
    from django.core.cache import cache

    from campaign.models import NAV_CACHE_KEY, Page

    # Titles and addresses differ by language.
    key = f"{NAV_CACHE_KEY}:{get_language()}"
    items = cache.get(key)
    if items is None:
        items = [
            {"title": page.title, "url": page.get_absolute_url()}
            for page in Page.objects.navigation().only("title", "slug")
        ]
        cache.set(key, items, 60 * 60)
    return {"nav_pages": items}


# Where staff work: the whip board, account security and the admin.
STAFF_PATHS = ("/staff/", "/account/", f"/{settings.ADMIN_URL}")

# Short, so a banner's start and end times take effect within a minute.
BANNER_CACHE_SECONDS = 60


def site_banner(request: HttpRequest) -> dict:
    """The current site banner unless this visitor dismissed it (a cookie, no session)."""
    from django.core.cache import cache

    from campaign.models import BANNER_CACHE_KEY, SiteBanner
    from core.templatetags.languages import fallback_language

    if without_language_prefix(request.path).startswith(STAFF_PATHS):
        # Staff pages are for work: the supporters' announcement only gets in the way.
        return {"site_banner": None}
    # One copy per language: staff may write the banner in Spanish too.
    cache_key = f"{BANNER_CACHE_KEY}:{get_language()}"
    banner = cache.get(cache_key)
    if banner is None:
        current = SiteBanner.objects.current()
        banner = (
            {
                "key": current.dismiss_key,
                "message": current.message,
                "link_url": current.link_url,
                "link_text": current.link_text,
                "lang": fallback_language(current, "message"),
            }
            if current
            else {}
        )
        cache.set(cache_key, banner, BANNER_CACHE_SECONDS)
    if not banner or request.COOKIES.get(BANNER_DISMISS_COOKIE) == banner["key"]:
        return {"site_banner": None}
    return {"site_banner": banner}
