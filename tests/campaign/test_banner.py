"""The dismissible site-wide banner."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import ValidationError

from core.pagecache import BANNER_DISMISS_COOKIE
from tests.campaign.factories import SiteBannerFactory

pytestmark = pytest.mark.django_db

EASTERN = ZoneInfo("America/New_York")


def _at(day: int, hour: int = 12) -> datetime.datetime:
    return datetime.datetime(2026, 10, day, hour, tzinfo=EASTERN)


def _banner_html(client, path: str = "/") -> str:
    html = client.get(path).content.decode()
    if 'class="site-banner"' not in html:
        return ""
    return html.split('class="site-banner"', 1)[1].split("</aside>", 1)[0]


def test_banner_shows_on_every_page_with_its_link(anonymous):
    SiteBannerFactory(message="Get the campaign app", link_url="/news/", link_text="Learn more")
    for path in ["/", "/news/", "/no-such-page/"]:
        banner = _banner_html(anonymous, path)
        assert "Get the campaign app" in banner
        assert '<a href="/news/">Learn more</a>' in banner
        assert 'action="/banner/dismiss/"' in banner


def test_banner_respects_its_start_and_end(anonymous):
    SiteBannerFactory(message="Week of action", starts_at=_at(10), ends_at=_at(17))
    for moment, shown in [(_at(9), False), (_at(12), True), (_at(18), False)]:
        cache.clear()
        with time_machine.travel(moment, tick=False):
            assert ("Week of action" in _banner_html(anonymous)) is shown


def test_banner_cache_expires_within_a_minute(anonymous, memory_cache):
    SiteBannerFactory(message="Starts soon", starts_at=_at(10, 12))
    with time_machine.travel(_at(10, 11), tick=False):
        assert _banner_html(anonymous) == ""
    with time_machine.travel(_at(10, 12) + datetime.timedelta(seconds=61), tick=False):
        assert "Starts soon" in _banner_html(anonymous)


def test_inactive_banner_is_hidden(anonymous):
    SiteBannerFactory(message="Off", is_active=False)
    assert _banner_html(anonymous) == ""


def test_dismissing_without_javascript_sets_a_cookie_and_returns(anonymous):
    banner = SiteBannerFactory(message="Dismiss me")
    response = anonymous.post("/banner/dismiss/", {"key": banner.dismiss_key, "next": "/news/"})
    assert response.status_code == 302
    assert response["Location"] == "/news/"
    cookie = response.cookies[BANNER_DISMISS_COOKIE]
    assert cookie.value == banner.dismiss_key
    assert cookie["samesite"] == "Lax"
    assert _banner_html(anonymous, "/news/") == ""


def test_editing_the_banner_shows_it_again(anonymous):
    banner = SiteBannerFactory(message="First text")
    anonymous.post("/banner/dismiss/", {"key": banner.dismiss_key, "next": "/"})
    assert _banner_html(anonymous) == ""
    with time_machine.travel(datetime.timedelta(seconds=5)):
        banner.message = "Second text"
        banner.save()
    assert "Second text" in _banner_html(anonymous)


@pytest.mark.parametrize(
    ("data", "location"),
    [
        ({"key": "1-2", "next": "https://evil.example/"}, "/"),
        ({"key": "1-2", "next": "//evil.example/"}, "/"),
        ({"key": "1-2"}, "/"),
        ({"key": "<script>", "next": "/news/"}, "/news/"),
        ({}, "/"),
    ],
)
def test_dismiss_endpoint_rejects_bad_input_quietly(anonymous, data, location):
    response = anonymous.post("/banner/dismiss/", data)
    assert response.status_code == 302
    assert response["Location"] == location
    if not data.get("key", "").replace("-", "").isdigit():
        assert BANNER_DISMISS_COOKIE not in response.cookies


def test_dismiss_endpoint_refuses_get(anonymous):
    assert anonymous.get("/banner/dismiss/").status_code == 405


def test_banner_costs_no_query_once_cached(anonymous, django_assert_num_queries):
    from django.test.client import RequestFactory

    from campaign.context_processors import site_banner

    SiteBannerFactory()
    request = RequestFactory().get("/")
    with django_assert_num_queries(1):
        assert site_banner(request)["site_banner"]
    with django_assert_num_queries(0):
        assert site_banner(request)["site_banner"]


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"starts_at": _at(10), "ends_at": _at(9)}, "ends_at"),
        ({"link_url": "javascript:alert(1)"}, "link_url"),
        ({"link_url": "/news/", "link_text": ""}, "link_text"),
    ],
)
def test_banner_validation(fields, error_field):
    banner = SiteBannerFactory.build(**fields)
    with pytest.raises(ValidationError) as error:
        banner.full_clean()
    assert error_field in error.value.message_dict
