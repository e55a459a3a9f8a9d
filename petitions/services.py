"""Workflows for supporters, petitions and signatures.

Views, forms, admin and commands call these functions; they hold the rules.
"""

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import serializers, signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Sum
from django.utils import timezone
from django_countries import countries

from legislators.models import Chamber, Legislator, ZipDistrict
from petitions.models import (
    FEATURED_CACHE_KEY,
    Petition,
    Signature,
    SignatureCounter,
    Supporter,
    normalise_email,
)

COUNTER_SHARDS = 16
CONFIRM_SALT = "petitions.signature.confirm"


def count_cache_seconds() -> int:
    return settings.PETITION_COUNT_CACHE_SECONDS


def _confirm_max_age() -> int:
    return settings.SIGNATURE_CONFIRM_MAX_AGE


# --- Where a supporter lives ------------------------------------------------------------


@dataclass(frozen=True)
class ZipLocation:
    state: str  # empty when the ZIP spans two states
    district: int | None  # None when the ZIP spans several districts


def zip_location(*, zip_code: str) -> ZipLocation | None:
    """State and district for a ZIP from the ZIP table; None when the ZIP is unknown."""
    rows = set(ZipDistrict.objects.filter(zcta=zip_code).values_list("state", "district"))
    if not rows:
        return None
    states = {state for state, _ in rows}
    state = next(iter(states)) if len(states) == 1 else ""
    district = next(iter(rows))[1] if len(rows) == 1 else None
    return ZipLocation(state=state, district=district)


# --- Supporters -------------------------------------------------------------------------


def supporter_get_or_create(
    *,
    email: str,
    first_name: str,
    last_name: str,
    zip_code: str = "",
    country: str = "US",
    list_opt_in: bool = False,
) -> tuple[Supporter, bool]:
    """The supporter for this email, created if new; safe under concurrent calls.

    An existing supporter's details are only filled in where blank: whoever
    types someone else's address must not be able to rewrite their record.
    """
    email = normalise_email(email)
    location = zip_location(zip_code=zip_code) if zip_code else None
    now = timezone.now()
    defaults = {
        "first_name": first_name,
        "last_name": last_name,
        "zip_code": zip_code,
        "country": country or "US",
        "state": location.state if location else "",
        "district": location.district if location else None,
        "list_opt_in": list_opt_in,
        "list_opt_in_at": now if list_opt_in else None,
    }
    try:
        # The savepoint lets the caller's transaction go on after a lost race.
        with transaction.atomic():
            return Supporter.objects.create(email=email, **defaults), True
    except IntegrityError:
        supporter = Supporter.objects.get(email=email)
    changed = []
    for field in ("first_name", "last_name", "zip_code", "state"):
        if not getattr(supporter, field) and defaults[field]:
            setattr(supporter, field, defaults[field])
            changed.append(field)
    if supporter.district is None and defaults["district"] is not None and "zip_code" in changed:
        supporter.district = defaults["district"]
        changed.append("district")
    if list_opt_in and not supporter.list_opt_in:
        supporter.list_opt_in = True
        supporter.list_opt_in_at = now
        changed += ["list_opt_in", "list_opt_in_at"]
    if changed:
        supporter.save(update_fields=changed)
    return supporter, False


# --- Counting ---------------------------------------------------------------------------


def _count_cache_key(petition_id: int) -> str:
    return f"petitions:count:{petition_id}"


def _recent_cache_key(petition_id: int) -> str:
    return f"petitions:recent:{petition_id}"


def _forget_cached_counts(petition_id: int) -> None:
    keys = [_count_cache_key(petition_id), _recent_cache_key(petition_id)]
    cache.delete_many(keys)
    # Again after commit: a reader between now and then may have cached the old numbers.
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
    ip_hash: str = "",
) -> SignatureResult:
    """Sign a petition once per supporter; signing again changes nothing and is not an error.

    Concurrent calls for the same email give one supporter and one signature:
    the database constraints decide, and the loser reads the winner's rows.
    When the petition needs confirmation, the confirmation email is enqueued
    in the same transaction; otherwise the signature counts at once.
    """
    from petitions import tasks  # tasks import services; import here to avoid a cycle

    with transaction.atomic():
        supporter, _ = supporter_get_or_create(
            email=email,
            first_name=first_name,
            last_name=last_name,
            zip_code=zip_code,
            country=country,
            list_opt_in=list_opt_in,
        )
        now = timezone.now()
        try:
            with transaction.atomic():
                signature = Signature.objects.create(
                    petition=petition,
                    supporter=supporter,
                    comment=comment,
                    show_publicly=show_publicly,
                    confirmed_at=None if petition.requires_confirmation else now,
                    ip_hash=ip_hash,
                    created_at=now,
                )
        except IntegrityError:
            signature = Signature.objects.get(petition=petition, supporter=supporter)
            if not signature.is_confirmed:
                # A lost or expired link: signing again sends a fresh one.
                tasks.send_signature_confirmation.enqueue(signature_id=signature.pk)
            return SignatureResult(signature=signature, created=False)
        if signature.is_confirmed:
            counter_add(petition_id=petition.pk, delta=1)
            petition_raise_goal(petition=petition)
        else:
            tasks.send_signature_confirmation.enqueue(signature_id=signature.pk)
    return SignatureResult(signature=signature, created=True)


def confirmation_token(*, signature: Signature) -> str:
    return signing.dumps(signature.pk, salt=CONFIRM_SALT)


class ConfirmationError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "expired", "invalid"


@dataclass(frozen=True)
class ConfirmationResult:
    signature: Signature
    already_confirmed: bool


def signature_for_token(*, token: str) -> Signature:
    """The signature a confirmation link points at; ConfirmationError for bad links."""
    try:
        signature_id = signing.loads(token, salt=CONFIRM_SALT, max_age=_confirm_max_age())
    except signing.SignatureExpired:
        raise ConfirmationError("expired") from None
    except signing.BadSignature:
        raise ConfirmationError("invalid") from None
    if not isinstance(signature_id, int):
        raise ConfirmationError("invalid")
    signature = (
        Signature.objects.select_related("petition", "supporter").filter(pk=signature_id).first()
    )
    if signature is None:
        # Deleted at the supporter's request since the email went out.
        raise ConfirmationError("invalid")
    return signature


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
    for row in rows:
        yield [_csv_safe(value) for value in row]


def _csv_safe(value: Any) -> Any:
    # A cell starting with = + - @ is a formula in spreadsheet programs; signers type these.
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + value
    if value is None:
        return ""
    return value


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


def supporter_export(*, supporter: Supporter) -> dict[str, Any]:
    """Everything we hold about one supporter, from every app, as plain data."""
    data: dict[str, Any] = {
        "supporter": json.loads(serializers.serialize("json", [supporter]))[0]["fields"],
    }
    # Every model that points at Supporter (signatures, letters, registrations, ...),
    # found through the relations so apps added later are covered too.
    for relation in Supporter._meta.related_objects:
        model = relation.related_model
        rows = model._default_manager.filter(**{relation.field.name: supporter})
        label = model._meta.label_lower
        data[label] = [
            {"id": item["pk"], **item["fields"]}
            for item in json.loads(serializers.serialize("json", rows))
        ]
    return data


def supporter_delete(*, supporter: Supporter) -> dict[str, int]:
    """Delete a supporter and everything that points at them; keep the counts right."""
    with transaction.atomic():
        counted = (
            Signature.objects.filter(supporter=supporter)
            .counted()
            .values_list("petition_id")
            .annotate(n=Count("pk"))
            .values_list("petition_id", "n")
        )
        for petition_id, n in counted:
            counter_add(petition_id=petition_id, delta=-n)
        _, deleted = supporter.delete()
    return deleted


def signature_delete(*, signatures: Any) -> int:
    """Delete signatures (a queryset or list) and take the counted ones off the counters."""
    with transaction.atomic():
        ids = [signature.pk for signature in signatures]
        counted = (
            Signature.objects.filter(pk__in=ids)
            .counted()
            .values_list("petition_id")
            .annotate(n=Count("pk"))
            .values_list("petition_id", "n")
        )
        for petition_id, n in counted:
            counter_add(petition_id=petition_id, delta=-n)
        deleted, _ = Signature.objects.filter(pk__in=ids).delete()
    return deleted
