"""Signed links and values: one module, one salt per purpose, every lifetime from a setting.

A token carries ids only (never an address) and is signed with SECRET_KEY, so nobody
can act for someone else by guessing. The salts are part of every link already sent:
changing one breaks the links in people's inboxes, so they never change.

Lifetimes come from `settings.SIGNED_LINK_MAX_AGE` (seconds per purpose; `None` means
the link never expires, as unsubscribe links must not).
"""

from enum import StrEnum
from typing import Any

from django.conf import settings
from django.core import signing


class Purpose(StrEnum):
    """What a token is for; the value is its salt."""

    SIGNATURE_CONFIRM = "petitions.signature.confirm"
    LETTER_CONFIRM = "petitions.letters.confirm"
    LIST_CONFIRM = "campaign.list.confirm"
    LIST_UNSUBSCRIBE = "campaign.list.unsubscribe"
    LIST_ONE_CLICK = "supporters.lists.unsubscribe"
    LIST_PREFERENCES = "supporters.lists.preferences"
    NEWS_PREVIEW = "campaign.news.preview"
    SIGNER_COOKIE = "petitions.views.signed"
    CALLER_COOKIE = "calls.views.caller"
    WRITE_LINK = "mailings.write"
    CALL_LINK = "mailings.call"


class LinkInvalid(Exception):
    """The token was altered, truncated, made with another key or for another purpose."""


class LinkExpired(LinkInvalid):
    """The token is genuine but older than its purpose allows."""


def max_age(purpose: Purpose) -> int | None:
    return settings.SIGNED_LINK_MAX_AGE[purpose.name]


def make(purpose: Purpose, value: Any) -> str:
    """A URL-safe token carrying `value` (JSON-serialisable) for `purpose`."""
    return signing.dumps(value, salt=purpose.value, compress=True)


def read(purpose: Purpose, token: str) -> Any:
    """The value a token carries; LinkExpired or LinkInvalid when it cannot be trusted."""
    try:
        return signing.loads(token, salt=purpose.value, max_age=max_age(purpose))
    except signing.SignatureExpired:
        raise LinkExpired(purpose.name) from None
    except signing.BadSignature:
        raise LinkInvalid(purpose.name) from None


def read_id(purpose: Purpose, token: str, *, key: str | None = None) -> int:
    """The integer id a token carries (itself, or under `key` in a dict); LinkInvalid else."""
    value = read(purpose, token)
    if key is not None:
        value = value.get(key) if isinstance(value, dict) else None
    if isinstance(value, bool) or not isinstance(value, int):
        raise LinkInvalid(purpose.name)
    return value


def read_any_age(purpose: Purpose, token: str) -> Any:
    """The value of a genuine token however old (for links that may still do something safe,
    such as leaving a list, after they expire); LinkInvalid when it cannot be trusted."""
    try:
        return signing.loads(token, salt=purpose.value, max_age=None)
    except signing.BadSignature:
        raise LinkInvalid(purpose.name) from None


def make_permanent(purpose: Purpose, value: Any) -> str:
    """A token without a timestamp, for links that never expire (one list's unsubscribe):
    the same value always gives the same URL."""
    if max_age(purpose) is not None:
        raise ValueError(f"{purpose.name} links expire; use make()")
    return signing.Signer(salt=purpose.value).sign_object(value, compress=True)


def read_permanent(purpose: Purpose, token: str) -> Any:
    """The value a `make_permanent` token carries; LinkInvalid when it cannot be trusted."""
    try:
        return signing.Signer(salt=purpose.value).unsign_object(token)
    except (signing.BadSignature, ValueError):
        raise LinkInvalid(purpose.name) from None
