"""The Redis cache backend: the stock behaviour, one Redis client per pool, shared by threads."""

import os
import threading

import pytest

from config.redis_cache import RedisCache

REDIS_URL = os.environ.get("REDIS_URL", "")

pytestmark = pytest.mark.skipif(
    not REDIS_URL.startswith("redis"), reason="needs REDIS_URL (CI sets it)"
)


@pytest.fixture
def redis_cache():
    cache = RedisCache(REDIS_URL, {"KEY_PREFIX": "redis-cache-test"})
    cache.clear()
    yield cache
    cache.clear()


def test_values_round_trip_with_timeouts_and_many_keys(redis_cache):
    redis_cache.set("page", {"body": b"<html>", "generation": "a1"}, 60)
    assert redis_cache.get("page") == {"body": b"<html>", "generation": "a1"}
    assert redis_cache.add("page", "other", 60) is False
    redis_cache.set_many({"one": 1, "two": 2}, 60)
    assert redis_cache.get_many(["one", "two", "three"]) == {"one": 1, "two": 2}
    assert redis_cache.incr("one") == 2
    redis_cache.set("gone", "soon", 0)  # a zero timeout stores nothing, as in Django
    assert redis_cache.get("gone") is None
    redis_cache.delete("page")
    assert redis_cache.get("page", "missing") == "missing"


def test_one_client_serves_every_call_and_every_thread(redis_cache):
    client = redis_cache._cache.get_client(write=True)
    assert redis_cache._cache.get_client() is client
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for i in range(50):
                redis_cache.set(f"thread-{n}-{i}", i, 60)
                assert redis_cache.get(f"thread-{n}-{i}") == i
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert redis_cache.get_many([f"thread-{n}-49" for n in range(8)]) == {
        f"thread-{n}-49": 49 for n in range(8)
    }
