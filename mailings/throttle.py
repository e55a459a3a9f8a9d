"""One sending rate shared by every worker: messages per second, counted in the cache.

The algorithm is a fixed one-second window. Each second of the clock (Unix time, whole
seconds) has its own counter in Django's cache; a worker that wants to send `n` messages adds
`n` to the current second's counter in one atomic step and may send as many of them as still
fit under the rate. When nothing fits it sleeps until the next second starts and asks again.
Counters live a few seconds and then expire.

- Shared: with Redis (production) every worker on every machine counts in the same
  counter, so together they never pass `MAILING_RATE` messages in any one clock second. With
  the per-process memory cache (one machine, one worker) each process counts alone.
- Cheap: a worker takes up to a tenth of a second's allowance at once, so one round trip to
  Redis covers several messages rather than one each.
- Its limit: two full windows back to back can put up to twice the rate into one second
  that straddles their boundary; mail providers count over minutes and hours, where the
  average is exact. Allowance taken but not used (a batch that ended early) is lost for
  that second, so the real rate can only be lower than the setting, never higher.
- If the cache cannot be reached, each worker keeps to its own share (the rate divided by
  `MAILING_WORKERS`) by its own clock, so a cache outage slows a send but never speeds it up.
"""

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches

from config.redis_cache import RedisCache

logger = logging.getLogger(__name__)

KEY_PREFIX = "mailings:rate"
# Long enough for workers whose clocks differ by a second or two to share a window's key.
KEY_TTL_SECONDS = 5


def _take_redis(backend: RedisCache, key: str, n: int) -> int:
    # SET NX EX starts the window with its expiry and INCRBY counts, in one MULTI/EXEC: a
    # key cannot expire between the two and live on without an expiry.
    client = backend._cache.get_client(write=True)
    full_key = backend.make_and_validate_key(key)
    with client.pipeline(transaction=True) as pipe:
        pipe.set(full_key, 0, ex=KEY_TTL_SECONDS, nx=True)
        pipe.incrby(full_key, n)
        replies = pipe.execute()
    return int(replies[1])


def _take_cache(key: str, n: int) -> int:
    cache = caches["default"]
    cache.add(key, 0, timeout=KEY_TTL_SECONDS)
    try:
        return cache.incr(key, n)
    except ValueError:
        # Expired between add and incr: a fresh window.
        cache.add(key, n, timeout=KEY_TTL_SECONDS)
        return n


def count_in_window(second: int, n: int) -> int:
    """Add `n` to the counter of clock second `second`; the count after adding."""
    key = f"{KEY_PREFIX}:{second}"
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        return _take_redis(backend, key, n)
    return _take_cache(key, n)


class Throttle:
    """Hands out permission to send, `take()` at a time, within the shared rate."""

    def __init__(
        self,
        rate: int | None = None,
        *,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.rate = settings.MAILING_RATE if rate is None else rate
        self.clock = clock
        self.sleep = sleep
        self.allowance = 0
        # Without the cache: this process's share, paced locally.
        self._local_next = 0.0

    @property
    def chunk(self) -> int:
        return max(1, self.rate // 10)

    def wait(self) -> None:
        """Block until one more message may go out."""
        if self.rate <= 0:
            return
        while self.allowance <= 0:
            self.allowance = self._take(self.chunk)
        self.allowance -= 1

    def _take(self, wanted: int) -> int:
        now = self.clock()
        second = int(now)
        try:
            after = count_in_window(second, wanted)
        except Exception:
            logger.warning("The sending throttle cannot reach the cache", exc_info=True)
            return self._take_local(now)
        granted = min(wanted, self.rate - (after - wanted))
        if granted > 0:
            return granted
        # This second is used up: wait for the next one.
        self.sleep(max(0.0, second + 1 - now))
        return 0

    def _take_local(self, now: float) -> int:
        share = max(1, self.rate // settings.MAILING_WORKERS)
        if now < self._local_next:
            self.sleep(self._local_next - now)
        self._local_next = max(now, self._local_next) + 1 / share
        return 1
