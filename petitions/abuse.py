"""Abuse control shared by every public form that stores something.

A form that accepts submissions from the public (signing a petition, writing a
letter, joining the list) calls `screen()` before it stores anything:

    blocked = abuse.screen(request, action="sign", email=form.cleaned_data["email"])
    if blocked:
        return blocked

and renders `{% include "petitions/_honeypot.html" %}` inside its <form>.

Rate limits are fixed windows counted in Django's cache with an atomic
`add` + `incr`, so with Redis (production) they hold across every app server.
Limits come from `settings.RATE_LIMITS` ({action: {"ip": (count, seconds),
"email": (count, seconds)}}), with `DEFAULT_LIMITS` for actions not listed.
IP addresses and emails only ever reach the cache as salted hashes.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from accounts import security

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


def client_ip(request: HttpRequest) -> str:
    """The client's address, trusting only TRUSTED_PROXY_COUNT proxies (see accounts)."""
    return security.client_ip(request) or "unknown"


def honeypot_tripped(data: object) -> bool:
    """True when the hidden field came back filled in."""
    value = data.get(HONEYPOT_FIELD, "") if hasattr(data, "get") else ""
    return bool(str(value).strip())


def limits_for(action: str) -> dict[str, Limit]:
    configured = getattr(settings, "RATE_LIMITS", {}).get(action, {})
    merged = {**DEFAULT_LIMITS, **configured}
    return {kind: Limit(count=int(pair[0]), seconds=int(pair[1])) for kind, pair in merged.items()}


def hit(*, action: str, kind: str, value: str, limit: Limit) -> bool:
    """Count one attempt in the current window; True while still within the limit."""
    if limit.count <= 0:
        return False
    window = int(time.time() // limit.seconds)
    key = f"abuse:{action}:{kind}:{_hash_key(kind, value)}:{window}"
    # `add` only creates the counter when missing (atomic in Redis and locmem);
    # `incr` is atomic too, so concurrent app servers never lose a count.
    cache.add(key, 0, timeout=limit.seconds + 1)
    try:
        count = cache.incr(key)
    except ValueError:
        # The key expired between add and incr: this is the first hit of a new window.
        cache.add(key, 1, timeout=limit.seconds + 1)
        count = 1
    return count <= limit.count


def rate_limited(*, action: str, ip: str = "", email: str = "") -> bool:
    """Count one attempt for `action` against each key given; True when any limit is exceeded.

    Every key is counted even when an earlier one already failed, so a client
    cannot dodge the per-IP limit by cycling email addresses.
    """
    limits = limits_for(action)
    allowed = True
    for kind, value in (("ip", ip), ("email", email.strip().lower())):
        if value and kind in limits:
            allowed = hit(action=action, kind=kind, value=value, limit=limits[kind]) and allowed
    return not allowed


def blocked_response(request: HttpRequest, *, status: int = 429) -> HttpResponse:
    """The polite page a blocked request gets; nothing has been stored."""
    response = render(
        request,
        "petitions/blocked.html",
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
