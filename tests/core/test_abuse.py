"""Honeypot, rate limits and IP hashing shared by every public form."""

import pytest
import time_machine
from django.core.cache import cache
from django.test import RequestFactory

from core import abuse


def test_hash_ip_is_keyed_and_stable(settings):
    settings.IP_HASH_SALT = ""
    first = abuse.hash_ip("203.0.113.7")
    assert first == abuse.hash_ip("203.0.113.7")
    assert "203.0.113.7" not in first
    assert len(first) == 64
    settings.IP_HASH_SALT = "another-salt"
    assert abuse.hash_ip("203.0.113.7") != first


def test_hash_ip_depends_on_secret_key_when_no_salt(settings):
    settings.IP_HASH_SALT = ""
    before = abuse.hash_ip("203.0.113.7")
    settings.SECRET_KEY = "a-different-secret-key-for-this-test-only-0123456789abcdef"
    assert abuse.hash_ip("203.0.113.7") != before


def test_honeypot():
    assert abuse.honeypot_tripped({"website": "http://spam.example"})
    assert not abuse.honeypot_tripped({"website": ""})
    assert not abuse.honeypot_tripped({"website": "   "})
    assert not abuse.honeypot_tripped({})


def test_client_ip_ignores_forwarded_header_unless_proxies_are_trusted(settings):
    request = RequestFactory().post(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.4"
    )
    settings.TRUSTED_PROXY_COUNT = 0
    assert abuse.client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    # The left part is whatever the client sent; only the proxy's entry counts.
    assert abuse.client_ip(request) == "198.51.100.4"


def test_per_ip_limit_blocks_after_the_count_and_resets_next_window(settings):
    settings.RATE_LIMITS = {"sign": {"ip": (3, 60), "email": (100, 60)}}
    with time_machine.travel("2026-11-24 12:00:00 +0000", tick=False) as traveller:
        results = [abuse.rate_limited(action="sign", ip="203.0.113.9") for _ in range(4)]
        assert results == [False, False, False, True]
        # Another address is counted separately.
        assert not abuse.rate_limited(action="sign", ip="203.0.113.10")
        traveller.shift(61)
        assert not abuse.rate_limited(action="sign", ip="203.0.113.9")


def test_per_email_limit_is_case_and_space_insensitive(settings):
    settings.RATE_LIMITS = {"sign": {"ip": (100, 60), "email": (2, 3600)}}
    assert not abuse.rate_limited(action="sign", email="Ana@Example.com")
    assert not abuse.rate_limited(action="sign", email=" ana@example.com ")
    assert abuse.rate_limited(action="sign", email="ANA@example.com")
    assert not abuse.rate_limited(action="sign", email="other@example.com")


def test_limits_are_per_action(settings):
    settings.RATE_LIMITS = {"sign": {"ip": (1, 60)}, "letter": {"ip": (1, 60)}}
    assert not abuse.rate_limited(action="sign", ip="203.0.113.9")
    assert not abuse.rate_limited(action="letter", ip="203.0.113.9")
    assert abuse.rate_limited(action="sign", ip="203.0.113.9")


def test_unknown_action_uses_defaults():
    assert abuse.limits_for("nothing-configured") == {
        kind: abuse.Limit(*pair) for kind, pair in abuse.DEFAULT_LIMITS.items()
    }


def test_cache_keys_hold_no_personal_data(settings):
    settings.RATE_LIMITS = {"sign": {"ip": (5, 60), "email": (5, 60)}}
    abuse.rate_limited(action="sign", ip="203.0.113.9", email="ana@example.com")
    if hasattr(cache._cache, "get_client"):  # Redis
        keys = [key.decode() for key in cache._cache.get_client().keys("*")]
    else:  # locmem keeps its keys in a dict
        keys = list(cache._cache.keys())
    assert keys
    assert not any("203.0.113.9" in key or "ana@example.com" in key for key in keys)


def test_screen_blocks_honeypot_and_rate_limit_politely(db, settings):
    settings.RATE_LIMITS = {"sign": {"ip": (1, 60), "email": (10, 60)}}
    factory = RequestFactory()
    trap = factory.post("/", {"website": "spam"}, REMOTE_ADDR="203.0.113.9")
    response = abuse.screen(trap, action="sign")
    assert response.status_code == 400
    assert "Please wait a few minutes" in response.content.decode()

    clean = factory.post("/", {"website": ""}, REMOTE_ADDR="203.0.113.20")
    assert abuse.screen(clean, action="sign") is None
    response = abuse.screen(clean, action="sign")
    assert response.status_code == 429
    assert response["Retry-After"] == "300"


@pytest.fixture(params=["configured", "memory"])
def any_cache(request):
    """The configured cache (Redis in CI), then a per-process one: both count the same."""
    if request.param == "memory":
        return request.getfixturevalue("memory_cache")
    return cache


def test_ip_and_email_windows_are_both_counted_on_every_attempt(any_cache, settings):
    settings.RATE_LIMITS = {"sign": {"ip": (2, 600), "email": (3, 3600)}}
    attempts = [
        abuse.rate_limited(action="sign", ip="203.0.113.9", email=f"a{n}@example.com")
        for n in range(3)
    ]
    assert attempts == [False, False, True]
    # The blocked attempt still counted against its email: a new address alone passes once.
    assert not abuse.rate_limited(action="sign", email="a2@example.com")
    assert not abuse.rate_limited(action="sign", email="a2@example.com")
    assert abuse.rate_limited(action="sign", email="a2@example.com")


def test_a_zero_limit_refuses_every_attempt(any_cache, settings):
    settings.RATE_LIMITS = {"sign": {"ip": (0, 600), "email": (5, 3600)}}
    assert abuse.rate_limited(action="sign", ip="203.0.113.9", email="ana@example.com")
    assert not abuse.rate_limited(action="sign", email="ana@example.com")


@pytest.mark.skipif(
    not hasattr(cache._cache, "get_client"), reason="Redis keeps its own expiry times"
)
def test_rate_limit_windows_expire_in_redis(settings):
    settings.RATE_LIMITS = {"sign": {"ip": (5, 60), "email": (5, 3600)}}
    abuse.rate_limited(action="sign", ip="203.0.113.9", email="ana@example.com")
    client = cache._cache.get_client()
    ttls = sorted(client.ttl(key) for key in client.keys("*abuse:sign:*"))
    # Every window's counter expires with its window, never lives on without an expiry.
    assert len(ttls) == 2
    assert 0 < ttls[0] <= 61 and 61 < ttls[1] <= 3601
