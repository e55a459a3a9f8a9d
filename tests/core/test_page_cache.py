"""The whole-page cache: the crowd from a campaign email gets rendered pages once a minute,
while forms keep working, and staff, signers and editors' changes are never served stale."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from campaign import services
from campaign.models import NewsPost, NewsStatus, SiteBanner
from core.pagecache import BANNER_DISMISS_COOKIE
from petitions.models import Signature
from tests.campaign.factories import NewsPostFactory
from tests.petitions.factories import PetitionFactory, ZipDistrictFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 60


@pytest.fixture
def petition(db):
    ZipDistrictFactory(zcta="43215", state="OH", state_fips="39", district=3)
    return PetitionFactory(slug="keep-jobs", goal=100)


def visitor() -> Client:
    """A browser arriving from an email: no cookies, and CSRF checked as in production."""
    return Client(enforce_csrf_checks=True)


def signing_form(token: str, email: str) -> dict:
    return {
        "csrfmiddlewaretoken": token,
        "first_name": "Ana",
        "last_name": "Rivera",
        "email": email,
        "zip_code": "43215",
        "country": "US",
        "comment": "",
        "website": "",
    }


def test_second_visitor_gets_the_page_without_any_database_work(
    petition, django_assert_num_queries
):
    first = visitor().get("/")
    assert first.status_code == 200
    assert "X-Page-Cache" not in first
    with django_assert_num_queries(0):
        second = visitor().get("/")
    assert second.status_code == 200
    assert second["X-Page-Cache"] == "hit"
    assert second["Content-Type"] == first["Content-Type"]
    assert TOKEN.sub("", second.content.decode()) == TOKEN.sub("", first.content.decode())


def test_every_visitor_of_a_cached_page_gets_a_token_that_works_for_them(petition):
    url = petition.get_absolute_url()
    visitor().get(url)
    ana, ben = visitor(), visitor()
    ana_page, ben_page = ana.get(url), ben.get(url)
    assert ana_page["X-Page-Cache"] == ben_page["X-Page-Cache"] == "hit"
    ana_token = TOKEN.search(ana_page.content.decode()).group(1)
    ben_token = TOKEN.search(ben_page.content.decode()).group(1)
    assert ana_token != ben_token
    assert "csrftoken" in ana.cookies and "csrftoken" in ben.cookies

    assert ana.post(url, signing_form(ana_token, "ana@example.com")).status_code == 302
    assert ben.post(url, signing_form(ben_token, "ben@example.com")).status_code == 302
    # Someone else's token from the cached page is refused, as without the cache.
    carla = visitor()
    carla.get(url)
    assert carla.post(url, signing_form(ana_token, "carla@example.com")).status_code == 403
    assert sorted(Signature.objects.values_list("supporter__email", flat=True)) == [
        "ana@example.com",
        "ben@example.com",
    ]


def test_a_signer_sees_a_freshly_rendered_petition_page(
    petition, django_capture_on_commit_callbacks
):
    url = petition.get_absolute_url()
    visitor().get(url)
    signer = visitor()
    token = TOKEN.search(signer.get(url).content.decode()).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        assert signer.post(url, signing_form(token, "ana@example.com")).status_code == 302
    # The browser now remembers the signature, so the page is theirs, not the crowd's.
    again = signer.get(url)
    assert "X-Page-Cache" not in again
    assert again.context["count"] == 1


def test_staff_never_get_cached_pages(editor, petition):
    visitor().get("/news/")
    response = editor.get("/news/")
    assert response.status_code == 200
    assert "X-Page-Cache" not in response


# With each process's own copies on, as in production, or off, as in the other tests.
@pytest.mark.parametrize("local_seconds", [0, 60])
def test_a_saved_post_shows_at_once(settings, petition, local_seconds):
    settings.PAGE_CACHE_LOCAL_SECONDS = local_seconds
    NewsPostFactory(title="First update")
    visitor().get("/news/")
    assert visitor().get("/news/")["X-Page-Cache"] == "hit"
    NewsPostFactory(title="Second update")
    fresh = visitor().get("/news/")
    assert "X-Page-Cache" not in fresh
    assert "Second update" in fresh.content.decode()


def test_an_unpublished_post_leaves_cached_pages_at_once(petition):
    post = NewsPostFactory(title="Premature announcement")
    visitor().get("/news/")
    visitor().get(post.get_absolute_url())
    assert "Premature announcement" in visitor().get("/news/").content.decode()
    services.news_unpublish(posts=NewsPost.objects.filter(pk=post.pk))
    assert NewsPost.objects.get(pk=post.pk).status == NewsStatus.DRAFT
    assert "Premature announcement" not in visitor().get("/news/").content.decode()
    assert visitor().get(post.get_absolute_url()).status_code == 404


def test_an_admin_bulk_action_empties_the_cache(superuser, petition):
    post = NewsPostFactory(title="Old draft", status=NewsStatus.DRAFT)
    visitor().get("/news/")
    assert "Old draft" not in visitor().get("/news/").content.decode()
    response = superuser.post(
        reverse("admin:campaign_newspost_changelist"),
        {"action": "publish", "_selected_action": [post.pk]},
    )
    assert response.status_code == 302
    assert "Old draft" in visitor().get("/news/").content.decode()


def test_pages_with_a_message_waiting_are_rendered_for_that_visitor(petition):
    visitor().get("/")
    with_message = visitor()
    with_message.cookies["messages"] = "anything"
    assert "X-Page-Cache" not in with_message.get("/")


def test_address_lookups_are_never_cached(http, petition):
    url = "/find-your-lawmakers/?zip=43215&address=1+Main+St"
    client = visitor()
    first = client.get(url)
    assert "no-store" in first["Cache-Control"]
    assert "X-Page-Cache" not in visitor().get(url)


def test_spanish_and_english_visitors_get_their_own_pages(petition):
    english = visitor().get("/")
    assert english["Content-Language"] == "en"
    # The English page is cached now; the Spanish address never gets it.
    response = visitor().get("/es/")
    assert "X-Page-Cache" not in response
    assert response["Content-Language"] == "es"
    assert '<html lang="es">' in response.content.decode()
    again = visitor().get("/es/")
    assert again["X-Page-Cache"] == "hit"
    assert '<html lang="es">' in again.content.decode()
    # And the English address never gets the cached Spanish page, whatever the cookie says.
    for client in (visitor(), visitor()):
        client.cookies["django_language"] = "es"
        page = client.get("/")
        assert page["X-Page-Cache"] == "hit"
        assert '<html lang="en">' in page.content.decode()


def test_a_dismissed_banner_stays_dismissed_on_cached_pages(petition):
    banner = SiteBanner.objects.create(message="Call-in day is Tuesday")
    visitor().get("/")
    assert "Call-in day is Tuesday" in visitor().get("/").content.decode()
    dismissed = visitor()
    dismissed.cookies[BANNER_DISMISS_COOKIE] = banner.dismiss_key
    assert "Call-in day is Tuesday" not in dismissed.get("/").content.decode()
    assert "Call-in day is Tuesday" not in dismissed.get("/").content.decode()


def test_error_pages_and_unknown_views_are_not_cached(petition):
    visitor().get("/petitions/no-such-petition/")
    assert visitor().get("/petitions/no-such-petition/").status_code == 404
    visitor().get("/join/")
    assert "X-Page-Cache" not in visitor().get("/join/")


def test_switched_off_with_zero_seconds(settings, petition):
    settings.PAGE_CACHE_SECONDS = 0
    visitor().get("/")
    assert "X-Page-Cache" not in visitor().get("/")


# --- Each process's own copies -------------------------------------------------------------


def test_a_process_serves_its_own_copy_without_asking_the_shared_cache(settings, petition):
    from django.core.cache import cache

    settings.PAGE_CACHE_LOCAL_SECONDS = 60
    NewsPostFactory(title="First update")
    visitor().get("/news/")
    # Even with the shared cache emptied, this process serves its copy within the interval.
    cache.clear()
    copy = visitor().get("/news/")
    assert copy["X-Page-Cache"] == "hit"
    assert "First update" in copy.content.decode()


def test_another_process_change_shows_once_the_interval_is_over(settings, petition):
    from django.core.cache import cache

    from core.pagecache import GENERATION_KEY

    settings.PAGE_CACHE_LOCAL_SECONDS = 60
    NewsPostFactory(title="First update")
    visitor().get("/news/")
    # Another app server saved a post: it changed the generation in the shared cache only.
    cache.set(GENERATION_KEY, "from-another-server", None)
    assert visitor().get("/news/")["X-Page-Cache"] == "hit"
    settings.PAGE_CACHE_LOCAL_SECONDS = 0
    assert "X-Page-Cache" not in visitor().get("/news/")


def test_a_local_copy_goes_when_the_shared_copy_would_have(
    settings, petition, time_machine, memory_cache
):
    from django.utils import timezone

    settings.PAGE_CACHE_LOCAL_SECONDS = 3600
    time_machine.move_to(timezone.now(), tick=False)
    visitor().get("/news/")
    assert visitor().get("/news/")["X-Page-Cache"] == "hit"
    time_machine.shift(settings.PAGE_CACHE_SECONDS + 1)
    assert "X-Page-Cache" not in visitor().get("/news/")
