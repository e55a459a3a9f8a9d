"""Workflows with side effects for supporters, petitions, signatures and letters.

Views, forms, admin and commands call these functions; they hold the rules.
"""

import json
import logging
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import timedelta
from email.utils import make_msgid, parseaddr
from typing import Any

from django.conf import settings
from django.core import serializers, signing
from django.core.cache import cache
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Sum
from django.utils import timezone
from django_countries import countries

from legislators.models import Bill, Chamber, Legislator, ZipDistrict
from legislators.services import stances_for
from petitions import delivery, emails
from petitions.models import (
    FEATURED_CACHE_KEY,
    ConfirmationState,
    HoldReason,
    Letter,
    LetterCampaign,
    LetterStatus,
    LetterSubmission,
    Petition,
    Signature,
    SignatureCounter,
    Stance,
    Supporter,
    normalise_email,
)
from petitions.placeholders import LetterValues, fill

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
    location: ZipLocation | None = None,
) -> tuple[Supporter, bool]:
    """The supporter for this email, created if new; safe under concurrent calls.

    An existing supporter's details are only filled in where blank: whoever
    types someone else's address must not be able to rewrite their record.
    `location` is the ZIP's place when the caller has already looked it up.
    """
    email = normalise_email(email)
    if location is None and zip_code:
        location = zip_location(zip_code=zip_code)
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
        if transaction.get_connection().in_atomic_block:
            # The savepoint lets the caller's transaction go on after a lost race.
            with transaction.atomic():
                return Supporter.objects.create(email=email, **defaults), True
        # Outside a transaction the INSERT is atomic on its own: no BEGIN and COMMIT.
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
    """
    from petitions import tasks  # tasks import services; import here to avoid a cycle

    supporter, _ = supporter_get_or_create(
        email=email,
        first_name=first_name,
        last_name=last_name,
        zip_code=zip_code,
        country=country,
        list_opt_in=list_opt_in,
        location=location,
    )
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
                created_at=now,
            )
            if signature.is_confirmed:
                counter_add(petition_id=petition.pk, delta=1)
                petition_raise_goal(petition=petition)
            else:
                tasks.send_signature_confirmation.enqueue(signature_id=signature.pk)
    except IntegrityError:
        signature = Signature.objects.get(petition=petition, supporter=supporter)
        if not signature.is_confirmed:
            # A lost or expired link: signing again sends a fresh one.
            tasks.send_signature_confirmation.enqueue(signature_id=signature.pk)
        return SignatureResult(signature=signature, created=False)
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


def supporter_delete(*, supporter: Supporter) -> dict[str, int]:
    """Delete a supporter and everything that points at them; keep the counts right."""
    with transaction.atomic():
        _uncount(Signature.objects.filter(supporter=supporter))
        _, deleted = supporter.delete()
    return deleted


def signature_delete(*, signatures: Any) -> int:
    """Delete signatures (a queryset or list) and take the counted ones off the counters."""
    with transaction.atomic():
        ids = [signature.pk for signature in signatures]
        _uncount(Signature.objects.filter(pk__in=ids))
        deleted, _ = Signature.objects.filter(pk__in=ids).delete()
    return deleted


logger = logging.getLogger(__name__)

# Longest letter text a supporter may send (before the signature block we add).
MAX_LETTER_LENGTH = 5000


@dataclass(frozen=True)
class LetterDraft:
    """One letter as the supporter approved it, before the signature is added."""

    legislator: Legislator
    stance: str
    subject: str
    text: str


@dataclass(frozen=True)
class Constituent:
    """Who is writing: name, email and the postal address offices need."""

    email: str
    first_name: str
    last_name: str
    street: str
    city: str
    state: str
    zip_code: str
    street_2: str = ""
    phone: str = ""


def letter_drafts(
    *,
    campaign: LetterCampaign,
    legislators: Sequence[Legislator],
    stances: dict[int, str],
    first_name: str,
    last_name: str,
    city: str,
    state: str,
) -> list[LetterDraft]:
    """The campaign's draft for each member, by stance: thanks for (co)sponsors, ask otherwise."""
    drafts = []
    for legislator in legislators:
        stance = stances.get(legislator.pk, Stance.NOT_COSPONSOR)
        thanks = stance in (Stance.SPONSOR, Stance.COSPONSOR)
        values = LetterValues.for_letter(
            legislator=legislator,
            first_name=first_name,
            last_name=last_name,
            city=city,
            state=state,
        )
        drafts.append(
            LetterDraft(
                legislator=legislator,
                stance=stance,
                subject=fill(campaign.thanks_subject if thanks else campaign.ask_subject, values),
                text=fill(campaign.thanks_body if thanks else campaign.ask_body, values),
            )
        )
    return drafts


def stances_for_letters(
    *, legislators: Sequence[Legislator], campaign: LetterCampaign | None = None
) -> dict[int, str]:
    """Each member's stance on the campaign's bill (else the current bill); {} without one."""
    bill = (campaign.bill if campaign is not None else None) or Bill.objects.current()
    if bill is None:
        return {}
    return stances_for(bill=bill, legislators=legislators)


def _message_id() -> str:
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return make_msgid(idstring="letter", domain=domain)


def submission_dedupe_key(*, campaign: LetterCampaign, supporter: Supporter) -> str:
    return f"{campaign.pk}:{supporter.pk}:{timezone.localdate().isoformat()}"


def _supporter_for(constituent: Constituent) -> Supporter:
    supporter, _created = supporter_get_or_create(
        email=constituent.email,
        first_name=constituent.first_name,
        last_name=constituent.last_name,
        zip_code=constituent.zip_code[:5],
    )
    return supporter


def submission_create(
    *,
    campaign: LetterCampaign,
    constituent: Constituent,
    drafts: Sequence[LetterDraft],
) -> tuple[LetterSubmission, bool]:
    """Record one supporter's letters, one per office, and queue them for delivery.

    Returns (submission, created). Writing again to the same campaign on the same
    day returns the first submission untouched, so double clicks, the back button
    and second visits never send duplicate letters.
    """
    from petitions import tasks  # tasks import services; import here to avoid a cycle

    if not drafts:
        raise ValueError("A submission needs at least one letter.")
    for draft in drafts:
        if len(draft.text) > MAX_LETTER_LENGTH:
            raise ValueError("Letter text is too long.")
    with transaction.atomic():
        supporter = _supporter_for(constituent)
        key = submission_dedupe_key(campaign=campaign, supporter=supporter)
        existing = LetterSubmission.objects.filter(dedupe_key=key).first()
        if existing is not None:
            return existing, False
        pending = campaign.require_confirmation
        try:
            with transaction.atomic():
                submission = LetterSubmission.objects.create(
                    campaign=campaign,
                    supporter=supporter,
                    first_name=constituent.first_name,
                    last_name=constituent.last_name,
                    street=constituent.street,
                    street_2=constituent.street_2,
                    city=constituent.city,
                    state=constituent.state,
                    zip_code=constituent.zip_code,
                    phone=constituent.phone,
                    confirmation=(
                        ConfirmationState.PENDING if pending else ConfirmationState.NOT_NEEDED
                    ),
                    dedupe_key=key,
                )
        except IntegrityError:
            # A simultaneous request (a double click) won the race.
            return LetterSubmission.objects.get(dedupe_key=key), False
        letters = []
        for draft in drafts:
            if pending:
                status, reason = LetterStatus.HELD, HoldReason.UNCONFIRMED
            elif not draft.legislator.delivery_email:
                status, reason = LetterStatus.HELD, HoldReason.NO_ADDRESS
            else:
                status, reason = LetterStatus.QUEUED, HoldReason.NONE
            letters.append(
                Letter(
                    submission=submission,
                    legislator=draft.legislator,
                    stance=draft.stance,
                    subject=emails.clean_header_text(draft.subject, max_length=255),
                    body=emails.letter_body(text=draft.text, submission=submission),
                    status=status,
                    hold_reason=reason,
                    last_error="held: no office address" if reason == HoldReason.NO_ADDRESS else "",
                    message_id=_message_id(),
                )
            )
        Letter.objects.bulk_create(letters)
        # One task per submission, written in this transaction so it exists exactly
        # when the letters do: it sends them and then the supporter's copy.
        tasks.deliver_submission.enqueue(submission.pk)
        transaction.on_commit(tasks.sweep_ensure)
    return submission, True


def submission_deliver(*, submission_id: int) -> dict[str, int]:
    """Send a submission's letters, then anything else due, then the supporter's copy.

    All over one mail session. The letters go first: the copy is a courtesy, and if
    it fails the sweep sends it again later. Returns letters by outcome and whether
    the copy went out now.
    """
    with delivery.mail_session() as connection:
        outcomes = delivery.letters_deliver_due(submission_id=submission_id, connection=connection)
        copied = submission_copy_send(submission_id=submission_id, connection=connection)
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    return counts | {"copy": int(copied)}


def submission_copy_send(*, submission_id: int, connection: BaseEmailBackend | None = None) -> bool:
    """Email the supporter their copies once; returns False if it was already sent.

    The row is marked before sending (so two workers never both send) and unmarked
    if sending fails, so the sweep tries again later.
    """
    claimed = LetterSubmission.objects.filter(pk=submission_id, copy_sent_at__isnull=True).update(
        copy_sent_at=timezone.now()
    )
    if not claimed:
        return False
    submission = LetterSubmission.objects.select_related("supporter", "campaign").get(
        pk=submission_id
    )
    try:
        emails.submission_copy(submission, connection=connection)
    except Exception:
        LetterSubmission.objects.filter(pk=submission_id).update(copy_sent_at=None)
        raise
    return True


def submission_copies_resend(*, older_than: timedelta, within: timedelta) -> int:
    """Queue the copies that have not gone out (their task failed or was lost)."""
    from petitions import tasks

    now = timezone.now()
    ids = list(
        LetterSubmission.objects.filter(
            copy_sent_at__isnull=True,
            created_at__lt=now - older_than,
            created_at__gt=now - within,
        ).values_list("pk", flat=True)
    )
    for submission_id in ids:
        tasks.send_submission_copy.enqueue(submission_id)
    return len(ids)


def submission_confirm(*, submission: LetterSubmission) -> int:
    """The supporter confirmed their email: queue their held letters; returns how many."""
    now = timezone.now()
    with transaction.atomic():
        updated = LetterSubmission.objects.filter(
            pk=submission.pk, confirmation=ConfirmationState.PENDING
        ).update(confirmation=ConfirmationState.CONFIRMED, confirmed_at=now)
        if not updated:
            return 0
        waiting = Letter.objects.filter(
            submission=submission, status=LetterStatus.HELD, hold_reason=HoldReason.UNCONFIRMED
        )
        waiting.filter(legislator__delivery_email="").update(
            hold_reason=HoldReason.NO_ADDRESS, last_error="held: no office address", updated_at=now
        )
        ids = list(waiting.values_list("pk", flat=True))
        Letter.objects.filter(pk__in=ids).update(
            status=LetterStatus.QUEUED, hold_reason=HoldReason.NONE, next_attempt_at=now
        )
        delivery.letters_wake(letter_ids=ids)
    return len(ids)


def letter_counts_by_legislator(
    *, campaign: LetterCampaign | None = None
) -> dict[int, dict[str, int]]:
    """Letters per office and status: {legislator_id: {"sent": 3, "held": 1, ...}}."""
    letters = Letter.objects.all()
    if campaign is not None:
        letters = letters.filter(submission__campaign=campaign)
    counts: dict[int, dict[str, int]] = {}
    rows = letters.order_by().values("legislator_id", "status").annotate(total=Count("pk"))
    for row in rows:
        counts.setdefault(row["legislator_id"], {})[row["status"]] = row["total"]
    return counts


OFFICE_EXPORT_COLUMNS = [
    "written_at",
    "campaign",
    "status",
    "first_name",
    "last_name",
    "street",
    "street_2",
    "city",
    "state",
    "zip_code",
    "phone",
    "email",
    "subject",
    "body",
]


def letters_for_office(
    *, legislator_id: int, campaign: LetterCampaign | None = None
) -> list[list[object]]:
    """Rows of OFFICE_EXPORT_COLUMNS for every letter to one office (not cancelled)."""
    letters = (
        Letter.objects.filter(legislator_id=legislator_id)
        .exclude(status=LetterStatus.CANCELLED)
        .select_related("submission__campaign", "submission__supporter")
        .order_by("created_at", "pk")
    )
    if campaign is not None:
        letters = letters.filter(submission__campaign=campaign)
    rows = []
    for letter in letters:
        submission = letter.submission
        rows.append(
            [
                timezone.localtime(letter.created_at).isoformat(timespec="minutes"),
                submission.campaign.title,
                letter.status,
                submission.first_name,
                submission.last_name,
                submission.street,
                submission.street_2,
                submission.city,
                submission.state,
                submission.zip_code,
                submission.phone,
                submission.supporter.email,
                letter.subject,
                letter.body,
            ]
        )
    return rows


DEMO_CAMPAIGN_SLUG = "keep-call-centers-in-america"


@dataclass(frozen=True)
class LettersDemoReport:
    campaign: LetterCampaign
    campaign_created: bool
    addresses_added: int
    letters_released: int


def letters_demo_load(*, office_addresses: bool = True) -> LettersDemoReport:
    """Demo letter campaign plus example.org delivery addresses for offices that have none.

    The addresses are on the reserved example.org domain, so nothing reaches a real
    office; a real address entered by staff is never replaced. Idempotent.
    """
    campaign, created = LetterCampaign.objects.get_or_create(
        slug=DEMO_CAMPAIGN_SLUG,
        defaults={
            "title": "Write to Congress: keep call center jobs in America",
            "intro": (
                "Call center work keeps families and towns going. Ask your senators and your "
                "representative to back the Keep Call Centers in America Act, or thank them "
                "if they already do. It takes two minutes, and every office counts the letters "
                "it gets from home."
            ),
            "targets": "both",
            "ask_subject": "Please cosponsor the Keep Call Centers in America Act",
            "ask_body": (
                "Dear {lawmaker_title} {lawmaker_last_name},\n\n"
                "I live in {city}, {state}, and I am writing to ask you to cosponsor the Keep "
                "Call Centers in America Act.\n\n"
                "When a company moves its call center overseas, a town loses steady jobs and "
                "callers lose the right to know who they are talking to. The bill asks "
                "offshore call centers to say where they are, lets any caller ask for an agent "
                "in the United States, and keeps federal grants and loans away from companies "
                "that send this work abroad.\n\n"
                "Please add your name to the bill and let me know where you stand.\n\n"
                "Sincerely,"
            ),
            "thanks_subject": "Thank you for cosponsoring the Keep Call Centers in America Act",
            "thanks_body": (
                "Dear {lawmaker_title} {lawmaker_last_name},\n\n"
                "Thank you for cosponsoring the Keep Call Centers in America Act. As your "
                "constituent in {city}, {state}, I am grateful that you stand with the people "
                "who answer our calls.\n\n"
                "Please keep pushing to bring the bill to a vote.\n\n"
                "Sincerely,"
            ),
        },
    )
    added = released = 0
    if office_addresses:
        missing = Legislator.objects.serving().filter(delivery_email="")
        for legislator in missing:
            legislator.delivery_email = f"office-{legislator.bioguide_id.lower()}@example.org"
        Legislator.objects.bulk_update(missing, ["delivery_email"], batch_size=500)
        added = len(missing)
        # bulk_update sends no signals, so release held letters here.
        for legislator in missing:
            released += delivery.letters_release_held(legislator_id=legislator.pk)
    return LettersDemoReport(
        campaign=campaign,
        campaign_created=created,
        addresses_added=added,
        letters_released=released,
    )
