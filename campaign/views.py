import logging
from dataclasses import fields as dataclass_fields

from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from campaign import services
from campaign.forms import EventRegistrationForm, ListSignupForm
from campaign.ics import event_calendar
from campaign.models import Event
from campaign.services import RegistrationDetails

logger = logging.getLogger(__name__)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "campaign/home.html")


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors here: whatever broke the request may break them too.
    try:
        body = loader.get_template("500.html").render({"request": request})
    except Exception:
        logger.exception("The error page itself failed to render")
        body = (
            "<h1>Server error</h1><p>Something went wrong on our side. Please try again soon.</p>"
        )
    return HttpResponseServerError(body)


# Events and the email list ---------------------------------------------------------------------

PAST_EVENTS_SHOWN = 12


def _rate_limited(request: HttpRequest, *, scope: str) -> bool:
    """Hook for the shared limiter in petitions/abuse.py; nothing is limited until it lands.

    Called before any form that writes; when it says yes the view answers 429 with the
    form and a message, and stores nothing.
    """
    return False


def _too_many_attempts(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    context["rate_limited"] = True
    return render(request, template, context, status=429)


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    events = Event.objects.published().with_registration_count()
    return render(
        request,
        "campaign/event_list.html",
        {
            "upcoming": list(events.upcoming(now)),
            "past": list(events.past(now)[:PAST_EVENTS_SHOWN]),
            "now": now,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event.objects.published().with_registration_count(), slug=slug)
    status = event.registration_status()
    form = EventRegistrationForm(request.POST if request.method == "POST" else None)
    context = {"event": event, "status": status, "form": form}
    template = "campaign/event_detail.html"
    if request.method != "POST" or status != Event.Status.OPEN:
        return render(request, template, context)
    if _rate_limited(request, scope="event_registration"):
        return _too_many_attempts(request, template, context)
    if not form.is_valid():
        return render(request, template, context, status=400)
    if form.is_bot():
        # Look like success so the bot learns nothing; store nothing.
        return redirect("campaign:event_registered", slug=event.slug)
    details = RegistrationDetails(
        **{
            field.name: form.cleaned_data[field.name]
            for field in dataclass_fields(RegistrationDetails)
        }
    )
    try:
        services.event_register(event=event, details=details)
    except services.DuplicateRegistration as error:
        form.add_error(None, error.message)
        return render(request, template, context, status=409)
    except services.RegistrationError:
        # Closed or filled up while the form was being typed: show the new status.
        event = Event.objects.with_registration_count().get(pk=event.pk)
        context.update(event=event, status=event.registration_status())
        return render(request, template, context, status=409)
    return redirect("campaign:event_registered", slug=event.slug)


@require_GET
def event_registered(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event.objects.published(), slug=slug)
    return render(request, "campaign/event_registered.html", {"event": event})


@require_GET
def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event.objects.published(), slug=slug)
    response = HttpResponse(
        event_calendar(event=event), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def list_signup(request: HttpRequest) -> HttpResponse:
    form = ListSignupForm(request.POST if request.method == "POST" else None)
    context = {"form": form}
    template = "campaign/list_signup.html"
    if request.method != "POST":
        return render(request, template, context)
    if _rate_limited(request, scope="list_signup"):
        return _too_many_attempts(request, template, context)
    if not form.is_valid():
        return render(request, template, context, status=400)
    if not form.is_bot():
        services.list_signup_request(
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            zip_code=form.cleaned_data["zip_code"],
        )
    # The same answer whoever the address belongs to.
    return redirect("campaign:list_signup_sent")


@require_GET
def list_signup_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "campaign/list_signup_sent.html")


_LINK_STATUS = {
    services.ListLinkOutcome.INVALID: 400,
}


@require_http_methods(["GET", "HEAD", "POST"])
def list_confirm(request: HttpRequest, token: str) -> HttpResponse:
    # GET only shows a button: mail scanners that open links must not confirm anyone.
    if request.method == "POST":
        outcome = services.list_subscription_confirm(token=token)
    else:
        outcome, _subscription = services.list_confirm_check(token=token)
    return render(
        request,
        "campaign/list_confirm.html",
        {"outcome": outcome, "token": token},
        status=_LINK_STATUS.get(outcome, 200),
    )


@csrf_exempt  # RFC 8058: mail programs POST here without a session; the signed token is the key.
@require_http_methods(["GET", "HEAD", "POST"])
def list_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        outcome = services.list_unsubscribe(token=token)
    else:
        outcome, _subscription = services.list_unsubscribe_check(token=token)
    return render(
        request,
        "campaign/list_unsubscribe.html",
        {"outcome": outcome, "token": token},
        status=_LINK_STATUS.get(outcome, 200),
    )
