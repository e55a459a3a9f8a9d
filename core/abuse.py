"""The one abuse gate for every public form that accepts a POST.

A view that takes submissions from the public (signing a petition, writing a
letter, registering for an event, joining the list, a street-address lookup)
calls `screen()` before it stores or looks up anything:

    blocked = abuse.screen(request, action="sign", email=form.cleaned_data["email"])
    if blocked:
        return blocked

and renders `{% include "partials/_honeypot.html" %}` inside its <form>. A tripped
honeypot gets a 400 page and a rate limit a 429 page; neither stores anything.

Rate limits are fixed windows counted in Django's cache, so with Redis
(production) they hold across every app server. On Redis all of a submission's
counters are counted in one round trip (a MULTI of SET NX EX and INCR per key);
other caches use an atomic `add` + `incr` per key.
Limits come from `settings.RATE_LIMITS` ({action: {"ip": (count, seconds),
"email": (count, seconds)}}), with `DEFAULT_LIMITS` for actions not listed.
IP addresses and emails only ever reach the cache as salted hashes.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

# A text input real people never see (hidden by CSS and from assistive tech);
# bots that fill every field fill this one too.
HONEYPOT_FIELD = "website"

DEFAULT_LIMITS: dict[str, tuple[int, int]] = {
    "ip": (60, 600),
    "email": (5, 3600),
}

BLOCKED_TITLE = _("Please wait a moment")
BLOCKED_MESSAGE = _(
    "Thank you for taking action! We received several submissions from your "
    "connection in a short time, so we paused this one and saved nothing. "
    "Please wait a few minutes and try again."
)


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int


# The HMAC salts below are fixed strings that never follow the module path: stored hashes
# must keep matching the ones made now.
def hash_ip(ip: str) -> str:
    """The salted hash we store instead of an IP address (HMAC-SHA256).

    The key is `settings.IP_HASH_SALT` when set, otherwise derived from
    SECRET_KEY; either way an address cannot be recovered by hashing the
    whole IPv4 space without the secret.
    """
    secret = getattr(settings, "IP_HASH_SALT", "") or settings.SECRET_KEY
    return salted_hmac("petitions.abuse.ip", ip, secret=secret, algorithm="sha256").hexdigest()


def _hash_key(kind: str, value: str) -> str:
    secret = getattr(settings, "IP_HASH_SALT", "") or settings.SECRET_KEY
    digest = salted_hmac(f"petitions.abuse.{kind}", value, secret=secret, algorithm="sha256")
    # 32 hex characters keep cache keys short and still collision-free in practice.
    return digest.hexdigest()[:32]


def request_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or, behind TRUSTED_PROXY_COUNT proxies, the
    X-Forwarded-For entry the outermost trusted proxy added (earlier ones can be forged)."""
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


def client_ip(request: HttpRequest) -> str:
    """The client's address as rate limits key it ("unknown" when there is none)."""
    return request_ip(request) or "unknown"


def honeypot_tripped(data: object) -> bool:
    """True when the hidden field came back filled in."""
    value = data.get(HONEYPOT_FIELD, "") if hasattr(data, "get") else ""
    return bool(str(value).strip())


def limits_for(action: str) -> dict[str, Limit]:
    configured = getattr(settings, "RATE_LIMITS", {}).get(action, {})
    merged = {**DEFAULT_LIMITS, **configured}
    return {kind: Limit(count=int(pair[0]), seconds=int(pair[1])) for kind, pair in merged.items()}


def _window_key(*, action: str, kind: str, value: str, limit: Limit) -> str:
    window = int(time.time() // limit.seconds)
    return f"abuse:{action}:{kind}:{_hash_key(kind, value)}:{window}"


def _count_redis(backend: RedisCache, counters: list[tuple[str, int]]) -> list[int]:
    # One MULTI/EXEC for every counter: SET NX EX starts a window with its expiry, INCR
    # counts. Run together, a key cannot expire between the two and live on without one.
    # Keys are made as the backend makes them, and integers are stored unpickled as it
    # stores them, so cache.get() reads these counters like any others.
    client = backend._cache.get_client(write=True)  # the backend's own way to its server
    with client.pipeline(transaction=True) as pipe:
        for key, timeout in counters:
            full_key = backend.make_and_validate_key(key)
            pipe.set(full_key, 0, ex=timeout, nx=True)
            pipe.incr(full_key)
        replies = pipe.execute()
    return [int(count) for count in replies[1::2]]


def _count_one(key: str, timeout: int) -> int:
    # `add` only creates the counter when missing (atomic in Redis and locmem);
    # `incr` is atomic too, so concurrent app servers never lose a count.
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:
        # The key expired between add and incr: this is the first hit of a new window.
        cache.add(key, 1, timeout=timeout)
        return 1


def count_hits(counters: list[tuple[str, int]]) -> list[int]:
    """Add one to each (key, timeout) counter in the cache; the counts after adding."""
    if not counters:
        return []
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        return _count_redis(backend, counters)
    return [_count_one(key, timeout) for key, timeout in counters]


def rate_limited(*, action: str, ip: str = "", email: str = "") -> bool:
    """Count one attempt for `action` against each key given; True when any limit is exceeded.

    Every key is counted even when an earlier one already failed, so a client
    cannot dodge the per-IP limit by cycling email addresses.
    """
    limits = limits_for(action)
    blocked = False
    windows: list[tuple[str, Limit]] = []
    for kind, value in (("ip", ip), ("email", email.strip().lower())):
        if not value or kind not in limits:
            continue
        limit = limits[kind]
        if limit.count <= 0:
            blocked = True  # a limit of 0 refuses every attempt; nothing to count
            continue
        windows.append((_window_key(action=action, kind=kind, value=value, limit=limit), limit))
    counts = count_hits([(key, limit.seconds + 1) for key, limit in windows])
    over = any(count > limit.count for count, (_, limit) in zip(counts, windows, strict=True))
    return blocked or over


def blocked_response(request: HttpRequest, *, status: int = 429) -> HttpResponse:
    """The polite page a blocked request gets; nothing has been stored."""
    response = render(
        request,
        "partials/blocked.html",
        {"title": BLOCKED_TITLE, "message": BLOCKED_MESSAGE},
        status=status,
    )
    if status == 429:
        response["Retry-After"] = "300"
    return response


def screen(request: HttpRequest, *, action: str, email: str = "") -> HttpResponse | None:
    """Check the honeypot and the rate limits for one submission.

    Returns the response to send back when the request is blocked, or None
    when it may go ahead. Call it before storing anything.
    """
    if honeypot_tripped(request.POST):
        return blocked_response(request, status=400)
    if rate_limited(action=action, ip=client_ip(request), email=email):
        return blocked_response(request, status=429)
    return None
