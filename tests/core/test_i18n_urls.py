"""Addresses by language: English where it always was, Spanish under /es/, each page naming
the other (hreflang), the sitemap listing both, the switch keeping the visitor on the same
page, and the page cache never handing one language's page to the other."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.http import urlencode

from campaign.models import Page
from core import signing
from core.signing import Purpose
from tests.accounts.factories import enrolled_device
from tests.calls.factories import CallCampaignFactory
from tests.campaign.factories import NewsPostFactory, PageFactory
from tests.factories import SupporterFactory, UserFactory
from tests.letters.factories import LetterCampaignFactory
from tests.petitions.factories import PetitionFactory, SignatureFactory, ZipDistrictFactory

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')

# Every public page without parameters, as English visitors have always reached it.
PUBLIC_PATHS = [
    "/",
    "/news/",
    "/events/",
    "/join/",
    "/petitions/",
    "/write/",
    "/call/",
    "/find-your-lawmakers/",
    "/lawmakers/",
    "/scorecard/",
    "/privacy/",
]


@pytest.fixture
def content(db):
    ZipDistrictFactory(zcta="43215", state="OH", state_fips="39", district=3)
    return {
        "petition": PetitionFactory(slug="keep-jobs"),
        "post": NewsPostFactory(slug="letters-delivered"),
        "page": PageFactory(slug="about-the-bill"),
        "letters": LetterCampaignFactory(),
        "calls": CallCampaignFactory(),
    }


def _html(response) -> str:
    return response.content.decode()


def _alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_every_public_page_answers_in_english_unprefixed_and_in_spanish_under_es(
    client, content, path
):
    english = client.get(path)
    assert english.status_code == 200, path
    assert '<html lang="en">' in _html(english)
    spanish = client.get(f"/es{path}")
    assert spanish.status_code == 200, path
    assert '<html lang="es">' in _html(spanish)


def test_content_pages_have_both_addresses(client, content):
    with translation.override("en"):
        paths = [content[name].get_absolute_url() for name in ("petition", "post", "page")]
    for path in paths:
        assert client.get(path).status_code == 200, path
        assert client.get(f"/es{path}").status_code == 200, path


def test_a_confirm_link_emailed_before_languages_still_opens(client, content):
    signature = SignatureFactory(petition=content["petition"], confirmed_at=None)
    token = signing.make(Purpose.SIGNATURE_CONFIRM, signature.pk)
    # The address as it was written into emails already sent: no language prefix.
    response = client.get(f"/petitions/confirm/{token}/")
    assert response.status_code == 200
    assert '<html lang="en">' in _html(response)


def test_each_page_names_both_languages_and_x_default(client, content):
    english = _html(client.get("/petitions/keep-jobs/"))
    spanish = _html(client.get("/es/petitions/keep-jobs/"))
    expected = {
        "en": f"{SITE}/petitions/keep-jobs/",
        "es": f"{SITE}/es/petitions/keep-jobs/",
        "x-default": f"{SITE}/petitions/keep-jobs/",
    }
    assert _alternates(english) == expected
    assert _alternates(spanish) == expected
    assert f'<link rel="canonical" href="{SITE}/petitions/keep-jobs/">' in english
    assert f'<link rel="canonical" href="{SITE}/es/petitions/keep-jobs/">' in spanish


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_every_public_page_has_its_canonical_and_alternates(client, content, path):
    for prefix in ("", "/es"):
        html = _html(client.get(f"{prefix}{path}"))
        assert f'<link rel="canonical" href="{SITE}{prefix}{path}">' in html
        assert _alternates(html) == {
            "en": f"{SITE}{path}",
            "es": f"{SITE}/es{path}",
            "x-default": f"{SITE}{path}",
        }


def test_the_sitemap_lists_each_page_in_both_languages_with_alternates(client, content):
    root = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 (our own output)
    entries = {}
    for url in root.iter(f"{SITEMAP}url"):
        links = {link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")}
        entries[url.find(f"{SITEMAP}loc").text] = links
    petition = f"{SITE}/petitions/keep-jobs/"
    assert petition in entries
    assert f"{SITE}/es/petitions/keep-jobs/" in entries
    assert entries[petition] == {
        "en": petition,
        "es": f"{SITE}/es/petitions/keep-jobs/",
        "x-default": petition,
    }


@pytest.mark.parametrize(
    ("language", "current", "expected"),
    [
        ("es", "/petitions/keep-jobs/", "/es/petitions/keep-jobs/"),
        ("en", "/es/petitions/keep-jobs/", "/petitions/keep-jobs/"),
        ("es", "/write/?zip=43215", "/es/write/?zip=43215"),
        ("en", "/es/", "/"),
        ("es", "/", "/es/"),
        ("en", "/es/about-the-bill/", "/about-the-bill/"),
    ],
)
def test_the_language_switch_keeps_the_visitor_on_the_same_page(
    client, content, language, current, expected
):
    response = client.post("/i18n/setlang/", {"language": language, "next": current})
    assert response.status_code == 302
    assert response["Location"] == expected


def test_the_switch_form_on_a_spanish_page_sends_back_that_page(client, content):
    html = _html(client.get("/es/petitions/keep-jobs/"))
    assert 'action="/i18n/setlang/"' in html
    assert '<input name="next" type="hidden" value="/es/petitions/keep-jobs/">' in html


def test_a_page_slug_cannot_take_the_spanish_prefix(editor):
    response = editor.post(
        "/admin/campaign/page/add/",
        {"title_en": "Spain", "slug": "es", "body_en": "x", "ordering": 1, "summary_en": ""},
    )
    assert response.status_code == 200
    assert "already used by another part of the site" in _html(response)
    assert not Page.objects.exists()


def test_the_admin_follows_the_language_the_staff_member_chose(superuser):
    assert '<html lang="en"' in _html(superuser.get(f"/{settings.ADMIN_URL}"))
    superuser.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    assert '<html lang="es"' in _html(superuser.get(f"/{settings.ADMIN_URL}"))


def test_staff_pages_under_es_still_ask_for_the_second_factor(client, settings):
    settings.STAFF_2FA_REQUIRED = True
    user = UserFactory(is_staff=True, is_superuser=True)
    enrolled_device(user)
    client.force_login(user)  # the password only
    response = client.get("/es/staff/whip/")
    assert response.status_code == 302
    assert response["Location"].endswith(
        f"/two-factor/verify/?{urlencode({'next': '/es/staff/whip/'})}"
    )


# The page cache ---------------------------------------------------------------------------


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 60


def _visitor() -> Client:
    return Client(enforce_csrf_checks=True)


@pytest.mark.parametrize("first", ["en", "es"])
def test_a_cached_page_is_only_ever_served_in_its_own_language(content, page_cache, first):
    paths = {"en": "/petitions/keep-jobs/", "es": "/es/petitions/keep-jobs/"}
    second = "es" if first == "en" else "en"
    assert "X-Page-Cache" not in _visitor().get(paths[first])
    # The other language's visitor arrives after the first page is stored: rendered anew.
    other = _visitor().get(paths[second])
    assert "X-Page-Cache" not in other
    assert f'<html lang="{second}">' in _html(other)
    for language in ("en", "es"):
        # Any browser-side preference: the address alone decides.
        for cookie in ("en", "es"):
            visitor = _visitor()
            visitor.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie
            response = visitor.get(paths[language], HTTP_ACCEPT_LANGUAGE=cookie)
            assert response["X-Page-Cache"] == "hit"
            assert f'<html lang="{language}">' in _html(response)


def test_a_cached_spanish_page_gives_each_visitor_their_own_form_token(content, page_cache):
    _visitor().get("/es/petitions/keep-jobs/")
    first, second = _visitor(), _visitor()
    one = first.get("/es/petitions/keep-jobs/")
    two = second.get("/es/petitions/keep-jobs/")
    assert one["X-Page-Cache"] == two["X-Page-Cache"] == "hit"
    token_one = TOKEN.search(_html(one)).group(1)
    token_two = TOKEN.search(_html(two)).group(1)
    assert token_one != token_two
    # The token works: the cached Spanish form signs the petition.
    response = first.post(
        "/es/petitions/keep-jobs/",
        {
            "csrfmiddlewaretoken": token_one,
            "first_name": "Ana",
            "last_name": "Rivera",
            "email": "ana@example.com",
            "zip_code": "43215",
            "country": "US",
            "comment": "",
            "website": "",
        },
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/es/")
    assert SupporterFactory._meta.model.objects.get(email="ana@example.com").language == "es"


def test_a_second_spanish_visitor_costs_no_database_work(
    content, page_cache, django_assert_num_queries
):
    first = _visitor().get("/es/")
    assert "X-Page-Cache" not in first
    with django_assert_num_queries(0):
        second = _visitor().get("/es/")
    assert second["X-Page-Cache"] == "hit"
    assert TOKEN.sub("", _html(second)) == TOKEN.sub("", _html(first))
