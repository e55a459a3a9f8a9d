import base64
import math
from collections.abc import Callable
from datetime import datetime
from functools import wraps

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from accounts.forms import CodeForm
from accounts.services import (
    recovery_codes_replace,
    totp_device_confirm,
    totp_device_start,
    two_factor_check,
    two_factor_locked_until,
    user_has_two_factor,
)

# Fresh recovery codes wait here between the POST that makes them and the one page
# that shows them; that page removes them.
RECOVERY_CODES_SESSION_KEY = "accounts_new_recovery_codes"


def staff_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    @login_required
    @never_cache
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not (request.user.is_staff or request.user.is_superuser):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")


def _qr_data_url(text: str) -> str:
    svg = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage).to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


@staff_only
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user_has_two_factor(user):
        # Someone holding only the password must not be able to enrol a new phone.
        if not user.is_verified():
            return redirect(
                f"{reverse('accounts:two_factor_verify')}?next={reverse('accounts:two_factor_setup')}"
            )
        return render(request, "accounts/two_factor_status.html", {"codes_left": _codes_left(user)})

    device = totp_device_start(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = totp_device_confirm(user=user, device=device, token=form.cleaned_data["code"])
        if codes is not None:
            otp_login(request, device)
            request.session[RECOVERY_CODES_SESSION_KEY] = codes
            messages.success(request, _("Two-factor login is on for your account."))
            return redirect(f"{reverse('accounts:recovery_codes')}?next={_next_url(request)}")
        form.add_error(
            "code",
            _("That code did not match. Check the time on your phone and try the newest code."),
        )
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_data_url": _qr_data_url(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": _next_url(request),
        },
        status=400 if form.errors else 200,
    )


def _codes_left(user: object) -> int:
    from django_otp.plugins.otp_static.models import StaticToken

    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@staff_only
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user_has_two_factor(user):
        return redirect(f"{reverse('accounts:two_factor_setup')}?next={_next_url(request)}")
    if user.is_verified():
        return HttpResponseRedirect(_next_url(request))
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        locked_until = two_factor_locked_until(user=user, token=code)
        if locked_until is not None:
            # The right code would be refused too: say so, not "that code did not work".
            form.add_error("code", _waiting_message(locked_until))
            status = 429
        elif (device := two_factor_check(user=user, token=code)) is not None:
            otp_login(request, device)
            return HttpResponseRedirect(_next_url(request))
        else:
            form.add_error(
                "code",
                _(
                    "That code did not work. Try the newest code from your app, "
                    "or one of your recovery codes."
                ),
            )
    if form.errors and status == 200:
        status = 400
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": _next_url(request)},
        status=status,
    )


def _waiting_message(locked_until: datetime) -> str:
    seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
    if seconds < 60:
        wait = ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}
    else:
        minutes = math.ceil(seconds / 60)
        wait = ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    return _(
        "After several wrong codes this account is waiting: no code, not even the right "
        "one, is accepted for %(wait)s. Then enter the newest code from your app."
    ) % {"wait": wait}


@staff_only
@require_http_methods(["GET"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    if not codes:
        messages.info(
            request, _("Recovery codes are shown only once. Make a new set if you lost them.")
        )
        return redirect("accounts:two_factor_setup")
    return render(
        request, "accounts/recovery_codes.html", {"codes": codes, "next": _next_url(request)}
    )


@staff_only
@require_POST
def recovery_codes_new(request: HttpRequest) -> HttpResponse:
    if not request.user.is_verified():
        return redirect(
            f"{reverse('accounts:two_factor_verify')}?next={reverse('accounts:two_factor_setup')}"
        )
    request.session[RECOVERY_CODES_SESSION_KEY] = recovery_codes_replace(user=request.user)
    return redirect("accounts:recovery_codes")


def lockout(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """The page django-axes shows instead of the login form once a login is locked out."""
    cooloff = settings.AXES_COOLOFF_TIME
    minutes = int(cooloff.total_seconds() // 60) if cooloff else 0
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes}
    return render(request, "accounts/lockout.html", context, status=429)


@require_http_methods(["GET", "HEAD"])
def privacy(request: HttpRequest) -> HttpResponse:
    context = {"retention_days": settings.RETENTION_DAYS, "privacy_contact": settings.PRIVACY_EMAIL}
    return render(request, "accounts/privacy.html", context)
