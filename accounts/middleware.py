from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from accounts.security import staff_needs_two_factor
from accounts.services import user_has_two_factor


class StaffTwoFactorMiddleware:
    """Sends signed-in staff who have not passed the second factor to enrolment or
    verification before any admin or staff page.

    Runs after django-otp's OTPMiddleware, which tells whether this session was
    verified. The admin's own login and logout stay reachable so the normal admin
    login form is step one and our verification page is step two.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        admin = "/" + settings.ADMIN_URL
        self.protected = (admin, "/staff/")
        self.open = (admin + "login/", admin + "logout/")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if (
            path.startswith(self.protected)
            and not path.startswith(self.open)
            and staff_needs_two_factor(request.user)
            and not request.user.is_verified()
        ):
            step = (
                "accounts:two_factor_verify"
                if user_has_two_factor(request.user)
                else "accounts:two_factor_setup"
            )
            return HttpResponseRedirect(
                f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}"
            )
        return self.get_response(request)
