"""Call campaigns' workflows: scripts filled for one member, reports recorded, calls counted.

A report is one INSERT in one short transaction; the unique constraint on
(legislator, day, caller_key) makes a second report from the same browser to the same
office on the same day a no-op, however many arrive at once. Counts are aggregate
queries over the reports, so they are exact under any concurrency.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from calls.models import CallCampaign, CallOutcome, CallReport
from core.placeholders import PlaceholderValues, fill
from legislators.models import Bill, Legislator
from legislators.services import stances_for

# The home page's total is read by every visitor; a short cache spares the count.
TOTAL_CACHE_SECONDS = 30
TOTAL_CACHE_KEY = "calls:total"


@dataclass(frozen=True)
class CallCounts:
    """Reported calls to one office."""

    today: int = 0
    week: int = 0
    total: int = 0
    reached: int = 0
    voicemail: int = 0
    no_answer: int = 0


def caller_key(token: str) -> str:
    """The keyed hash stored for a browser's token, so the database never holds the token."""
    secret = getattr(settings, "IP_HASH_SALT", "") or settings.SECRET_KEY
    return salted_hmac("calls.caller", token, secret=secret, algorithm="sha256").hexdigest()


def stances_for_calls(
    *, campaign: CallCampaign, legislators: Sequence[Legislator]
) -> dict[int, str]:
    """Each member's stance on the campaign's bill (else the current bill); {} without one."""
    bill = campaign.bill or Bill.objects.current()
    if bill is None:
        return {}
    return stances_for(bill=bill, legislators=legislators)


def call_script(
    *, campaign: CallCampaign, legislator: Legislator, stance: str, city: str = "", state: str = ""
) -> str:
    """The campaign's script for this member's stance, filled for this caller.

    What we do not know is left as a bracketed prompt the caller fills in aloud.
    """
    your_name = _("[your name]")
    values = PlaceholderValues(
        lawmaker_title=legislator.title,
        lawmaker_first_name=legislator.first_name,
        lawmaker_last_name=legislator.last_name,
        lawmaker_full_name=legislator.official_name or legislator.name,
        supporter_name=your_name,
        supporter_first_name=your_name,
        city=city.strip() or _("[your city]"),
        state=state.strip().upper() or legislator.state,
    )
    return fill(campaign.script_for(stance), values)


def call_report_create(
    *,
    campaign_id: int,
    legislator_id: int,
    outcome: str,
    caller_key: str,
    day: datetime.date | None = None,
) -> bool:
    """Record one reported call; False when this browser already reported this office today.

    Takes ids, so a report costs its one INSERT and nothing else.
    """
    if outcome not in CallOutcome.values:
        raise ValueError(f"unknown call outcome {outcome!r}")
    try:
        with transaction.atomic():
            CallReport.objects.create(
                campaign_id=campaign_id,
                legislator_id=legislator_id,
                outcome=outcome,
                day=day or timezone.localdate(),
                caller_key=caller_key,
            )
    except IntegrityError:
        return False
    return True


def reported_today(*, caller_key: str, legislator_ids: Sequence[int]) -> dict[int, str]:
    """{member id: outcome} for the calls this browser reported today."""
    if not caller_key or not legislator_ids:
        return {}
    rows = CallReport.objects.filter(
        caller_key=caller_key, day=timezone.localdate(), legislator_id__in=list(legislator_ids)
    ).values_list("legislator_id", "outcome")
    return dict(rows)


def call_counts_by_legislator(
    *, campaign: CallCampaign | None = None, today: datetime.date | None = None
) -> dict[int, CallCounts]:
    """Reported calls per office: today, the seven days ending today, all time, by outcome.

    One aggregate query; offices nobody called are absent (read them as CallCounts()).
    """
    today = today or timezone.localdate()
    reports = CallReport.objects.all()
    if campaign is not None:
        reports = reports.filter(campaign=campaign)
    rows = (
        reports.order_by()
        .values("legislator_id")
        .annotate(
            n_total=Count("pk"),
            n_today=Count("pk", filter=Q(day=today)),
            n_week=Count("pk", filter=Q(day__gt=today - datetime.timedelta(days=7))),
            n_reached=Count("pk", filter=Q(outcome=CallOutcome.REACHED)),
            n_voicemail=Count("pk", filter=Q(outcome=CallOutcome.VOICEMAIL)),
            n_no_answer=Count("pk", filter=Q(outcome=CallOutcome.NO_ANSWER)),
        )
    )
    return {
        row["legislator_id"]: CallCounts(
            today=row["n_today"],
            week=row["n_week"],
            total=row["n_total"],
            reached=row["n_reached"],
            voicemail=row["n_voicemail"],
            no_answer=row["n_no_answer"],
        )
        for row in rows
    }


def call_total(*, fresh: bool = False) -> int:
    """Every reported call, for the home page (cached for a few seconds unless `fresh`)."""
    if not fresh:
        cached = cache.get(TOTAL_CACHE_KEY)
        if cached is not None:
            return cached
    total = CallReport.objects.count()
    cache.set(TOTAL_CACHE_KEY, total, TOTAL_CACHE_SECONDS)
    return total


SUMMARY_CACHE_KEY = "calls:summary"


def call_campaign_summary() -> dict[str, str | int] | None:
    """The open call campaign's title and ask with every call reported so far, or None.

    For the home page, which every visitor loads: cached for a few seconds, so it costs
    no query most of the time.
    """
    summary = cache.get(SUMMARY_CACHE_KEY)
    if summary is None:
        campaign = CallCampaign.objects.open().order_by("-created_at").first()
        summary = (
            {"title": campaign.title, "ask": campaign.ask, "total": call_total(fresh=True)}
            if campaign is not None
            else {}
        )
        cache.set(SUMMARY_CACHE_KEY, summary, TOTAL_CACHE_SECONDS)
    return summary or None


DEMO_CAMPAIGN_SLUG = "call-keep-call-centers-in-america"


def calls_demo_load() -> tuple[CallCampaign, bool]:
    """The demo call campaign `make run` shows at /call/; created once, never overwritten."""
    return CallCampaign.objects.get_or_create(
        slug=DEMO_CAMPAIGN_SLUG,
        defaults={
            "title": "Call Congress: keep call center jobs in America",
            "ask": (
                "Offices count every call from home. Ask your lawmakers to back the Keep Call "
                "Centers in America Act, or thank them if they already do. Two minutes each."
            ),
            "ask_script": (
                "Hello, my name is {supporter_name} and I live in {city}. I am calling to ask "
                "{lawmaker_title} {lawmaker_last_name} to cosponsor the Keep Call Centers in "
                "America Act. It would make offshore call centers say where they are, let "
                "callers ask for an agent in the United States, and keep federal grants and "
                "loans away from companies that move this work abroad. Thank you."
            ),
            "thanks_script": (
                "Hello, my name is {supporter_name} and I live in {city}. I am calling to "
                "thank {lawmaker_title} {lawmaker_last_name} for cosponsoring the Keep Call "
                "Centers in America Act, and to ask them to keep pushing for a vote. Thank you."
            ),
            "again_script": (
                "Hello, my name is {supporter_name} and I live in {city}. "
                "{lawmaker_title} {lawmaker_last_name} cosponsored the call center bill in the "
                "last Congress. Thank you for that. I am calling to ask them to sign on again "
                "now that it has been reintroduced."
            ),
        },
    )
