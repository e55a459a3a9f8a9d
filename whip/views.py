"""The organizers' whip board (staff only)."""

from urllib.parse import urlsplit

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import staff_view
from accounts.services import audit_record
from accounts.staff import is_organizer
from core.csv import csv_response
from legislators.models import Bill, Legislator, parse_bill_key
from whip.board import (
    BOARD_CSV_HEADER,
    Filters,
    board_csv_rows,
    build_board,
    organizer_users,
    table_rows,
)
from whip.forms import WhipFullForm, WhipQuickForm
from whip.models import WhipStatus
from whip.services import whip_status_update

# The board shows staff notes and contacts: organizers only, after the second factor.
organizer_view = staff_view(allowed=is_organizer)


def _bill_from_key(key: str) -> Bill | None:
    parsed = parse_bill_key(key)
    if parsed is None:
        return None
    congress, bill_type, number = parsed
    return (
        Bill.objects.select_related("companion", "sponsor")
        .filter(congress=congress, bill_type=bill_type, number=number)
        .first()
    )


def _safe_next(request: HttpRequest, target: str) -> bool:
    return bool(target) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def _board_return(request: HttpRequest, bill: Bill, legislator: Legislator) -> str:
    """Where the member page leads back to: the board as the organizer left it, at this row.

    The board's rows link here without repeating its filters in 537 links; the browser's
    Referer (same-origin, so it keeps the query) says which filters and sort were on.
    """
    referer = request.META.get("HTTP_REFERER", "")
    board = reverse("whip:board")
    if _safe_next(request, referer) and urlsplit(referer).path == board:
        query = urlsplit(referer).query
        base = f"{board}?{query}" if query else board
    else:
        base = f"{board}?bill={bill.key}"
    return f"{base}#member-{legislator.bioguide_id}"


def _chosen_bill(request: HttpRequest, bills: list[Bill]) -> Bill | None:
    key = request.GET.get("bill", "")
    if key:
        bill = _bill_from_key(key)
        if bill is None:
            raise Http404(_("No such bill."))
        return bill
    return Bill.objects.current() or (_bill_from_key(bills[0].key) if bills else None)


@organizer_view
@require_GET
def whip_board(request: HttpRequest) -> HttpResponse:
    bills = list(Bill.objects.order_by("-is_current", "-congress", "bill_type", "number"))
    bill = _chosen_bill(request, bills)
    if bill is None:
        return render(request, "whip/board.html", {"board": None, "bills": bills})
    filters = Filters.from_query(request.GET)
    board = build_board(bill=bill, bills=bills, filters=filters)
    query = request.GET.copy()
    query.pop("sort", None)
    return render(
        request,
        "whip/board.html",
        {
            "board": board,
            "members": table_rows(board.rows),
            "bills": bills,
            "filters": filters,
            "sort_query": query.urlencode(),
            "filter_statuses": [(row["status"], row["label"]) for row in board.counts],
        },
    )


@organizer_view
@require_GET
def whip_export(request: HttpRequest) -> HttpResponse:
    bills = list(Bill.objects.order_by("-is_current", "-congress", "bill_type", "number"))
    bill = _chosen_bill(request, bills)
    if bill is None:
        raise Http404(_("No bills yet."))
    board = build_board(bill=bill, bills=bills, filters=Filters.from_query(request.GET))
    audit_record(
        actor=request.user,
        action="legislators.whipstatus.export",
        target=WhipStatus,
        details={"bill": bill.key, "rows": len(board.rows), "filters": dict(request.GET.items())},
    )
    return csv_response(
        filename=f"whip-{bill.key}.csv", header=BOARD_CSV_HEADER, rows=board_csv_rows(board)
    )


@organizer_view
@require_http_methods(["GET", "POST"])
def whip_member(request: HttpRequest, bill_key: str, bioguide_id: str) -> HttpResponse:
    bill = _bill_from_key(bill_key)
    if bill is None:
        raise Http404(_("No such bill."))
    legislator = get_object_or_404(Legislator, bioguide_id=bioguide_id)
    if bill.chamber != legislator.chamber:
        # A senator is whipped on the Senate version; send staff there.
        own = bill.for_chamber(legislator.chamber)
        if own is None:
            raise Http404(_("This member cannot cosponsor this bill."))
        return redirect("whip:member", bill_key=own.key, bioguide_id=bioguide_id)
    whip = (
        WhipStatus.objects.select_related("organizer")
        .filter(bill=bill, legislator=legislator)
        .first()
    )
    organizers = organizer_users()
    initial = {
        "status": whip.status if whip else "unknown",
        "last_contact": whip.last_contact if whip else None,
        "organizer": whip.organizer_id if whip else None,
        "notes": whip.notes if whip else "",
    }
    if request.method == "POST":
        full = "notes" in request.POST
        form = (
            WhipFullForm(request.POST, organizers=organizers)
            if full
            else WhipQuickForm(request.POST)
        )
        if form.is_valid():
            data = form.cleaned_data
            whip_status_update(
                bill=bill,
                legislator=legislator,
                user=request.user,
                status=data["status"],
                last_contact=data["last_contact"],
                # The quick form on the board leaves organizer and notes as they are.
                organizer=data["organizer"] if full else (whip.organizer if whip else None),
                notes=data["notes"] if full else (whip.notes if whip else ""),
                note=data["note"],
            )
            messages.success(
                request, _("Saved the whip status of %(member)s.") % {"member": legislator}
            )
            target = request.POST.get("next", "")
            if not _safe_next(request, target):
                target = reverse(
                    "whip:member",
                    kwargs={"bill_key": bill.key, "bioguide_id": legislator.bioguide_id},
                )
            return redirect(target)
        status_code = 400
        back = request.POST.get("next", "")
        if not _safe_next(request, back):
            back = _board_return(request, bill, legislator)
    else:
        form = WhipFullForm(initial=initial, organizers=organizers)
        status_code = 200
        back = _board_return(request, bill, legislator)
    changes = list(whip.changes.select_related("changed_by")) if whip else []
    cosponsorship = bill.cosponsorships.filter(legislator=legislator).first()
    return render(
        request,
        "whip/member.html",
        {
            "bill": bill,
            "legislator": legislator,
            "whip": whip,
            "form": form,
            "changes": changes,
            "cosponsorship": cosponsorship,
            "is_sponsor": bill.sponsor_id == legislator.pk,
            "back": back,
        },
        status=status_code,
    )
