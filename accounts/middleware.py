from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from accounts.access import second_factor_redirect
from core.i18n import without_language_prefix


class StaffTwoFactorMiddleware:
    """Sends signed-in staff who have not passed the second factor to enrolment or
    verification before any admin or staff page.

    Runs after django-otp's OTPMiddleware, which tells whether this session was
    verified. The admin's own login and logout stay reachable so the normal admin
    login form is step one and our verification page is step two. Staff-only views
    under other paths apply the same rule through accounts.access.staff_view.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        admin = "/" + settings.ADMIN_URL
        self.protected = (admin, "/staff/")
        self.open = (admin + "login/", admin + "logout/")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # /es/staff/… is the same page as /staff/….
        path = without_language_prefix(request.path_info)
        if path.startswith(self.protected) and not path.startswith(self.open):
            step = second_factor_redirect(request)
            if step is not None:
                return step
        return self.get_response(request)
