import copy
from collections.abc import Callable
from dataclasses import replace

from django.db.models import Case, Value, When
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods

from core import abuse, pagecache
from legislators.congress import seconds_until_next_congress
from legislators.lookup import ZipLookup, lookup_memo, lookup_zip, normalise_zip
from legislators.models import Chamber, Legislator, party_label
from legislators.states import state_choices, state_name

# How long browsers and proxies may keep an answer for a ZIP code.
API_CACHE_SECONDS = 60 * 60
MAX_ZIP_PARAM = 20
# Stands for the ZIP code in a results fragment shared by every ZIP code with the same seats.
ZIP_PLACEHOLDER = "@@zip-code@@"
# Stands for the results in the find page's frame, which every ZIP code's answer shares.
RESULTS_PLACEHOLDER = "@@lookup-results@@"
# A bound on what one process keeps per data version; the seat sets of the whole country
# in two languages stay well under it.
MAX_MEMO_ENTRIES = 20_000


def _memoized[T](version: str, key: tuple, make: Callable[[], T]) -> T:
    memo = lookup_memo(version)
    # Read once into a local: another thread may clear the memo between two reads.
    value = memo.get(key)
    if value is None:
        if len(memo) >= MAX_MEMO_ENTRIES:
            memo.clear()
        value = memo[key] = make()
    return value  # type: ignore[return-value]


def _members_html(lookup: ZipLookup) -> SafeString:
    """The lawmakers part of the results, rendered once per seat set and language.

    Some 33,000 ZCTAs share fewer than 2,000 seat sets, so a campaign email's crowd of new
    ZIP codes mostly finds it rendered; only the ZIP code is put in per request.
    """
    key = (
        "find-members",
        get_language(),
        tuple(lookup.states),
        tuple(lookup.districts),
        lookup.needs_address,
        tuple(member.pk for member in lookup.legislators),
        tuple(member.pk for member in lookup.ended),
    )

    def render_members() -> str:
        shared = replace(lookup, zip_code=ZIP_PLACEHOLDER)
        return render_to_string("legislators/_lookup_members.html", {"lookup": shared})

    html = _memoized(lookup.data_version, key, render_members)
    # The fragment was rendered with autoescaping, and a ZIP code is five digits.
    return mark_safe(html.replace(ZIP_PLACEHOLDER, lookup.zip_code))  # noqa: S308


# Every field of ZipLookup, as the shared answers' key takes it (tests check none is missed).
SHAPE_FIELDS = (
    "zip_code",
    "congress",
    "states",
    "districts",
    "needs_address",
    "legislators",
    "error",
    "geocoder_failed",
    "notice",
    "candidates",
    "address_matched",
    "redrawn_states",
    "non_zcta",
    "map_may_be_outdated",
    "ended",
    "data_version",
)


def _shape_key(lookup: ZipLookup) -> tuple:
    """Everything an answer shows but the ZIP code itself: ZIP codes with the same key share it.

    The ZIP code appears in the page and in some notices; both hold the placeholder instead.
    """
    zip_code = lookup.zip_code
    return (
        lookup.congress,
        tuple(lookup.states),
        tuple(lookup.districts),
        lookup.needs_address,
        tuple(member.pk for member in lookup.legislators),
        lookup.error.replace(zip_code, ZIP_PLACEHOLDER),
        lookup.geocoder_failed,
        lookup.notice.replace(zip_code, ZIP_PLACEHOLDER),
        tuple(lookup.candidates),
        lookup.address_matched,
        tuple(lookup.redrawn_states),
        lookup.non_zcta,
        lookup.map_may_be_outdated,
        tuple(member.pk for member in lookup.ended),
        lookup.data_version,
    )


def _with_placeholder(lookup: ZipLookup) -> ZipLookup:
    return replace(
        lookup,
        zip_code=ZIP_PLACEHOLDER,
        error=lookup.error.replace(lookup.zip_code, ZIP_PLACEHOLDER),
        notice=lookup.notice.replace(lookup.zip_code, ZIP_PLACEHOLDER),
    )


def _zip_only(request: HttpRequest, lookup: ZipLookup | None) -> bool:
    """A plain GET for a valid ZIP code and nothing else: an answer many ZIP codes share."""
    return (
        request.method == "GET"
        and lookup is not None
        and not lookup.error
        and list(request.GET) == ["zip"]
        and request.GET["zip"] == lookup.zip_code
    )


def _placeholder_request(request: HttpRequest) -> HttpRequest:
    """The visitor's request as if it had asked for the ZIP placeholder, for shared answers.

    Links that repeat the query (the language switch) then carry the placeholder too; the
    visitor's own request is untouched.
    """
    stand_in = copy.copy(request)
    stand_in.META = {**request.META, "QUERY_STRING": f"zip={ZIP_PLACEHOLDER}"}
    stand_in.GET = QueryDict(f"zip={ZIP_PLACEHOLDER}")
    return stand_in


def _shared_lookup_page(
    request: HttpRequest,
    lookup: ZipLookup,
    render_for: Callable[[HttpRequest, ZipLookup], HttpResponse],
) -> HttpResponse | None:
    def render() -> HttpResponse:
        return render_for(_placeholder_request(request), _with_placeholder(lookup))

    fill = {ZIP_PLACEHOLDER.encode(): lookup.zip_code.encode()}
    return pagecache.shared_page(request, _shape_key(lookup), fill, render)


def _results_html(lookup: ZipLookup) -> str:
    """The results part of a shared find page, rendered once per answer shape and language.

    It holds the ZIP placeholder, and in the address form the CSRF placeholder, never a
    visitor's token: the page cache puts in each visitor's own when it serves the page.
    """
    key = ("find-results", get_language(), _shape_key(lookup))

    def render_results() -> str:
        shared = _with_placeholder(lookup)
        context = {
            "lookup": shared,
            "address": "",
            "members_html": _members_html(shared),
            "csrf_token": pagecache.CSRF_PLACEHOLDER.decode(),
        }
        return render_to_string("legislators/_lookup_results.html", context)

    return _memoized(lookup.data_version, key, render_results)


def _shared_find_page(request: HttpRequest, lookup: ZipLookup) -> HttpResponse | None:
    """The find page for a plain ZIP code: one frame for every answer, the results put in.

    Everything around the results (header, form, footer, language links) is the same for
    every ZIP code, so a crowd of new ZIP codes renders the frame once and only the small
    results part once per seat set.
    """

    def render_frame() -> HttpResponse:
        context = {
            "zip_code": ZIP_PLACEHOLDER,
            "address": "",
            "lookup": None,
            "results_html": mark_safe(RESULTS_PLACEHOLDER),  # noqa: S308
        }
        return render(_placeholder_request(request), "legislators/find.html", context)

    # In this order: the results bring ZIP placeholders of their own.
    fill = {
        RESULTS_PLACEHOLDER.encode(): _results_html(lookup).encode(),
        ZIP_PLACEHOLDER.encode(): lookup.zip_code.encode(),
    }
    return pagecache.shared_page(request, ("find-frame",), fill, render_frame)


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
    if _zip_only(request, lookup):
        shared = _shared_find_page(request, lookup)
        if shared is not None:
            return shared
    context = {
        "zip_code": lookup.zip_code if lookup else "",
        "address": params.get("address", "")[:200] if lookup and lookup.needs_address else "",
        "lookup": lookup,
        "members_html": _members_html(lookup) if lookup and not lookup.error else "",
    }
    status = 400 if lookup and lookup.error else 200
    response = render(request, "legislators/find.html", context, status=status)
    if request.method == "POST" or params.get("address"):
        patch_cache_control(response, private=True, no_store=True)
    return response


def _member_json(member: Legislator, version: str) -> dict:
    """A member's part of the JSON, built once per data version and language (plain dicts)."""
    key = ("member-json", get_language(), member.pk)
    return _memoized(version, key, lambda: _build_member_json(member))


def _build_member_json(member: Legislator) -> dict:
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
        "legislators": [_member_json(member, lookup.data_version) for member in lookup.legislators],
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
    lookup = lookup_zip(zip_code=zip_code, seat=seat)
    response = None
    if _zip_only(request, lookup):
        # Visitors without a session get one answer per seat set, with their ZIP code put in.
        response = _shared_lookup_page(
            request, lookup, lambda _request, shared: _lookup_response(shared)
        )
    if response is None:
        response = _lookup_response(lookup)
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
        "parties": [(name, party_label(name)) for name in parties],
        "selected": {"state": state, "chamber": chamber, "party": party},
        "filtered": bool(state or chamber or party),
        "state_label": state_name(state) if state else "",
    }
    return render(request, "legislators/directory.html", context)


@require_GET
def detail(request: HttpRequest, bioguide_id: str) -> HttpResponse:
    member = get_object_or_404(Legislator, bioguide_id=bioguide_id.upper())
    return render(request, "legislators/detail.html", {"member": member})
