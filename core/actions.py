"""What this browser did lately (wrote letters, joined the list), so the next page offers
something the supporter has not done yet.

Kept in one small signed cookie holding action names and dates only: no name, email,
ZIP code or id, so it tells nobody who the supporter is. The privacy page names it.
"""

from datetime import date

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

ACTIONS_COOKIE = "actions_done"
_SALT = "core.actions.done"
# The actions a page may ask about; anything else in a cookie is ignored.
LETTER = "letter"
LIST = "list"
KNOWN_ACTIONS = frozenset({LETTER, LIST})


def actions_done(request: HttpRequest) -> dict[str, date]:
    """Each remembered action and the local day it was taken; {} if none or tampered with."""
    raw = request.COOKIES.get(ACTIONS_COOKIE)
    if not raw:
        return {}
    try:
        stored = signing.loads(raw[:500], salt=_SALT, max_age=settings.SESSION_COOKIE_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return {}
    if not isinstance(stored, dict):
        return {}
    done: dict[str, date] = {}
    for name, day in stored.items():
        if name in KNOWN_ACTIONS and isinstance(day, str):
            try:
                done[name] = date.fromisoformat(day)
            except ValueError:
                continue
    return done


def done_today(request: HttpRequest, action: str) -> bool:
    return actions_done(request).get(action) == timezone.localdate()


def action_remember(request: HttpRequest, response: HttpResponse, action: str) -> HttpResponse:
    """Note on `response` that this browser took `action` today; returns the response."""
    if action not in KNOWN_ACTIONS:
        raise ValueError(f"Unknown action {action!r}")
    done = {name: day.isoformat() for name, day in actions_done(request).items()}
    done[action] = timezone.localdate().isoformat()
    response.set_cookie(
        ACTIONS_COOKIE,
        signing.dumps(done, salt=_SALT, compress=True),
        max_age=settings.SESSION_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response
