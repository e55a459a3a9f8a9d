"""Workflows with side effects for petitions, signatures and their counters.

Views, forms, admin and commands call these functions; they hold the rules.
"""

import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Sum
from django.tasks import task
from django.utils import timezone
from django_countries import countries

from core import signing
from core.signing import LinkExpired, LinkInvalid, Purpose
from legislators.lookup import ZipLocation
from legislators.models import Chamber, Legislator
from petitions import emails
from petitions.models import FEATURED_CACHE_KEY, Petition, Signature, SignatureCounter
from supporters import lists
from supporters.models import EmailList, Supporter
from supporters.services import supporter_get_or_create

COUNTER_SHARDS = 16


def count_cache_seconds() -> int:
    return settings.PETITION_COUNT_CACHE_SECONDS


# --- Counting ---------------------------------------------------------------------------


def _count_cache_key(petition_id: int) -> str:
    return f"petitions:count:{petition_id}"


def _recent_cache_key(petition_id: int) -> str:
    return f"petitions:recent:{petition_id}"


def _forget_cached_counts(petition_id: int) -> None:
    keys = [_count_cache_key(petition_id), _recent_cache_key(petition_id)]
    # Once the change is committed: a reader before then counts the old rows anyway.
    transaction.on_commit(lambda: cache.delete_many(keys))


def counter_add(*, petition_id: int, delta: int) -> None:
    """Add delta to one random shard of the petition's counter, creating shards if needed."""
    shard = random.randrange(COUNTER_SHARDS)  # noqa: S311 (spreading load, not security)
    updated = SignatureCounter.objects.filter(petition_id=petition_id, shard=shard).update(
        count=F("count") + delta
    )
    if not updated:
        SignatureCounter.objects.bulk_create(
            [SignatureCounter(petition_id=petition_id, shard=n) for n in range(COUNTER_SHARDS)],
            ignore_conflicts=True,
        )
        SignatureCounter.objects.filter(petition_id=petition_id, shard=shard).update(
            count=F("count") + delta
        )
    _forget_cached_counts(petition_id)


def _counted_total(petition_id: int) -> int:
    total = SignatureCounter.objects.filter(petition_id=petition_id).aggregate(total=Sum("count"))
    return int(total["total"] or 0)


def _cached_count(petition_id: int) -> int:
    key = _count_cache_key(petition_id)
    count = cache.get(key)
    if count is None:
        count = _counted_total(petition_id)
        cache.set(key, count, count_cache_seconds())
    return count


def petition_counts(*, petition_ids: list[int]) -> dict[int, int]:
    """Counts for several petitions: cached ones from the cache, the rest in one query."""
    keys = {_count_cache_key(pk): pk for pk in petition_ids}
    cached = cache.get_many(list(keys))
    counts = {keys[key]: value for key, value in cached.items()}
    missing = [pk for pk in petition_ids if pk not in counts]
    if missing:
        sums = dict(
            SignatureCounter.objects.filter(petition_id__in=missing)
            .values_list("petition_id")
            .annotate(total=Sum("count"))
            .values_list("petition_id", "total")
        )
        fresh = {pk: int(sums.get(pk) or 0) for pk in missing}
        cache.set_many({_count_cache_key(pk): n for pk, n in fresh.items()}, count_cache_seconds())
        counts.update(fresh)
    return counts


def petition_count(*, petition: Petition) -> int:
    """Confirmed signatures, from the counter shards, cached for a few seconds."""
    return _cached_count(petition.pk)


_MISSING = object()


@dataclass(frozen=True)
class FeaturedPetition:
    title: str
    summary: str
    url: str
    goal: int
    count: int


def featured_petition() -> FeaturedPetition | None:
    """The home page's petition with its count; cached, so the home page costs no query."""
    data = cache.get(FEATURED_CACHE_KEY, _MISSING)
    if data is _MISSING:
        petition = Petition.objects.featured()
        data = None
        if petition is not None:
            data = {
                "pk": petition.pk,
                "title": petition.title,
                "summary": petition.summary,
                "url": petition.get_absolute_url(),
                "goal": petition.goal,
            }
        cache.set(FEATURED_CACHE_KEY, data, 60)
    if data is None:
        return None
    return FeaturedPetition(
        title=data["title"],
        summary=data["summary"],
        url=data["url"],
        goal=data["goal"],
        count=_cached_count(data["pk"]),
    )


def forget_featured_petition() -> None:
    cache.delete(FEATURED_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(FEATURED_CACHE_KEY))


def petition_recount(*, petition: Petition) -> int:
    """Rebuild the counter from the signatures themselves (after bulk loads or repairs)."""
    with transaction.atomic():
        total = Signature.objects.filter(petition=petition).counted().count()
        SignatureCounter.objects.filter(petition=petition).delete()
        SignatureCounter.objects.bulk_create(
            [
                SignatureCounter(petition=petition, shard=n, count=total if n == 0 else 0)
                for n in range(COUNTER_SHARDS)
            ]
        )
        _forget_cached_counts(petition.pk)
    return total


def next_goal(count: int) -> int:
    """The next round number above count: 1, 2, 5, 10, 20, 50, 100, ..."""
    magnitude = 1
    while True:
        for step in (1, 2, 5):
            if step * magnitude > count:
                return step * magnitude
        magnitude *= 10


def petition_raise_goal(*, petition: Petition) -> int:
    """Raise the goal to the next round number once reached (when the petition asks for it)."""
    if not petition.auto_raise_goal:
        return petition.goal
    count = _counted_total(petition.pk)
    if count < petition.goal:
        return petition.goal
    goal = next_goal(count)
    # Conditional, so concurrent signers crossing the goal together raise it once.
    if Petition.objects.filter(pk=petition.pk, goal__lt=goal).update(goal=goal):
        forget_featured_petition()
    petition.goal = goal
    return goal


def petition_count_payload(*, petition: Petition) -> dict[str, int]:
    return {"count": petition_count(petition=petition), "goal": petition.goal}


# --- Signing ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SignatureResult:
    signature: Signature
    created: bool


def signature_create(
    *,
    petition: Petition,
    email: str,
    first_name: str,
    last_name: str,
    zip_code: str = "",
    country: str = "US",
    comment: str = "",
    show_publicly: bool = False,
    list_opt_in: bool = False,
    alerts_opt_in: bool = False,
    ip_hash: str = "",
    location: ZipLocation | None = None,
) -> SignatureResult:
    """Sign a petition once per supporter; signing again changes nothing and is not an error.

    Concurrent calls for the same email give one supporter and one signature:
    the database constraints decide, and the loser reads the winner's rows.
    The supporter is stored first, on its own (a supporter is one row per person,
    whatever they went on to do); the signature, its count and, when the petition
    needs confirmation, the confirmation email's task are then written in one
    transaction. `location` is the ZIP's place when the caller has looked it up.
    The email lists ticked (`list_opt_in` for the newsletter, `alerts_opt_in` for action
    alerts) are joined when the signature is confirmed: at once where the petition needs
    no confirmation, else when the link in the confirmation email is followed.
    """
    supporter, _ = supporter_get_or_create(
        email=email,
        first_name=first_name,
        last_name=last_name,
        zip_code=zip_code,
        country=country,
        location=location,
    )
    requested = [
        value
        for value, ticked in (
            (EmailList.NEWSLETTER, list_opt_in),
            (EmailList.ACTION_ALERTS, alerts_opt_in),
        )
        if ticked
    ]
    now = timezone.now()
    try:
        # Nothing else in this block can break a constraint, so an IntegrityError means
        # the supporter has signed already; the block then leaves nothing behind.
        with transaction.atomic():
            signature = Signature.objects.create(
                petition=petition,
                supporter=supporter,
                comment=comment,
                show_publicly=show_publicly,
                confirmed_at=None if petition.requires_confirmation else now,
                ip_hash=ip_hash,
                lists_requested=",".join(requested),
                created_at=now,
            )
            if signature.is_confirmed:
                counter_add(petition_id=petition.pk, delta=1)
                petition_raise_goal(petition=petition)
                _join_lists(signature=signature, email_lists=requested)
            else:
                send_signature_confirmation.enqueue(signature_id=signature.pk)
    except IntegrityError:
        signature = Signature.objects.get(petition=petition, supporter=supporter)
        if not signature.is_confirmed:
            # A lost or expired link: signing again sends a fresh one, which also
            # confirms any list ticked this time.
            asked = set(signature.lists_requested.split(",")) | set(requested)
            signature.lists_requested = ",".join(v for v in EmailList.values if v in asked)
            signature.save(update_fields=["lists_requested"])
            send_signature_confirmation.enqueue(signature_id=signature.pk)
        elif not petition.requires_confirmation:
            # As when signing the first time: this petition asks for no confirmation.
            _join_lists(signature=signature, email_lists=requested)
        return SignatureResult(signature=signature, created=False)
    return SignatureResult(signature=signature, created=True)


class ConfirmationError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "expired", "invalid"


@dataclass(frozen=True)
class ConfirmationResult:
    signature: Signature
    already_confirmed: bool


def _join_lists(*, signature: Signature, email_lists: Iterable[str]) -> None:
    for email_list in email_lists:
        if email_list in EmailList.values:
            lists.consent_give(
                supporter=signature.supporter, email_list=email_list, source=lists.SOURCE_PETITION
            )


def signature_for_token(*, token: str) -> Signature:
    """The signature a confirmation link points at; ConfirmationError for bad links."""
    try:
        signature_id = signing.read_id(Purpose.SIGNATURE_CONFIRM, token)
    except LinkExpired:
        raise ConfirmationError("expired") from None
    except LinkInvalid:
        raise ConfirmationError("invalid") from None
    signature = (
        Signature.objects.select_related("petition", "supporter").filter(pk=signature_id).first()
    )
    if signature is None:
        # Deleted at the supporter's request since the email went out.
        raise ConfirmationError("invalid")
    return signature


def signature_confirm_check(*, token: str) -> ConfirmationResult:
    """What a confirmation link would do, changing nothing; ConfirmationError for bad links."""
    signature = signature_for_token(token=token)
    return ConfirmationResult(signature=signature, already_confirmed=signature.is_confirmed)


def signature_confirm(*, token: str) -> ConfirmationResult:
    """Confirm the signature a link points at; raises ConfirmationError for bad links.

    A link used twice confirms once: the second use reports already_confirmed.
    """
    signature = signature_for_token(token=token)
    with transaction.atomic():
        # Only one request flips confirmed_at, so a double click counts once.
        updated = Signature.objects.filter(pk=signature.pk, confirmed_at__isnull=True).update(
            confirmed_at=timezone.now()
        )
        if updated:
            counter_add(petition_id=signature.petition_id, delta=1)
            petition_raise_goal(petition=signature.petition)
            signature.refresh_from_db(fields=["lists_requested"])
            _join_lists(signature=signature, email_lists=signature.lists_requested.split(","))
    signature.refresh_from_db(fields=["confirmed_at"])
    return ConfirmationResult(signature=signature, already_confirmed=not updated)


# --- Public lists -----------------------------------------------------------------------


@dataclass(frozen=True)
class PublicSigner:
    first_name: str
    place: str
    signed_at: Any


def recent_public_signers(*, petition: Petition, limit: int = 8) -> list[PublicSigner]:
    """The latest confirmed signers who chose to be shown: first name and state only."""
    key = _recent_cache_key(petition.pk)
    signers = cache.get(key)
    if signers is None:
        rows = (
            Signature.objects.filter(
                petition=petition, show_publicly=True, confirmed_at__isnull=False
            )
            .order_by("-created_at")
            .values_list(
                "supporter__first_name", "supporter__state", "supporter__country", "created_at"
            )[:limit]
        )
        signers = [
            PublicSigner(
                first_name=first_name,
                place=state or (countries.name(country) if country != "US" else ""),
                signed_at=created_at,
            )
            for first_name, state, country, created_at in rows
        ]
        cache.set(key, signers, count_cache_seconds())
    return signers


# --- Staff: exports, delivery report, deletion -------------------------------------------

CSV_HEADER = [
    "signed_at",
    "confirmed_at",
    "email",
    "first_name",
    "last_name",
    "zip_code",
    "country",
    "state",
    "district",
    "list_opt_in",
    "show_publicly",
    "comment",
]


def signature_export_rows(*, petition: Petition, chunk_size: int = 2000) -> Iterator[list[Any]]:
    """Every signature of a petition as CSV rows, read in chunks from a server-side cursor."""
    rows = (
        Signature.objects.filter(petition=petition)
        .order_by("pk")
        .values_list(
            "created_at",
            "confirmed_at",
            "supporter__email",
            "supporter__first_name",
            "supporter__last_name",
            "supporter__zip_code",
            "supporter__country",
            "supporter__state",
            "supporter__district",
            "supporter__list_opt_in",
            "show_publicly",
            "comment",
        )
        .iterator(chunk_size=chunk_size)
    )
    yield from map(list, rows)


@dataclass(frozen=True)
class OfficeTally:
    legislator: Legislator
    signers: int


def delivery_report(*, petition: Petition) -> list[OfficeTally]:
    """Confirmed signers per serving senator (by state) and representative (by district)."""
    counted = Signature.objects.filter(petition=petition).counted()
    by_state = dict(
        counted.exclude(supporter__state="")
        .values_list("supporter__state")
        .annotate(n=Count("pk"))
        .values_list("supporter__state", "n")
    )
    by_district = {
        (state, district): n
        for state, district, n in counted.exclude(supporter__district__isnull=True)
        .exclude(supporter__state="")
        .values_list("supporter__state", "supporter__district")
        .annotate(n=Count("pk"))
        .values_list("supporter__state", "supporter__district", "n")
    }
    tallies = []
    for legislator in Legislator.objects.serving().order_by("state", "chamber", "district"):
        if legislator.chamber == Chamber.SENATE:
            signers = by_state.get(legislator.state, 0)
        else:
            signers = by_district.get((legislator.state, legislator.district), 0)
        tallies.append(OfficeTally(legislator=legislator, signers=signers))
    return tallies


def _uncount(signatures: Any) -> None:
    # Take the counted ones among these signatures off their petitions' counters.
    counted = (
        signatures.counted()
        .values_list("petition_id")
        .annotate(n=Count("pk"))
        .values_list("petition_id", "n")
    )
    for petition_id, n in counted:
        counter_add(petition_id=petition_id, delta=-n)


def signature_delete(*, signatures: Any) -> int:
    """Delete signatures (a queryset or list) and take the counted ones off the counters."""
    with transaction.atomic():
        ids = [signature.pk for signature in signatures]
        _uncount(Signature.objects.filter(pk__in=ids))
        deleted, _ = Signature.objects.filter(pk__in=ids).delete()
    return deleted


@task
def send_signature_confirmation(*, signature_id: int) -> None:
    """Email the confirmation link for one signature (skipped once it is confirmed or gone)."""
    signature = (
        Signature.objects.select_related("petition", "supporter").filter(pk=signature_id).first()
    )
    if signature is None or signature.is_confirmed:
        return
    emails.signature_confirmation(signature=signature)


def supporter_deleting(*, supporter: Supporter, **kwargs: Any) -> None:
    """Receiver of supporters.signals.supporter_deleting: their signatures leave the counts."""
    _uncount(Signature.objects.filter(supporter=supporter))
