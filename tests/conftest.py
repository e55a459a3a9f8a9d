"""Fixtures shared by the whole suite: personas, no real network, mail and tasks."""

import pytest
import responses
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import translation

from accounts.staff import EDITORS, ORGANIZERS
from tests.factories import SupporterFactory, UserFactory

# The real SMTP server and the task runner (tests/mail_fixtures.py).
pytest_plugins = ["tests.mail_fixtures"]


@pytest.fixture(autouse=True)
def _no_real_http():
    """Any HTTP request a test has not stubbed with `responses` fails loudly."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def http(_no_real_http):
    """The active `responses` mock, for tests that stub third-party APIs."""
    return _no_real_http


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real logins in tests would otherwise spend most of their time in PBKDF2.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _site_language():
    # A request leaves its language active in the thread (the test client runs requests in
    # the test's own thread), and translated models store what is assigned in the active
    # language: each test starts in the site's language, as a worker or command does.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def memory_cache(settings):
    """A per-process cache whose expiry follows time_machine's clock.

    Redis expires keys by its own clock, so tests that travel past a cache timeout
    use this instead of the configured cache.
    """
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "time-travel",
        }
    }
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()


@pytest.fixture
def anonymous(client):
    return client


@pytest.fixture
def supporter(db):
    return SupporterFactory()


def _staff_client(client, group_name: str | None, **extra):
    user = UserFactory(is_staff=True, **extra)
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def editor(db, client):
    return _staff_client(client, EDITORS)


@pytest.fixture
def organizer(db, client):
    return _staff_client(client, ORGANIZERS)


@pytest.fixture
def superuser(db, client):
    return _staff_client(client, None, is_superuser=True)


def pytest_report_header(config):
    from django.conf import settings

    from tests.e2e.conftest import CHROMIUM, SKIP_REASON

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    browser = f"browser tests: Chromium at {CHROMIUM}" if CHROMIUM.exists() else SKIP_REASON
    return [f"database: {engine}", browser]
