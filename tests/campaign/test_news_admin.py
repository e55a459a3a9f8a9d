"""Editors run news, pages and the banner from the admin."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from campaign.models import NewsPost, NewsStatus, Page
from tests.campaign.factories import NewsPostFactory, PageFactory, SiteBannerFactory, TopicFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/campaign/newspost/"


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "navy").save(buffer, "PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


def _post_form(**overrides) -> dict:
    data = {
        "title_en": "Senators write again",
        "slug": "senators-write-again",
        "summary_en": "A second letter.",
        "body_en": "Text.",
        "status": NewsStatus.DRAFT,
        "published_at_0": "2026-10-01",
        "published_at_1": "10:00:00",
        "byline": "",
        "image_alt": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "path",
    [
        CHANGELIST,
        "/admin/campaign/newspost/add/",
        "/admin/campaign/topic/",
        "/admin/campaign/page/",
        "/admin/campaign/sitebanner/",
        "/admin/campaign/sitebanner/add/",
    ],
)
def test_editors_can_open_the_content_admin(editor, path):
    NewsPostFactory()
    PageFactory()
    SiteBannerFactory()
    assert editor.get(path).status_code == 200


def test_changelist_filters_search_and_date_hierarchy(editor):
    topic = TopicFactory(slug="congress")
    NewsPostFactory(title="Senators letter", topics=[topic])
    NewsPostFactory(title="Other")
    response = editor.get(CHANGELIST, {"q": "senators"})
    assert response.status_code == 200
    assert "Senators letter" in response.content.decode()
    assert "Other" not in response.content.decode()
    assert (
        editor.get(
            CHANGELIST, {"status__exact": "draft", "topics__id__exact": topic.pk}
        ).status_code
        == 200
    )
    html = editor.get(CHANGELIST).content.decode()
    assert 'aria-labelledby="date-hierarchy-label"' in html
    assert 'id="changelist-filter"' in html


def test_editor_creates_a_post_and_becomes_its_author(editor):
    topic = TopicFactory()
    response = editor.post(
        "/admin/campaign/newspost/add/", _post_form(topics=[topic.pk], body_en="**Bold**")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    post = NewsPost.objects.get(slug="senators-write-again")
    assert post.author == editor.user
    assert post.body_html == "<p><strong>Bold</strong></p>"
    assert list(post.topics.all()) == [topic]


def test_an_image_needs_alt_text(editor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = editor.post("/admin/campaign/newspost/add/", _post_form(image=_png()))
    assert response.status_code == 200
    assert response.content.decode().count("Describe the image: people") == 1
    assert not NewsPost.objects.exists()
    response = editor.post(
        "/admin/campaign/newspost/add/",
        _post_form(image=_png(), image_alt="Workers at a union rally"),
    )
    assert response.status_code == 302
    assert NewsPost.objects.get().image_alt == "Workers at a union rally"


def test_model_validation_requires_alt_text_with_an_image():
    from django.core.exceptions import ValidationError

    post = NewsPostFactory.build(image="news/2026/photo.png", image_alt="  ")
    with pytest.raises(ValidationError) as error:
        post.full_clean(exclude=["topics"])
    assert "image_alt" in error.value.message_dict


def test_publish_action_publishes_now_but_keeps_a_future_schedule(editor):
    past = timezone.now() - datetime.timedelta(days=3)
    future = timezone.now() + datetime.timedelta(days=3)
    draft = NewsPostFactory(status=NewsStatus.DRAFT, published_at=past)
    scheduled = NewsPostFactory(status=NewsStatus.DRAFT, published_at=future)
    response = editor.post(
        CHANGELIST,
        {"action": "publish", "_selected_action": [draft.pk, scheduled.pk]},
        follow=True,
    )
    assert "Published 2 posts." in response.content.decode()
    draft.refresh_from_db()
    scheduled.refresh_from_db()
    assert draft.status == scheduled.status == NewsStatus.PUBLISHED
    assert draft.published_at > past
    assert scheduled.published_at == future


def test_unpublish_action_turns_posts_into_drafts(editor):
    post = NewsPostFactory()
    response = editor.post(
        CHANGELIST, {"action": "unpublish", "_selected_action": [post.pk]}, follow=True
    )
    assert "Turned 1 post back into a draft." in response.content.decode()
    post.refresh_from_db()
    assert post.status == NewsStatus.DRAFT


def test_view_on_site_gives_drafts_a_preview_link(editor):
    live = NewsPostFactory()
    draft = NewsPostFactory(status=NewsStatus.DRAFT)
    live_page = editor.get(f"/admin/campaign/newspost/{live.pk}/change/").content.decode()
    draft_page = editor.get(f"/admin/campaign/newspost/{draft.pk}/change/").content.decode()
    assert f'href="{live.get_absolute_url()}" class="viewsitelink"' in live_page
    assert "/news/preview/" in draft_page
    preview = draft_page.split('href="/news/preview/', 1)[1].split('"', 1)[0]
    assert editor.get(f"/news/preview/{preview}").status_code == 200


def test_page_admin_refuses_a_slug_that_shadows_a_route(editor):
    response = editor.post(
        "/admin/campaign/page/add/",
        {"title_en": "News", "slug": "news", "body_en": "x", "ordering": 1, "summary_en": ""},
    )
    assert response.status_code == 200
    assert "already used by another part of the site" in response.content.decode()
    assert not Page.objects.exists()


def test_organizers_cannot_edit_news(organizer):
    assert organizer.get(CHANGELIST).status_code == 403
