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
