"""The site banner in two languages: staff write the Spanish; without it, English marked as such."""

import pytest
from django.test import Client
from django.utils import translation

from campaign.models import SiteBanner

pytestmark = pytest.mark.django_db


def banner_html(client: Client, path: str) -> str:
    page = client.get(path).content.decode()
    start = page.index('<p class="banner-message"')
    return page[start : page.index("</p>", start)]


def test_a_spanish_page_shows_the_spanish_banner_and_an_english_page_the_english():
    SiteBanner.objects.create(
        message="Vote on Tuesday: call now",
        message_es="Votación el martes: llama hoy",
        link_url="/news/",
        link_text="Read more",
        link_text_es="Leer más",
    )
    english, spanish = banner_html(Client(), "/"), banner_html(Client(), "/es/")
    assert "Vote on Tuesday: call now" in english and "Read more" in english
    assert "Votación el martes: llama hoy" in spanish and "Leer más" in spanish
    assert 'lang="en"' not in spanish


def test_a_banner_without_spanish_shows_in_english_marked_as_english_on_spanish_pages():
    SiteBanner.objects.create(message="Vote on Tuesday: call now")
    spanish = banner_html(Client(), "/es/")
    assert 'lang="en"' in spanish and "Vote on Tuesday: call now" in spanish
    assert 'lang="en"' not in banner_html(Client(), "/")


def test_an_edit_to_the_spanish_text_shows_at_once():
    banner = SiteBanner.objects.create(message="Vote on Tuesday", message_es="Votación el martes")
    assert "Votación el martes" in banner_html(Client(), "/es/")
    # An editor working in Spanish changes the Spanish text; the English stays as it was.
    with translation.override("es"):
        banner.message_es = "Votación el miércoles"
        banner.save()
    assert "Votación el miércoles" in banner_html(Client(), "/es/")
    assert "Vote on Tuesday" in banner_html(Client(), "/")
    banner.refresh_from_db()
    assert banner.message_en == "Vote on Tuesday"
