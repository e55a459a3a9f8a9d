"""Health check, error pages, security headers and the staff groups."""

from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.db.utils import OperationalError
from django.test import override_settings

from accounts.staff import EDITORS, ORGANIZERS


@pytest.mark.django_db
def test_healthz_answers_when_the_database_does(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_does_not(client):
    with mock.patch("campaign.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


@pytest.mark.django_db
def test_home_page_renders_with_landmarks_and_skip_link(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#main"' in html
    assert '<main id="main"' in html
    assert "<header" in html and "<footer" in html and "<nav" in html
    assert 'property="og:title"' in html


@pytest.mark.django_db
def test_security_headers_are_sent_in_development(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_unknown_page_gets_the_site_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "find that page" in response.content.decode()
    assert "Go to the home page" in response.content.decode()


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_server_error_page_uses_the_site_look(client):
    from campaign.views import server_error

    request = client.get("/").wsgi_request
    response = server_error(request)
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


@pytest.mark.django_db
def test_spanish_is_available(client):
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/es/"
    response = client.get(response["Location"])
    assert '<html lang="es"' in response.content.decode()


@pytest.mark.django_db
def test_staff_groups_exist_with_their_scopes():
    editors = Group.objects.get(name=EDITORS)
    organizers = Group.objects.get(name=ORGANIZERS)
    editor_apps = set(editors.permissions.values_list("content_type__app_label", flat=True))
    organizer_perms = set(organizers.permissions.values_list("content_type__app_label", "codename"))
    for personal in ("supporters", "petitions", "letters", "whip", "legislators"):
        assert personal not in editor_apps
    assert ("supporters", "view_supporter") in organizer_perms
    assert ("supporters", "view_listsubscription") in organizer_perms
    assert ("letters", "change_letter") in organizer_perms
    assert ("whip", "change_whipstatus") in organizer_perms
    assert ("legislators", "change_zipdistrict") in organizer_perms


@pytest.mark.django_db
def test_admin_login_page_is_served(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
