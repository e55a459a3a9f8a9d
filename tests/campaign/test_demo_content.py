"""The demo news, pages and banner that `make run` loads."""

import pytest
from django.core.management import call_command

from campaign.models import NewsPost, NewsStatus, Page, SiteBanner, Topic

pytestmark = pytest.mark.django_db


def test_demo_content_loads_once_and_keeps_editors_changes(anonymous):
    call_command("load_demo_news")
    counts = (Topic.objects.count(), NewsPost.objects.count(), Page.objects.count())
    assert counts[1] >= 5
    assert set(Page.objects.values_list("slug", flat=True)) == {
        "about-the-bill",
        "save-call-center-jobs",
        "for-the-media",
    }
    assert NewsPost.objects.filter(status=NewsStatus.DRAFT).exists()
    assert SiteBanner.objects.count() == 1
    page = Page.objects.get(slug="for-the-media")
    assert "press@example.org" in page.body_html
    page.title = "Press room"
    page.save()
    call_command("load_demo_news")
    assert (Topic.objects.count(), NewsPost.objects.count(), Page.objects.count()) == counts
    assert Page.objects.get(slug="for-the-media").title == "Press room"
    assert SiteBanner.objects.count() == 1


def test_demo_pages_and_posts_render(anonymous):
    call_command("load_demo_news")
    for page in Page.objects.all():
        assert anonymous.get(page.get_absolute_url()).status_code == 200
    for post in NewsPost.objects.published():
        response = anonymous.get(post.get_absolute_url())
        assert response.status_code == 200
    home = anonymous.get("/").content.decode()
    assert "Three things the bill would do" in home
    assert "About the bill" in home  # in the navigation


def test_make_run_loads_the_demo_content():
    from campaign.management.commands.setup_site import Command

    assert "load_demo_news" in [name for name, _, _ in Command().steps()]


FALLBACK_NOTE = "todavía no traducimos esta página"


def test_the_demo_reads_in_spanish_under_es(anonymous):
    call_command("load_demo_news")
    call_command("load_demo_petition", signatures=5)
    pages = {
        "/es/news/three-things-the-bill-would-do/": "Tres cosas que haría el proyecto de ley",
        "/es/news/why-data-security-matters/": "la seguridad de tus datos",
        "/es/about-the-bill/": "Sobre el proyecto de ley",
        "/es/save-call-center-jobs/": "Salvemos los empleos en centros de llamadas",
        "/es/petitions/keep-call-centers-in-america/": "Dile al Congreso",
    }
    for path, spanish in pages.items():
        body = anonymous.get(path).content.decode()
        assert spanish in body, path
        assert FALLBACK_NOTE not in body.lower(), path
    # The topics on the news are Spanish too.
    news = anonymous.get("/es/news/").content.decode()
    assert "Seguridad de los datos" in news and ">Data security<" not in news
    # A page the demo left in English says so, in Spanish.
    assert FALLBACK_NOTE in anonymous.get("/es/for-the-media/").content.decode().lower()
    # The English pages stay English.
    body = anonymous.get("/about-the-bill/").content.decode()
    assert "About the bill" in body and "Sobre el proyecto" not in body


def test_an_older_demo_gains_spanish_only_where_nobody_edited_it(anonymous):
    call_command("load_demo_news")
    # As a database loaded before the demo had Spanish: the Spanish blank, one page edited.
    for model in (NewsPost, Page):
        model.objects.update(title_es="", summary_es="", body_es="", body_html_es="")
    Topic.objects.update(name_es=None, description_es="")
    edited = Page.objects.get(slug="save-call-center-jobs")
    edited.body = "Our own words about the jobs."
    edited.save()
    call_command("load_demo_news")
    assert "Sobre el proyecto de ley" in anonymous.get("/es/about-the-bill/").content.decode()
    assert "Tres cosas" in NewsPost.objects.get(slug="three-things-the-bill-would-do").title_es
    assert Topic.objects.get(slug="jobs").name_es == "Empleos"
    edited.refresh_from_db()
    assert (edited.title_es, edited.body_es) == ("", "")
    assert edited.body_en == "Our own words about the jobs."
