from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from core import abuse, actions, signing
from core.confirm import acts, confirm_by_post, confirm_link
from core.pagecache import SIGNED_COOKIE
from core.signing import LinkInvalid, Purpose
from petitions import services
from petitions.forms import SignatureForm
from petitions.links import find_lawmakers_url, share_links, write_to_lawmakers_url
from petitions.models import Petition

# A signed cookie remembers which petitions this browser signed, with the ZIP for the
# next step; never an email or a name. Not the session: with database sessions every
# signer would cost a session row (two more writes per signature), while staff logins
# keep their server-side sessions, which logging out ends.
# Petitions remembered at most, newest kept, so the cookie stays small.
SIGNED_COOKIE_MAX_PETITIONS = 20


def _signed_petitions(request: HttpRequest) -> dict[str, dict[str, Any]]:
    raw = request.COOKIES.get(SIGNED_COOKIE)
    if not raw:
        return {}
    try:
        signed = signing.read(Purpose.SIGNER_COOKIE, raw)
    except LinkInvalid:  # also an expired cookie
        return {}
    return signed if isinstance(signed, dict) else {}


def _remember_signing(
    request: HttpRequest,
    response: HttpResponse,
    petition: Petition,
    *,
    zip_code: str,
    pending: bool,
) -> HttpResponse:
    signed = _signed_petitions(request)
    signed.pop(str(petition.pk), None)
    signed[str(petition.pk)] = {"zip": zip_code, "pending": pending}
    newest = dict(list(signed.items())[-SIGNED_COOKIE_MAX_PETITIONS:])
    response.set_cookie(
        SIGNED_COOKIE,
        signing.make(Purpose.SIGNER_COOKIE, newest),
        max_age=settings.SESSION_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def _petition_context(petition: Petition) -> dict:
    return {
        "petition": petition,
        "count": services.petition_count(petition=petition),
        "recent_signers": services.recent_public_signers(petition=petition),
    }


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    petitions = list(Petition.objects.open().order_by("-is_featured", "-created_at")[:50])
    counts = services.petition_counts(petition_ids=[petition.pk for petition in petitions])
    for petition in petitions:
        petition.count = counts[petition.pk]
    return render(request, "petitions/index.html", {"petitions": petitions})


@require_http_methods(["GET", "HEAD", "POST"])
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    petitions = Petition.objects.public()
    if request.method != "POST":
        # The page names the linked bill; a signature needs only the petition.
        petitions = petitions.select_related("bill")
    petition = get_object_or_404(petitions, slug=slug)
    form = SignatureForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not petition.is_open:
            # The page says the petition is closed; nothing is stored.
            status = 409
            form = SignatureForm()
        elif form.is_valid():
            data = form.cleaned_data
            blocked = abuse.screen(request, action="sign", email=data["email"])
            if blocked:
                return blocked
            services.signature_create(
                petition=petition,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                zip_code=data["zip_code"],
                country=data["country"],
                comment=data["comment"],
                show_publicly=data["show_publicly"],
                list_opt_in=data["list_opt_in"],
                alerts_opt_in=data["alerts_opt_in"],
                ip_hash=abuse.hash_ip(abuse.client_ip(request)),
                location=form.location,
            )
            response = _remember_signing(
                request,
                redirect("petitions:thanks", slug=petition.slug),
                petition,
                zip_code=data["zip_code"],
                pending=petition.requires_confirmation,
            )
            if data["list_opt_in"] or data["alerts_opt_in"]:
                actions.action_remember(request, response, actions.LIST)
            return response
        else:
            status = 400
    context = _petition_context(petition)
    context["form"] = form
    return render(request, "petitions/detail.html", context, status=status)


@never_cache
@require_GET
def thanks(request: HttpRequest, slug: str) -> HttpResponse:
    petition = get_object_or_404(Petition.objects.public(), slug=slug)
    signed = _signed_petitions(request).get(str(petition.pk))
    if signed is None:
        # Only the browser that signed sees this page; everyone else gets the petition.
        return redirect(petition)
    url = f"{settings.SITE_URL}{petition.get_absolute_url()}"
    context = _petition_context(petition)
    context.update(
        {
            "pending": signed.get("pending", False),
            "petition_url": url,
            "share": share_links(
                url=url, text=petition.share_text or petition.summary, title=petition.title
            ),
            "write_url": write_to_lawmakers_url(zip_code=signed.get("zip", "")),
            "find_url": find_lawmakers_url(zip_code=signed.get("zip", "")),
            # The next step is one they have not taken: no "write" to someone who wrote today.
            "wrote_today": actions.done_today(request, actions.LETTER),
            "joined_list": actions.LIST in actions.actions_done(request),
        }
    )
    return render(request, "petitions/thanks.html", context)


def _confirm_problem(request: HttpRequest, reason: str) -> HttpResponse:
    messages = {
        "expired": (
            _("This confirmation link has expired"),
            _(
                "Links work for seven days. Sign the petition again with the same "
                "email address and we will send you a fresh link."
            ),
            410,
        ),
        "invalid": (
            _("This confirmation link does not work"),
            _(
                "It may have been cut short or changed when it was copied. Open the "
                "link from the email again, or sign again to get a new one."
            ),
            400,
        ),
    }
    title, message, status = messages[reason]
    return render(
        request,
        "petitions/confirm_problem.html",
        {"title": title, "message": message},
        status=status,
    )


@confirm_link()
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        result = confirm_by_post(
            request,
            check=lambda: services.signature_confirm_check(token=token),
            act=lambda: services.signature_confirm(token=token),
        )
    except services.ConfirmationError as error:
        return _confirm_problem(request, error.reason)
    signature = result.signature
    if result.already_confirmed:
        response = render(
            request,
            "petitions/confirm_problem.html",
            {
                "title": _("Already confirmed"),
                "message": _("This link was used before: your signature is already counted."),
                "petition": signature.petition,
            },
        )
    elif acts(request):
        response = redirect("petitions:thanks", slug=signature.petition.slug)
    else:
        return render(request, "petitions/confirm.html", {"petition": signature.petition})
    return _remember_signing(
        request,
        response,
        signature.petition,
        zip_code=signature.supporter.zip_code,
        pending=False,
    )


@require_GET
def count_json(request: HttpRequest, slug: str) -> JsonResponse:
    try:
        petition = Petition.objects.public().only("pk", "goal").get(slug=slug)
    except Petition.DoesNotExist:
        raise Http404 from None
    response = JsonResponse(services.petition_count_payload(petition=petition))
    # Embeds on other sites read this; it holds only public numbers.
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = f"public, max-age={services.count_cache_seconds()}"
    return response
