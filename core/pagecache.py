"""Whole-page cache for the public pages, shared by every app server through the cache.

A campaign email sends a crowd of first-time visitors to the same few pages. None of them has a
session yet, so they all see the same page, and rendering it once a minute is enough. Visitors
with a session (staff, anyone writing to their lawmakers), with a flash message waiting, or who
signed a petition from this browser always get a freshly rendered page.

Each page's CSRF form token is personal, so it is stored as a placeholder and the visitor's own
token is put in when the page is served; Django's CSRF middleware (above this one) then sets the
cookie exactly as it would for a rendered page.

Any change an editor or organizer saves to public content (a post, a page, a petition, a
lawmaker...) starts a new generation, so no cached page outlives the content it shows.

Some pages differ by URL only in a value they repeat (the lawmakers for ZIP 53703 and for 53704
are the same two senators and representative). `shared_page` keeps one copy of such a page per
shape, with placeholders for the value, and fills them in per request, so a crowd arriving with
thousands of different ZIP codes costs a few thousand renders instead of one each. Requests
of the shape such a page answers are not looked up under their own address at all.

Each process also keeps the pages it served, and for PAGE_CACHE_LOCAL_SECONDS after asking the
shared cache for the generation it serves them without asking again: a page served a thousand
times a second costs one request to the shared cache a second, not a thousand. An editor's
change reaches the other processes within that time.
"""

import hashlib
import re
import secrets
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token

# Cookies the cache must know about, named here so the apps that set them import them.
# A signer's browser gets fresh pages (their thank-you state); a dismissed banner varies the page.
SIGNED_COOKIE = "petitions_signed"
BANNER_DISMISS_COOKIE = "banner_dismissed"

# The public pages that look the same for every visitor without a session.
CACHEABLE_VIEWS = frozenset(
    {
        "campaign:home",
        "campaign:news_list",
        "campaign:news_detail",
        "campaign:page",
        "campaign:event_list",
        "campaign:event_detail",
        "legislators:find",
        "legislators:directory",
        "legislators:detail",
        "whip:scorecard",
        "legislators:api_lookup",
        "petitions:list",
        "petitions:detail",
        # The ZIP step only: pages with a caller's lawmakers are private and never stored.
        "calls:call",
    }
)

# Content that shows on the pages above; saving or deleting one starts a new generation.
# Rows that supporters create by the thousand (signatures, letters...) are left out: the pages
# show them only as counts, which have their own short-lived cache.
CONTENT_APPS = frozenset({"campaign", "legislators", "petitions", "calls", "whip"})
# An admin action that updates rows in bulk fires no save signal but always logs an entry.
CHANGE_LOG_MODELS = frozenset({"admin.logentry"})
HIGH_VOLUME_MODELS = frozenset(
    {
        "petitions.signature",
        "petitions.signaturecounter",
        "calls.callreport",
        "legislators.cosponsorshipevent",
        "whip.whipstatus",
        "whip.whipstatuschange",
    }
)

GENERATION_KEY = "pagecache:generation"
# Set on a request the page cache may serve to anyone: the generation its pages belong to.
REQUEST_GENERATION = "page_cache_generation"
# Set on a response that must not be stored under its URL (a shared page keeps its own copy).
NOT_STORED = "page_cache_not_stored"
HIT_HEADER = "X-Page-Cache"
CSRF_PLACEHOLDER = b"@@csrf-token@@"
_CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{64}(")')
# Headers that belong to one response, not to the page.
_PER_RESPONSE_HEADERS = frozenset({"set-cookie", "content-length", HIT_HEADER.lower()})


def new_generation() -> None:
    """Make every cached page stale (call after changing anything the public pages show).

    This process sees the change at once, the others within PAGE_CACHE_LOCAL_SECONDS.
    """
    generation = secrets.token_hex(8)
    cache.set(GENERATION_KEY, generation, None)
    _local.update(generation=None, read_at=0.0, pages={}, size=0, shared_queries=set())


def content_changed(sender: type[Model], **kwargs: Any) -> None:
    """post_save / post_delete receiver: a change to public content starts a new generation."""
    meta = sender._meta
    if meta.label_lower in CHANGE_LOG_MODELS or (
        meta.app_label in CONTENT_APPS and meta.label_lower not in HIGH_VOLUME_MODELS
    ):
        new_generation()


def _page_key(request: HttpRequest) -> str:
    # The dismissed banner is the only cookie that changes a page for a visitor without a
    # session; the language is already settled by LocaleMiddleware.
    place = "\n".join(
        (
            request.get_host(),
            request.get_full_path(),
            request.COOKIES.get(BANNER_DISMISS_COOKIE, ""),
        )
    )
    digest = hashlib.blake2b(place.encode(), digest_size=16).hexdigest()
    return f"pagecache:{request.LANGUAGE_CODE}:{digest}"


def _eligible(request: HttpRequest) -> bool:
    # A session (staff, letter writers), a message waiting, or the petitions this browser
    # signed (so signers see their own signature counted) make a page personal.
    personal = (settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name, SIGNED_COOKIE)
    return request.method == "GET" and not any(name in request.COOKIES for name in personal)


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    match = request.resolver_match
    if (
        response.status_code != 200
        or response.streaming
        or match is None
        or match.view_name not in CACHEABLE_VIEWS
        or response.cookies
        or getattr(response, NOT_STORED, False)
    ):
        return False
    cache_control = response.get("Cache-Control", "")
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    session = getattr(request, "session", None)
    return not (session is not None and session.modified)


class PageCacheMiddleware:
    """Serves and stores whole public pages; sits right below CsrfViewMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or not _eligible(request):
            return self.get_response(request)
        key = _page_key(request)
        now = time.monotonic()
        generation = _trusted_generation(now)
        entry = _local_entry(key, generation) if generation else None
        if entry is None and generation and _answered_by_shared_page(request):
            # Such pages are never stored under their own address (see shared_page): asking
            # the shared cache for it would only cost a round trip.
            setattr(request, REQUEST_GENERATION, generation)
            return self._render(request, key, generation, seconds)
        if entry is None:
            found = cache.get_many([GENERATION_KEY, key])
            generation = found.get(GENERATION_KEY)
            if generation is None:
                # First request since the cache was emptied: start a generation, unless
                # another request has just started one.
                generation = secrets.token_hex(8)
                if not cache.add(GENERATION_KEY, generation, None):
                    generation = cache.get(GENERATION_KEY)
            _remember_generation(generation, now)
            entry = _local_entry(key, generation)
            if entry is None:
                entry = found.get(key)
                if entry is not None and entry["generation"] == generation:
                    _keep_local(key, entry)
                else:
                    entry = None
        if entry is not None:
            return _serve(request, entry)
        setattr(request, REQUEST_GENERATION, generation)
        return self._render(request, key, generation, seconds)

    def _render(
        self, request: HttpRequest, key: str, generation: str, seconds: int
    ) -> HttpResponse:
        response = self.get_response(request)
        if _storable(request, response):
            self._store(key, generation, response, seconds)
        return response

    def _store(self, key: str, generation: str, response: HttpResponse, seconds: int) -> None:
        entry = _entry(generation, response)
        if entry is not None:
            cache.set(key, entry, seconds)
            _keep_local(key, entry)


def _entry(generation: str, response: HttpResponse) -> dict | None:
    """What is kept of a response: None if it holds a CSRF token we cannot take out."""
    body = response.content
    forms = body.count(b"csrfmiddlewaretoken")
    body, replaced = _CSRF_INPUT.subn(rb"\1" + CSRF_PLACEHOLDER + rb"\2", body)
    if replaced != forms:
        # A token somewhere we do not recognise would be shown to everyone: skip the page.
        return None
    headers = [
        (name, value)
        for name, value in response.items()
        if name.lower() not in _PER_RESPONSE_HEADERS
    ]
    return {
        "generation": generation,
        # Wall-clock time, so every process lets the copy go when the shared cache does.
        "expires": time.time() + settings.PAGE_CACHE_SECONDS,
        "status": response.status_code,
        "headers": headers,
        "body": body,
        "csrf": replaced > 0,
    }


def _serve(
    request: HttpRequest, entry: dict, fill: dict[bytes, bytes] | None = None, *, hit: bool = True
) -> HttpResponse:
    body = entry["body"]
    # Filled in first: a part put in may hold a form, with the CSRF placeholder in it.
    for placeholder, value in (fill or {}).items():
        body = body.replace(placeholder, value)
    if entry["csrf"] or CSRF_PLACEHOLDER in body:
        body = body.replace(CSRF_PLACEHOLDER, get_token(request).encode())
    response = HttpResponse(body, status=entry["status"])
    for name, value in entry["headers"]:
        response[name] = value
    if hit:
        response[HIT_HEADER] = "hit"
    return response


# Pages this process has at hand, for one generation only: a new generation empties it. Up
# to PAGE_CACHE_LOCAL_SECONDS after reading the generation from the shared cache, the process
# trusts it and serves its own copies without asking the shared cache at all.
_local: dict[str, Any] = {
    "generation": None,
    "read_at": 0.0,
    "pages": {},
    "size": 0,
    # Request shapes that shared_page answers (see _answered_by_shared_page).
    "shared_queries": set(),
}
MAX_LOCAL_BYTES = 32 * 1024 * 1024


def _trusted_generation(now: float) -> str | None:
    generation = _local["generation"]
    if generation is not None and now - _local["read_at"] < settings.PAGE_CACHE_LOCAL_SECONDS:
        return generation
    return None


def _remember_generation(generation: str, now: float) -> None:
    if _local["generation"] != generation:
        _local.update(generation=generation, pages={}, size=0, shared_queries=set())
    _local["read_at"] = now


def _query_shape(request: HttpRequest) -> tuple[str, tuple[str, ...]]:
    return (request.path, tuple(request.GET))


def _answered_by_shared_page(request: HttpRequest) -> bool:
    """True when a request of this shape (address, names of the query's fields) was answered
    by shared_page in this generation: its page lives under the shared key, not its URL.

    A request of that shape that the view answers some other way (a ZIP code written with
    its +4, say) is only rendered, and kept in this process, without asking the shared cache.
    """
    return _query_shape(request) in _local["shared_queries"]


def _local_entry(key: str, generation: str) -> dict | None:
    entry = _local["pages"].get(key)
    if entry is None or entry["generation"] != generation or entry.get("expires", 0) < time.time():
        return None
    return entry


def _keep_local(key: str, entry: dict) -> None:
    if entry["generation"] != _local["generation"]:
        return
    if _local["size"] > MAX_LOCAL_BYTES:
        _local.update(pages={}, size=0)
    _local["pages"][key] = entry
    _local["size"] += len(entry["body"])


def shared_page(
    request: HttpRequest,
    shape: tuple,
    fill: dict[bytes, bytes],
    render: Callable[[], HttpResponse],
) -> HttpResponse | None:
    """The page for `shape`, rendered once with placeholders and filled in for this request.

    `shape` must hold everything the page shows except the values in `fill` (placeholder ->
    this request's bytes, put in in order; a value may hold the CSRF placeholder, which
    becomes the visitor's token); `render` renders it with the placeholders in place of those
    values.
    Returns None when the request may not get a page shared with others (a session, a message,
    the cache off): the caller renders it as usual. Copies live in this process and in the
    shared cache, for the page cache's lifetime and generation.
    """
    generation = getattr(request, REQUEST_GENERATION, None)
    if generation is None:
        return None
    place = repr(
        (
            request.get_host(),
            request.path,
            request.LANGUAGE_CODE,
            request.COOKIES.get(BANNER_DISMISS_COOKIE, ""),
            shape,
        )
    )
    key = "pagecache:shared:" + hashlib.blake2b(place.encode(), digest_size=16).hexdigest()
    entry = _local_entry(key, generation)
    hit = True
    if entry is None:
        entry = cache.get(key)
        if entry is None or entry["generation"] != generation or entry["expires"] < time.time():
            hit = False
            response = render()
            entry = _entry(generation, response) if response.status_code == 200 else None
            if entry is None:
                setattr(response, NOT_STORED, True)
                return response
            cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
        _keep_local(key, entry)
    if generation == _local["generation"]:
        _local["shared_queries"].add(_query_shape(request))
    response = _serve(request, entry, fill, hit=hit)
    setattr(response, NOT_STORED, True)
    return response
