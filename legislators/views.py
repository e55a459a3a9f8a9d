from django.db.models import Case, Value, When
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods

from core import abuse
from legislators.congress import seconds_until_next_congress
from legislators.lookup import ZipLookup, data_version, lookup_zip, normalise_zip
from legislators.models import Chamber, Legislator
from legislators.states import state_choices, state_name

# How long browsers and proxies may keep an answer for a ZIP code.
API_CACHE_SECONDS = 60 * 60
MAX_ZIP_PARAM = 20


@require_http_methods(["GET", "HEAD", "POST"])
def find(request: HttpRequest) -> HttpResponse:
    # The street address comes by POST so it stays out of URLs and server logs;
    # GET ?address= is accepted too, for links from other pages.
    params = request.POST if request.method == "POST" else request.GET
    if request.method == "POST":
        blocked = abuse.screen(request, action="lookup")
        if blocked:
            return blocked
    zip_code = params.get("zip", "")[:MAX_ZIP_PARAM]
    lookup = None
    if zip_code.strip():
        lookup = lookup_zip(
            zip_code=zip_code, address=params.get("address", ""), seat=params.get("seat", "")
        )
    context = {
        "zip_code": lookup.zip_code if lookup else "",
        "address": params.get("address", "")[:200] if lookup and lookup.needs_address else "",
        "lookup": lookup,
        "data_version": data_version(),
    }
    status = 400 if lookup and lookup.error else 200
    response = render(request, "legislators/find.html", context, status=status)
    if request.method == "POST" or params.get("address"):
        patch_cache_control(response, private=True, no_store=True)
    return response


def _member_json(member: Legislator) -> dict:
    return {
        "bioguide_id": member.bioguide_id,
        "name": member.name,
        "title": member.title,
        "chamber": member.chamber,
        "state": member.state,
        "district": member.district,
        "party": member.party,
        "phone": member.phone,
        "contact_form_url": member.contact_form_url,
        "website": member.website,
        "url": member.get_absolute_url(),
    }


def _lookup_json(lookup: ZipLookup) -> dict:
    return {
        "zip": lookup.zip_code,
        "state": lookup.states[0] if len(lookup.states) == 1 else None,
        "states": lookup.states,
        "districts": [
            {"state": state, "district": district, "seat": seat}
            for (state, district), seat in zip(lookup.districts, lookup.seats, strict=True)
        ],
        "needs_address": lookup.needs_address,
        "geocoder_failed": lookup.geocoder_failed,
        "message": lookup.notice,
        "legislators": [_member_json(member) for member in lookup.legislators],
        "congress": lookup.congress,
        "vacant_seats": lookup.vacant_seats,
        "vacancies": lookup.vacancy_messages,
        "awaiting_seats": lookup.awaiting_seats,
        "new_map_states": lookup.redrawn_states,
        "map_may_be_outdated": lookup.map_may_be_outdated,
        "po_box_zip": lookup.non_zcta,
    }


@require_GET
def api_lookup(request: HttpRequest) -> HttpResponse:
    """GET /api/v1/lookup?zip=NNNNN[&address=...][&seat=OH-15]: lawmakers as JSON."""
    zip_code = request.GET.get("zip", "")[:MAX_ZIP_PARAM]
    address = request.GET.get("address", "")
    seat = request.GET.get("seat", "")[:10]
    if address:
        # Specific to one person: computed each time (the geocoding itself is cached)
        # and never stored by shared caches.
        lookup = lookup_zip(zip_code=zip_code, address=address, seat=seat)
        response = _lookup_response(lookup)
        patch_cache_control(response, private=True, no_store=True)
        return response
    # Visitors without a session get this answer from the page cache; under it the lookup
    # keeps the roster and map coverage in memory, so no second cache is kept here.
    response = _lookup_response(lookup_zip(zip_code=zip_code, seat=seat))
    if response.status_code == 200:
        # Browsers and proxies must not keep an answer past noon on the next Congress's first day.
        max_age = min(API_CACHE_SECONDS, seconds_until_next_congress())
        patch_cache_control(response, public=True, max_age=max_age)
    return response


def _lookup_response(lookup: ZipLookup) -> JsonResponse:
    if lookup.error:
        status = 400 if normalise_zip(lookup.zip_code) is None else 404
        return JsonResponse({"error": lookup.error, "zip": lookup.zip_code}, status=status)
    return JsonResponse(_lookup_json(lookup))


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    states = dict(state_choices())
    state = request.GET.get("state", "").upper()
    chamber = request.GET.get("chamber", "")
    party = request.GET.get("party", "")
    members = Legislator.objects.serving()
    if state in states:
        members = members.filter(state=state)
    else:
        state = ""
    if chamber in Chamber.values:
        members = members.filter(chamber=chamber)
    else:
        chamber = ""
    parties = sorted(
        Legislator.objects.serving().order_by().values_list("party", flat=True).distinct()
    )
    if party in parties:
        members = members.filter(party=party)
    else:
        party = ""
    # Senators first within each state (senior, then junior), then the House seats in order.
    senate_first = Case(When(chamber=Chamber.SENATE, then=Value(0)), default=Value(1))
    members = members.order_by("state", senate_first, "-state_rank", "district", "last_name")
    context = {
        "members": members,
        "state_choices": state_choices(),
        "chamber_choices": Chamber.choices,
        "parties": parties,
        "selected": {"state": state, "chamber": chamber, "party": party},
        "filtered": bool(state or chamber or party),
        "state_label": state_name(state) if state else "",
    }
    return render(request, "legislators/directory.html", context)


@require_GET
def detail(request: HttpRequest, bioguide_id: str) -> HttpResponse:
    member = get_object_or_404(Legislator, bioguide_id=bioguide_id.upper())
    return render(request, "legislators/detail.html", {"member": member})
