"""The supporter's call flow at /call/: ZIP -> each lawmaker's number and script -> how it went.

Nothing here needs a session. The browser keeps a signed cookie (`calls_caller`) with a
random token, whose keyed hash marks its reports so each office counts once a day per
browser, and the ZIP code, district and city it gave, so the page after a report shows
the same lawmakers and script. The landing page is the same for everyone and comes from
the page cache; every page with answers is private.
"""

import hashlib
import secrets
from typing import Any
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from calls import services
from calls.forms import AlertsForm, ReportForm, StartForm
from calls.models import CallCampaign, CallOutcome
from core import abuse, actions, signing
from core.signing import LinkInvalid, Purpose
from legislators.lookup import ZipLookup, lookup_zip
from legislators.models import Legislator
from legislators.states import state_name
from supporters.models import EmailList
from supporters.services import list_signup_request, supporter_place_from_link

CALLER_COOKIE = "calls_caller"
MAX_ZIP_PARAM = 20
OPEN_CAMPAIGN_CACHE_SECONDS = 10


def _campaign(request: HttpRequest) -> CallCampaign | None:
    slug = (request.POST.get("campaign") or request.GET.get("campaign") or "")[:200]
    campaigns = CallCampaign.objects.open().select_related("bill")
    if slug:
        return campaigns.filter(slug=slug).first()
    return campaigns.order_by("-created_at").first()


def _private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_store=True)
    return response


def _render(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    return _private(render(request, template, context, status=status))


def _caller(request: HttpRequest) -> dict[str, str]:
    raw = request.COOKIES.get(CALLER_COOKIE)
    if not raw:
        return {}
    try:
        value = signing.read(Purpose.CALLER_COOKIE, raw)
    except LinkInvalid:  # also an expired cookie
        return {}
    if not isinstance(value, dict) or not isinstance(value.get("k"), str):
        return {}
    return {key: str(value.get(key, ""))[:100] for key in ("k", "zip", "seat", "city")}


def _remember(response: HttpResponse, caller: dict[str, str]) -> HttpResponse:
    response.set_cookie(
        CALLER_COOKIE,
        signing.make(Purpose.CALLER_COOKIE, caller),
        max_age=settings.SIGNED_LINK_MAX_AGE["CALLER_COOKIE"],
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def _new_token() -> str:
    return secrets.token_urlsafe(16)


def _page_url(zip_code: str, seat: str = "", anchor: str = "") -> str:
    query = {"zip": zip_code} | ({"seat": seat} if seat else {})
    return f"{reverse('calls:call')}?{urlencode(query)}{'#' + anchor if anchor else ''}"


@require_http_methods(["GET", "HEAD", "POST"])
def call(request: HttpRequest) -> HttpResponse:
    """Each step of the flow, chosen by the form that was sent."""
    if request.method == "POST" and request.POST.get("step") == "report":
        # The busiest request of a call day: it needs the campaign's id only.
        return _report_step(request)
    campaign = _campaign(request)
    if campaign is None:
        return _render(request, "calls/closed.html", {}, status=404)
    if request.method == "POST":
        step = request.POST.get("step", "")
        if step == "alerts":
            return _alerts_step(request, campaign)
        if step in {"lookup", "address", "seat"}:
            form = StartForm(request.POST)
            city = form.cleaned_data["city"] if form.is_valid() else ""
            return _lookup_step(
                request,
                campaign,
                zip_code=request.POST.get("zip", "")[:MAX_ZIP_PARAM],
                address=request.POST.get("address", "")[:300],
                seat=request.POST.get("seat", "")[:10],
                city=city,
            )
        return HttpResponseRedirect(reverse("calls:call"))
    if request.GET.get("t"):
        return _personal_link_step(request, campaign, token=request.GET["t"][:500])
    zip_code = request.GET.get("zip", "")[:MAX_ZIP_PARAM]
    if zip_code.strip():
        caller = _caller(request)
        same_place = caller.get("zip") == zip_code.strip()[:5]
        return _lookup_step(
            request,
            campaign,
            zip_code=zip_code,
            seat=request.GET.get("seat", "")[:10] or (caller.get("seat", "") if same_place else ""),
            city=caller.get("city", "") if same_place else "",
            alerts_sent=request.GET.get("alerts") == "sent",
        )
    # The same page for every visitor: the page cache serves it.
    return render(request, "calls/start.html", {"campaign": campaign, "form": StartForm()})


def _personal_link_step(
    request: HttpRequest, campaign: CallCampaign, *, token: str
) -> HttpResponse:
    """The link in a mailing: a signed supporter id (never their ZIP code) fills the ZIP step."""
    try:
        zip_code, seat = supporter_place_from_link(purpose=Purpose.CALL_LINK, token=token)
    except LinkInvalid:
        context = {
            "campaign": campaign,
            "form": StartForm(),
            "expired": _("That link has expired. Please enter your ZIP code."),
        }
        return _render(request, "calls/start.html", context)
    if not zip_code:
        return _render(request, "calls/start.html", {"campaign": campaign, "form": StartForm()})
    return _lookup_step(request, campaign, zip_code=zip_code, seat=seat)


def _lookup_step(
    request: HttpRequest,
    campaign: CallCampaign,
    *,
    zip_code: str,
    address: str = "",
    seat: str = "",
    city: str = "",
    alerts_sent: bool = False,
    status: int = 200,
) -> HttpResponse:
    lookup = lookup_zip(zip_code=zip_code, address=address, seat=seat)
    context: dict[str, Any] = {
        "campaign": campaign,
        "lookup": lookup,
        "zip_code": lookup.zip_code,
        "form": StartForm(initial={"zip": lookup.zip_code, "city": city}),
    }
    if lookup.error:
        return _render(request, "calls/start.html", context, status=400)
    if not lookup.settled:
        context["city"] = city
        context["candidates"] = lookup.candidates
        return _render(request, "calls/address.html", context)
    caller = _caller(request)
    caller = {
        "k": caller.get("k") or _new_token(),
        "zip": lookup.zip_code,
        # Only a split ZIP code needs its district remembered.
        "seat": lookup.seats[0] if len(lookup.candidates) > 1 else "",
        "city": city,
    }
    context.update(_calls_context(request, campaign, lookup, caller, alerts_sent=alerts_sent))
    return _remember(_render(request, "calls/lawmakers.html", context, status=status), caller)


def _share_links(url: str, text: str, title: str) -> dict[str, str]:
    # Plain links: no third-party script loads on our pages.
    return {
        "email": f"mailto:?subject={quote(title)}&body={quote(f'{text} {url}')}",
        "facebook": f"https://www.facebook.com/sharer/sharer.php?{urlencode({'u': url})}",
        "x": f"https://x.com/intent/post?{urlencode({'text': text, 'url': url})}",
    }


def _calls_context(
    request: HttpRequest,
    campaign: CallCampaign,
    lookup: ZipLookup,
    caller: dict[str, str],
    *,
    alerts_sent: bool = False,
    alerts_form: AlertsForm | None = None,
) -> dict[str, Any]:
    members = lookup.legislators
    stances = services.stances_for_calls(campaign=campaign, legislators=members)
    reported = services.reported_today(
        caller_key=services.caller_key(caller["k"]), legislator_ids=[m.pk for m in members]
    )
    state = lookup.states[0] if lookup.states else ""
    rows = [
        {
            "member": member,
            "stance": stances.get(member.pk, ""),
            "script": services.call_script(
                campaign=campaign,
                legislator=member,
                stance=stances.get(member.pk, ""),
                city=caller["city"],
                state=state,
            ),
            "reported": CallOutcome(reported[member.pk]).label if member.pk in reported else "",
        }
        for member in members
    ]
    done = bool(rows) and all(row["reported"] for row in rows)
    share_url = request.build_absolute_uri(reverse("calls:call"))
    letter_url = f"{reverse('letters:write')}?{urlencode({'zip': lookup.zip_code})}"
    return {
        "rows": rows,
        "seat": caller["seat"],
        "notices": _seat_notices(lookup),
        "outcomes": CallOutcome.choices,
        "done": done,
        "next_row": next((row for row in rows if not row["reported"]), None),
        "has_written": actions.LETTER in actions.actions_done(request),
        "letter_url": letter_url,
        "share": _share_links(share_url, campaign.ask, campaign.title),
        "alerts_form": alerts_form or AlertsForm(initial={"zip": lookup.zip_code}),
        "alerts_sent": alerts_sent,
    }


def _open_campaign_id(request: HttpRequest) -> int | None:
    slug = request.POST.get("campaign", "")[:200]
    # Read for every report, so kept in the cache for a few seconds: a campaign closed by
    # staff stops taking reports that much later. 0 stands for "no open campaign".
    key = f"calls:open-campaign:{hashlib.blake2b(slug.encode(), digest_size=8).hexdigest()}"
    found = cache.get(key)
    if found is None:
        campaigns = CallCampaign.objects.open()
        if slug:
            campaigns = campaigns.filter(slug=slug)
        found = campaigns.order_by("-created_at").values_list("pk", flat=True).first() or 0
        cache.set(key, found, OPEN_CAMPAIGN_CACHE_SECONDS)
    return found or None


def _seat_notices(lookup: ZipLookup) -> list[str]:
    # Seats with nobody in them, or whose new member is not imported yet: nobody to call.
    notices = []
    for seat in lookup.vacant_seats:
        if "-senate-" in seat:
            notices.append(
                _(
                    "One of %(state)s's two Senate seats is empty right now, so there is no "
                    "senator to call for it until it is filled."
                )
                % {"state": state_name(seat[:2])}
            )
        else:
            notices.append(
                _(
                    "The House seat for %(seat)s is empty right now, so there is no "
                    "representative to call until it is filled."
                )
                % {"seat": seat}
            )
    return [*notices, *filter(None, [lookup.awaiting_message])]


def _report_step(request: HttpRequest) -> HttpResponse:
    campaign_id = _open_campaign_id(request)
    if campaign_id is None:
        return _render(request, "calls/closed.html", {}, status=404)
    form = ReportForm(request.POST)
    if not form.is_valid():
        return _bad_report(request)
    data = form.cleaned_data
    lookup = lookup_zip(zip_code=data["zip"], seat=data["seat"])
    member = next((m for m in lookup.legislators if m.pk == data["legislator"]), None)
    seat = data["seat"].strip().upper()
    if not lookup.settled or member is None or (seat and seat not in lookup.seats):
        # Only the supporter's own lawmakers are counted, and only as the page offered them.
        return _bad_report(request)
    blocked = abuse.screen(request, action="call")
    if blocked is not None:
        return _private(blocked)
    caller = _caller(request)
    new_caller = not caller
    if new_caller:
        caller = {"k": _new_token(), "zip": lookup.zip_code, "seat": seat, "city": ""}
    services.call_report_create(
        campaign_id=campaign_id,
        legislator_id=member.pk,
        outcome=data["outcome"],
        caller_key=services.caller_key(caller["k"]),
    )
    # Straight to the next lawmaker's script (or the next step after the last one).
    after = _next_anchor(lookup.legislators, member)
    response = HttpResponseRedirect(_page_url(lookup.zip_code, seat, after), status=303)
    # A browser that already has its cookie keeps it as it is: nothing to sign again.
    return _private(_remember(response, caller) if new_caller else response)


def _next_anchor(members: list[Legislator], reported: Legislator) -> str:
    index = members.index(reported)
    if index + 1 < len(members):
        return f"member-{members[index + 1].pk}"
    return "next-step"


def _bad_report(request: HttpRequest, campaign: CallCampaign | None = None) -> HttpResponse:
    campaign = campaign or _campaign(request)
    context = {
        "campaign": campaign,
        "form": StartForm(),
        "expired": _("We could not record that call. Please enter your ZIP code and try again."),
    }
    return _render(request, "calls/start.html", context, status=400)


def _alerts_step(request: HttpRequest, campaign: CallCampaign) -> HttpResponse:
    form = AlertsForm(request.POST)
    zip_code = request.POST.get("zip", "")[:MAX_ZIP_PARAM]
    if not form.is_valid():
        lookup = lookup_zip(zip_code=zip_code, seat=request.POST.get("seat", "")[:10])
        if not lookup.settled:
            return _bad_report(request, campaign)
        caller = _caller(request) or {"k": _new_token(), "seat": "", "city": ""}
        caller["zip"] = lookup.zip_code
        context: dict[str, Any] = {"campaign": campaign, "lookup": lookup}
        context.update(_calls_context(request, campaign, lookup, caller, alerts_form=form))
        return _remember(_render(request, "calls/lawmakers.html", context, status=400), caller)
    email = form.cleaned_data["email"]
    blocked = abuse.screen(request, action="call", email=email)
    if blocked is not None:
        return _private(blocked)
    zip5 = form.cleaned_data["zip"].strip()[:5]
    list_signup_request(
        name="",
        email=email,
        zip_code=zip5 if zip5.isdigit() else "",
        email_lists=[EmailList.ACTION_ALERTS],
        source="calls",
    )
    seat = request.POST.get("seat", "")[:10]
    url = _page_url(zip5, seat).replace("?", "?alerts=sent&", 1)
    return _private(HttpResponseRedirect(url + "#next-step", status=303))
