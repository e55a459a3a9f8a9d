"""Organizers find the whip board from the admin index; nobody else sees the link."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

WHIP_LINK = 'href="/staff/whip/"'


def admin_index(client) -> str:
    response = client.get(f"/{settings.ADMIN_URL}")
    assert response.status_code == 200
    return response.content.decode()


def test_organizer_sees_the_whip_board_link(organizer):
    html = admin_index(organizer)
    assert WHIP_LINK in html
    # Django's own index is still there underneath.
    assert 'id="content-main"' in html


def test_superuser_sees_the_whip_board_link(superuser):
    assert WHIP_LINK in admin_index(superuser)


def test_editor_does_not_see_the_whip_board_link(editor):
    html = admin_index(editor)
    assert WHIP_LINK not in html
    assert 'id="content-main"' in html


def test_the_link_leads_to_a_page_the_organizer_may_open(organizer):
    assert organizer.get("/staff/whip/").status_code == 200


def test_public_pages_do_not_link_the_whip_board(anonymous, organizer):
    assert "/staff/whip/" not in anonymous.get("/").content.decode()
    # Not even for an organizer browsing the public site.
    assert "/staff/whip/" not in organizer.get("/").content.decode()
