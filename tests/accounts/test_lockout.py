"""Brute-force protection on the admin login (django-axes)."""

import pytest
from django.core.management import call_command
from django.test import override_settings

from core.abuse import request_ip as client_ip
from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"


def attempt(client, username, password, ip="203.0.113.7"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=ip,
    )


@pytest.mark.django_db
def test_login_locks_after_the_failure_limit_with_a_clear_page(client, settings):
    user = UserFactory(is_staff=True, username="target")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "target", "wrong").status_code == 200
    locked = attempt(client, "target", "wrong")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Too many login attempts" in html
    assert f"after {settings.AXES_FAILURE_LIMIT} wrong passwords" in html
    assert "try again in 60 minutes" in html
    assert '<main id="main"' in html  # the site's own page, not a bare error

    # Even the right password is refused now, from that address.
    assert attempt(client, "target", PASSWORD).status_code == 429
    # Another address, or another username, is not blocked by someone else's guessing.
    assert attempt(client, "target", PASSWORD, ip="198.51.100.1").status_code == 302
    client.logout()
    other = UserFactory(is_staff=True)
    assert attempt(client, other.username, PASSWORD).status_code == 302
    assert user.pk


@pytest.mark.django_db
def test_the_unlock_command_lets_the_user_in_again(client, settings):
    UserFactory(is_staff=True, username="target")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "target", "wrong")
    assert attempt(client, "target", PASSWORD).status_code == 429
    call_command("axes_reset_username", "target")
    assert attempt(client, "target", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_lockout_page_is_translated(client, settings):
    UserFactory(is_staff=True, username="target")
    client.cookies["django_language"] = "es"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = attempt(client, "target", "wrong")
    assert response.status_code == 429
    assert '<html lang="es"' in response.content.decode()


@pytest.mark.django_db
@override_settings(AXES_COOLOFF_TIME=None)
def test_without_a_cooloff_the_page_says_an_administrator_unlocks_it(client, settings):
    UserFactory(is_staff=True, username="target")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = attempt(client, "target", "wrong")
    assert "until a site administrator unlocks it" in response.content.decode()


def test_client_ip_reads_only_what_the_trusted_proxies_added(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.9")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.9"
    settings.TRUSTED_PROXY_COUNT = 3
    assert client_ip(request) == "10.0.0.2"
