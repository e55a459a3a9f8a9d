"""Two-factor everywhere staff look: every staff-only URL sends a password-only session on
to the second factor (the admin, /staff/, and each view carrying accounts.access.staff_view)."""

import re

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.http import urlencode

from accounts.access import STAFF_VIEW_MARKER
from tests.accounts.factories import enrolled_device
from tests.factories import UserFactory

VERIFY = "/account/two-factor/verify/"
SETUP = "/account/two-factor/"
OPEN = (f"/{settings.ADMIN_URL}login/", f"/{settings.ADMIN_URL}logout/")


def _fill(template: str) -> str:
    # Any value will do: the second factor is asked for before the view reads its arguments.
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "1", template)
    path = re.sub(r"<(?:\w+:)?\w+>", "1", path)
    return "/" + re.sub(r"[\^$\\]", "", path)


def _walk(patterns: list, prefix: str = "") -> list[tuple[str, object]]:
    found = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            found += _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            found.append((prefix + str(pattern.pattern), pattern.callback))
    return found


def staff_urls() -> list[str]:
    urls = set()
    for template, view in _walk(get_resolver().url_patterns):
        marked = getattr(view, STAFF_VIEW_MARKER, False)
        under_staff_paths = template.startswith((settings.ADMIN_URL, "staff/"))
        if marked or under_staff_paths:
            urls.add(_fill(template))
    return sorted(url for url in urls if not url.startswith(OPEN))


def test_the_walk_finds_the_views_outside_the_staff_paths():
    urls = staff_urls()
    assert "/news/preview/1/" in urls
    assert "/staff/whip/" in urls
    assert f"/{settings.ADMIN_URL}" in urls
    assert len(urls) > 50  # every admin page, not just the index


@pytest.mark.django_db
def test_a_password_only_session_is_sent_to_the_second_factor_everywhere(client, settings):
    settings.STAFF_2FA_REQUIRED = True
    user = UserFactory(is_staff=True, is_superuser=True)
    enrolled_device(user)
    client.force_login(user)  # the password, and nothing more
    wrong = {}
    for url in staff_urls():
        response = client.get(url)
        expected = f"{VERIFY}?{urlencode({'next': url})}"
        if response.status_code != 302 or response["Location"] != expected:
            wrong[url] = (response.status_code, response.get("Location"))
    assert wrong == {}


@pytest.mark.django_db
def test_staff_without_a_device_are_sent_to_enrol_from_a_marked_view(client, settings):
    from campaign.preview import preview_url
    from tests.campaign.factories import NewsPostFactory

    settings.STAFF_2FA_REQUIRED = True
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = preview_url(NewsPostFactory(status="draft"))
    response = client.get(url)
    assert response["Location"] == f"{SETUP}?{urlencode({'next': url})}"
