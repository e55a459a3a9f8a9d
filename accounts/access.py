"""The one check in front of everything staff look at outside the admin's own login.

`StaffTwoFactorMiddleware` applies it to every admin and /staff/ path; a staff-only view
anywhere else (a signed preview link, a board under another path) is decorated with
`staff_view(...)`, which applies the same second-factor rule and then the permission.
Tests find decorated views by STAFF_VIEW_MARKER and walk them with a password-only session.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from accounts.security import staff_needs_two_factor
from accounts.services import user_has_two_factor

# Set to True on every view staff_view() wraps.
STAFF_VIEW_MARKER = "is_staff_view"

View = Callable[..., HttpResponse]


def second_factor_redirect(request: HttpRequest) -> HttpResponse | None:
    """The way to the second factor for staff who have typed only their password, else None."""
    user = request.user
    if not staff_needs_two_factor(user) or user.is_verified():
        return None
    step = (
        "accounts:two_factor_verify" if user_has_two_factor(user) else "accounts:two_factor_setup"
    )
    return HttpResponseRedirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")


def staff_view(
    *,
    permission: str | None = None,
    allowed: Callable[[Any], bool] | None = None,
    conceal: bool = False,
) -> Callable[[View], View]:
    """Let only staff who passed the second factor, and hold `permission` (or pass
    `allowed(user)`), reach the view.

    Visitors who are not signed in go to the login page and signed-in people who may not
    see the page get 403; with `conceal` both get 404, for links whose existence is itself
    staff-only. Responses are never cached.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                if conceal:
                    raise Http404
                return redirect_to_login(request.get_full_path())
            is_staff = user.is_active and (user.is_staff or user.is_superuser)
            if is_staff and (step := second_factor_redirect(request)) is not None:
                return step
            may = (
                is_staff
                and (permission is None or user.has_perm(permission))
                and (allowed is None or allowed(user))
            )
            if not may:
                if conceal:
                    raise Http404
                raise PermissionDenied
            response = view(request, *args, **kwargs)
            add_never_cache_headers(response)
            return response

        setattr(wrapped, STAFF_VIEW_MARKER, True)
        return wrapped

    return decorator
