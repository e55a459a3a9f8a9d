"""The email lists: who consented to which, who left, and which addresses we never mail.

Invariants:
- A supporter is on a list only through an active `ListConsent` (written once the person
  confirmed); withdrawing keeps the row, dated, so the record of consent survives.
- `Supporter.list_opt_in` is true exactly when the supporter has at least one active consent.
- A suppressed address (hard bounce, complaint, staff) receives no list mail, whatever its
  consents say; `subscribers()` and `sendable_ids()` are the only ways to ask who may be mailed.
- Giving, withdrawing and suppressing are idempotent: repeating one changes nothing.
"""

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone

from core import signing
from core.mail import absolute
from core.signing import LinkExpired, LinkInvalid, Purpose
from supporters import signals
from supporters.models import (
    EmailList,
    ListConsent,
    Supporter,
    Suppression,
    normalise_email,
)

# Where a consent or its withdrawal came from (ListConsent.source, .unsubscribed_source).
SOURCE_LIST_PAGE = "list page"
SOURCE_PETITION = "petition"
SOURCE_LETTER = "letter"
SOURCE_CALLS = "calls"
SOURCE_MIGRATED = "migrated"
SOURCE_PREFERENCES = "preferences"
SOURCE_ONE_CLICK = "one-click"
SOURCE_UNSUBSCRIBE_LINK = "unsubscribe link"
SOURCE_STAFF = "staff"


class UnknownList(ValueError):
    """The value names no EmailList."""


def _check_list(email_list: str) -> str:
    if email_list not in EmailList.values:
        raise UnknownList(email_list)
    return email_list


def _not_suppressed() -> Exists:
    return Exists(Suppression.objects.filter(email=OuterRef("email")))


def subscribers(*, email_list: str) -> QuerySet[Supporter]:
    """Supporters with an active confirmed consent to this list and no suppression."""
    _check_list(email_list)
    consenting = ListConsent.objects.active().filter(
        email_list=email_list, supporter=OuterRef("pk")
    )
    return Supporter.objects.filter(Exists(consenting)).exclude(_not_suppressed())


def sendable_ids(*, email_list: str, supporter_ids: Iterable[int]) -> set[int]:
    """Of these ids, those who may receive the list right now (checked per batch at send time)."""
    _check_list(email_list)
    ids = list(supporter_ids)
    if not ids:
        return set()
    # From the consents' side, so a batch reads its own rows through the index on
    # (email_list, supporter) instead of every consent to the list.
    rows = (
        ListConsent.objects.active()
        .filter(email_list=email_list, supporter_id__in=ids)
        .exclude(Exists(Suppression.objects.filter(email=OuterRef("supporter__email"))))
        .order_by()
        .values_list("supporter_id", flat=True)
    )
    return set(rows)


def unsubscribe_token(*, supporter_id: int, email_list: str) -> str:
    # No timestamp: one (supporter, list) always has the same link.
    return signing.make_permanent(
        Purpose.LIST_ONE_CLICK, {"s": supporter_id, "l": _check_list(email_list)}
    )


def unsubscribe_url(*, supporter_id: int, email_list: str) -> str:
    """Absolute https URL (from settings.SITE_URL) of the one-click unsubscribe for one list.

    GET shows a confirm page; POST (RFC 8058 body "List-Unsubscribe=One-Click", no CSRF
    token, no cookies) unsubscribes at once.
    """
    token = unsubscribe_token(supporter_id=supporter_id, email_list=email_list)
    return absolute(reverse("supporters:list_unsubscribe", kwargs={"token": token}))


def unsubscribe_headers(*, supporter_id: int, email_list: str) -> dict[str, str]:
    """RFC 2369 and RFC 8058 headers for one message of one list."""
    url = unsubscribe_url(supporter_id=supporter_id, email_list=email_list)
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def preferences_token(*, supporter_id: int) -> str:
    return signing.make(Purpose.LIST_PREFERENCES, {"s": supporter_id})


def preferences_url(*, supporter_id: int) -> str:
    """Absolute URL of the signed, no-login preferences page listing every list."""
    token = preferences_token(supporter_id=supporter_id)
    return absolute(reverse("supporters:list_preferences", kwargs={"token": token}))


def _lock(supporter: Supporter) -> None:
    # One change to a person's lists at a time, so the summary flag cannot be left
    # behind by two requests racing (a one-click and a preferences save).
    list(Supporter.objects.select_for_update().filter(pk=supporter.pk).values_list("pk"))


def _sync_opt_in(supporter: Supporter) -> None:
    """Keep the supporter's summary flag true exactly while a consent is active."""
    active = ListConsent.objects.active().filter(supporter=supporter).exists()
    opted_in, opted_in_at = (
        Supporter.objects.filter(pk=supporter.pk).values_list("list_opt_in", "list_opt_in_at").get()
    )
    if active and not opted_in:
        opted_in, opted_in_at = True, timezone.now()
    elif not active and opted_in:
        opted_in, opted_in_at = False, None
    else:
        supporter.list_opt_in, supporter.list_opt_in_at = opted_in, opted_in_at
        return
    Supporter.objects.filter(pk=supporter.pk).update(
        list_opt_in=opted_in, list_opt_in_at=opted_in_at
    )
    supporter.list_opt_in, supporter.list_opt_in_at = opted_in, opted_in_at


def consent_give(*, supporter: Supporter, email_list: str, source: str) -> ListConsent:
    """Record a confirmed consent to one list; an active one is kept as it is.

    Call only once the person has confirmed their address (double opt-in): the row is the
    proof of consent. A withdrawn consent given again starts anew from now.
    """
    _check_list(email_list)
    now = timezone.now()
    with transaction.atomic():
        _lock(supporter)
        try:
            with transaction.atomic():
                consent = ListConsent.objects.create(
                    supporter=supporter, email_list=email_list, consented_at=now, source=source
                )
        except IntegrityError:
            consent = ListConsent.objects.select_for_update().get(
                supporter=supporter, email_list=email_list
            )
            if not consent.is_active:
                consent.consented_at = now
                consent.source = source
                consent.unsubscribed_at = None
                consent.unsubscribed_source = ""
                consent.save(
                    update_fields=[
                        "consented_at",
                        "source",
                        "unsubscribed_at",
                        "unsubscribed_source",
                    ]
                )
        _sync_opt_in(supporter)
    return consent


def consent_withdraw(*, supporter: Supporter, email_list: str, source: str) -> None:
    """Take the supporter off one list; nothing happens when they are not on it."""
    _check_list(email_list)
    with transaction.atomic():
        _lock(supporter)
        withdrawn = (
            ListConsent.objects.active()
            .filter(supporter=supporter, email_list=email_list)
            .update(unsubscribed_at=timezone.now(), unsubscribed_source=source)
        )
        _sync_opt_in(supporter)
        if withdrawn:
            transaction.on_commit(
                lambda: signals.consent_withdrawn.send(
                    sender=ListConsent, supporter_id=supporter.pk, email_list=email_list
                )
            )


def consent_withdraw_all(*, supporter: Supporter, source: str) -> None:
    """Take the supporter off every list."""
    for email_list in EmailList.values:
        consent_withdraw(supporter=supporter, email_list=email_list, source=source)


def consents_of(*, supporter: Supporter) -> dict[str, bool]:
    """Every list, and whether the supporter is on it now."""
    active = set(
        ListConsent.objects.active()
        .filter(supporter=supporter)
        .values_list("email_list", flat=True)
    )
    return {value: value in active for value in EmailList.values}


def suppression_add(*, email: str, reason: str, detail: str = "") -> Suppression:
    """Never send list mail to this address again; an existing suppression is kept as it is."""
    if reason not in Suppression.Reason.values:
        raise ValueError(f"Unknown suppression reason {reason!r}")
    email = normalise_email(email)
    try:
        with transaction.atomic():
            return Suppression.objects.create(email=email, reason=reason, detail=detail[:500])
    except IntegrityError:
        return Suppression.objects.get(email=email)


def is_suppressed(*, email: str) -> bool:
    return Suppression.objects.filter(email=normalise_email(email)).exists()


# --- Signed links -----------------------------------------------------------------------------


class LinkState:
    """What a list link turned out to be; each has its own page."""

    do_not_call_in_templates = True

    VALID = "valid"
    # A preferences link past its age: it may still take its owner off every list.
    EXPIRED = "expired"
    INVALID = "invalid"


def unsubscribe_link_read(*, token: str) -> tuple[str, Supporter | None, str]:
    """(state, supporter, list) for a one-click link, changing nothing."""
    try:
        claim = signing.read_permanent(Purpose.LIST_ONE_CLICK, token)
        supporter_id, email_list = claim["s"], claim["l"]
    except (LinkInvalid, KeyError, TypeError):
        return LinkState.INVALID, None, ""
    if isinstance(supporter_id, bool) or not isinstance(supporter_id, int):
        return LinkState.INVALID, None, ""
    if email_list not in EmailList.values:
        return LinkState.INVALID, None, ""
    supporter = Supporter.objects.filter(pk=supporter_id).first()
    if supporter is None:
        return LinkState.INVALID, None, ""
    return LinkState.VALID, supporter, email_list


def preferences_link_read(*, token: str) -> tuple[str, Supporter | None]:
    """(state, supporter) for a preferences link; EXPIRED still names the supporter."""
    try:
        claim = signing.read(Purpose.LIST_PREFERENCES, token)
        state = LinkState.VALID
    except LinkExpired:
        # Genuine but old: good enough to leave, not to join.
        try:
            claim = signing.read_any_age(Purpose.LIST_PREFERENCES, token)
        except LinkInvalid:
            return LinkState.INVALID, None
        state = LinkState.EXPIRED
    except LinkInvalid:
        return LinkState.INVALID, None
    supporter_id = claim.get("s") if isinstance(claim, dict) else None
    if isinstance(supporter_id, bool) or not isinstance(supporter_id, int):
        return LinkState.INVALID, None
    supporter = Supporter.objects.filter(pk=supporter_id).first()
    if supporter is None:
        return LinkState.INVALID, None
    return state, supporter


def preferences_set(*, supporter: Supporter, chosen: Iterable[str], source: str) -> None:
    """Make the supporter's lists exactly `chosen`: join those ticked, leave the rest."""
    chosen_set = {_check_list(value) for value in chosen}
    with transaction.atomic():
        for email_list in EmailList.values:
            if email_list in chosen_set:
                consent_give(supporter=supporter, email_list=email_list, source=source)
            else:
                consent_withdraw(supporter=supporter, email_list=email_list, source=source)
