"""Workflows for supporters: one row per person, their consents, their own data.

Higher apps hear about a supporter's deletion through `supporters.signals`.
"""

import json
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import serializers
from django.db import IntegrityError, transaction
from django.tasks import task
from django.utils import timezone, translation

from core import signing
from core.signing import LinkExpired, LinkInvalid, Purpose
from legislators.lookup import ZipLocation, zip_location
from legislators.states import seat_code
from supporters import emails, lists, signals
from supporters.models import (
    EmailList,
    ListSubscription,
    SoftBounce,
    Supporter,
    Suppression,
    normalise_email,
)


def supporter_get_or_create(
    *,
    email: str,
    first_name: str,
    last_name: str,
    zip_code: str = "",
    country: str = "US",
    list_opt_in: bool = False,
    list_source: str = "sign-up",
    location: ZipLocation | None = None,
    language: str | None = None,
) -> tuple[Supporter, bool]:
    """The supporter for this email, created if new; safe under concurrent calls.

    An existing supporter's details are only filled in where blank: whoever
    types someone else's address must not be able to rewrite their record.
    `location` is the ZIP's place when the caller has already looked it up.
    `list_opt_in` records a newsletter consent (see supporters.lists): pass it only
    once the address is confirmed.
    `language` (default: the active one, the page the person acted on) is remembered when
    it is not the site's default: someone who acts in Spanish gets their emails in Spanish.
    """
    email = normalise_email(email)
    language = _spoken(language if language is not None else translation.get_language())
    if location is None and zip_code:
        location = zip_location(zip_code=zip_code)
    defaults = {
        "first_name": first_name,
        "last_name": last_name,
        "zip_code": zip_code,
        "country": country or "US",
        "state": location.state if location else "",
        "district": location.district if location else None,
        "language": language,
    }
    supporter, created = _supporter_insert_or_get(email=email, defaults=defaults)
    if list_opt_in:
        lists.consent_give(supporter=supporter, email_list=EmailList.NEWSLETTER, source=list_source)
    if created:
        return supporter, True
    changed = []
    for field in ("first_name", "last_name", "zip_code", "state"):
        if not getattr(supporter, field) and defaults[field]:
            setattr(supporter, field, defaults[field])
            changed.append(field)
    if supporter.district is None and defaults["district"] is not None and "zip_code" in changed:
        supporter.district = defaults["district"]
        changed.append("district")
    if language and language != settings.LANGUAGE_CODE and supporter.language != language:
        supporter.language = language
        changed.append("language")
    if changed:
        supporter.save(update_fields=changed)
    return supporter, False


def _supporter_insert_or_get(*, email: str, defaults: dict[str, Any]) -> tuple[Supporter, bool]:
    try:
        if transaction.get_connection().in_atomic_block:
            # The savepoint lets the caller's transaction go on after a lost race.
            with transaction.atomic():
                return Supporter.objects.create(email=email, **defaults), True
        # Outside a transaction the INSERT is atomic on its own: no BEGIN and COMMIT.
        return Supporter.objects.create(email=email, **defaults), True
    except IntegrityError:
        return Supporter.objects.get(email=email), False


def _spoken(language: str | None) -> str:
    # "es-mx" from a browser is "es"; anything the site does not speak is left unrecorded.
    code = (language or "").split("-")[0].lower()
    return code if code in dict(settings.LANGUAGES) else ""


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
    # Suppressions and soft bounces are kept by address, not by supporter.
    for model in (Suppression, SoftBounce):
        rows = model._default_manager.filter(email=supporter.email)
        data[model._meta.label_lower] = [
            {"id": item["pk"], **item["fields"]}
            for item in json.loads(serializers.serialize("json", rows))
        ]
    return data


def supporter_delete(*, supporter: Supporter) -> dict[str, int]:
    """Delete a supporter and everything that points at them; keep the counts right.

    `supporters.signals.supporter_deleting` lets the apps that keep counts take this
    person's rows off them first, inside the same transaction.
    """
    with transaction.atomic():
        signals.supporter_deleting.send(sender=Supporter, supporter=supporter)
        email = supporter.email
        _, deleted = supporter.delete()
        # The address goes too: without a consent nothing is mailed to it anyway, and a
        # new confirmed sign-up is a fresh start.
        suppressed, _by_model = Suppression.objects.filter(email=email).delete()
        if suppressed:
            deleted = {**deleted, Suppression._meta.label: suppressed}
        bounces, _by_model = SoftBounce.objects.filter(email=email).delete()
        if bounces:
            deleted = {**deleted, SoftBounce._meta.label: bounces}
    return deleted


def supporter_place_from_link(*, purpose: Purpose, token: str) -> tuple[str, str]:
    """The ZIP code and seat ("OH-3", or "" when unknown) of the supporter a mailing's
    personal link names, so a flow can open with their lawmakers found. ("", "") when the
    supporter is gone or never gave a ZIP code; LinkInvalid when the link cannot be trusted
    or has expired."""
    supporter_id = signing.read_id(purpose, token, key="s")
    supporter = (
        Supporter.objects.filter(pk=supporter_id).only("zip_code", "state", "district").first()
    )
    if supporter is None or not supporter.zip_code:
        return "", ""
    seat = ""
    if supporter.state and supporter.district is not None:
        seat = seat_code(supporter.state, supporter.district)
    return supporter.zip_code, seat


def supporter_for_name(*, email: str, full_name: str = "", zip_code: str = "") -> Supporter:
    """The one supporter row for this address; fills names and ZIP only where they are blank."""
    first, _space, last = full_name.strip().rpartition(" ")
    # A single word is a first name, not a surname.
    first_name, last_name = (first, last) if first else (last, "")
    supporter, _created = supporter_get_or_create(
        email=email,
        first_name=first_name[:100],
        last_name=last_name[:100],
        zip_code=zip_code[:5],
    )
    return supporter


# --- The email list ---------------------------------------------------------------------

# Someone typing another person's address again and again must not flood their inbox.
CONFIRMATION_RESEND_AFTER = timedelta(minutes=10)


def list_signup_request(
    *,
    name: str,
    email: str,
    zip_code: str,
    email_lists: Iterable[str] = (EmailList.NEWSLETTER,),
    source: str = "list page",
) -> ListSubscription:
    """Record a request to join lists and queue the confirmation email.

    Consent to `email_lists` is recorded only when the link in that email is followed.
    Whatever the address's history, the caller shows the same page, so the response never
    tells a stranger whether someone is on the list.
    """
    requested = ",".join(value for value in EmailList.values if value in set(email_lists))
    now = timezone.now()
    with transaction.atomic():
        # Names and ZIP wait on the subscription until the address is confirmed.
        supporter, _created = supporter_get_or_create(email=email, first_name="", last_name="")
        subscription, created = ListSubscription.objects.select_for_update().get_or_create(
            supporter=supporter,
            defaults={
                "name": name,
                "zip_code": zip_code,
                "requested_at": now,
                "requested_lists": requested,
                "source": source,
            },
        )
        if not created:
            recently_sent = (
                subscription.confirmation_sent_at is not None
                and now - subscription.confirmation_sent_at < CONFIRMATION_RESEND_AFTER
            )
            if recently_sent and set(requested.split(",")) <= set(
                subscription.requested_lists.split(",")
            ):
                return subscription
            on_lists = {value for value, on in lists.consents_of(supporter=supporter).items() if on}
            if subscription.status == ListSubscription.Status.CONFIRMED:
                if set(requested.split(",")) <= on_lists:
                    subscription.requested_at = now
                    subscription.save(update_fields=["requested_at"])
                    return subscription
                # On the list, asking for another one: that one counts only once the
                # new link is followed.
                subscription.status = ListSubscription.Status.PENDING
            else:
                # A fresh request: the newest link is the one that works.
                subscription.name = name
                subscription.zip_code = zip_code
                subscription.status = ListSubscription.Status.PENDING
            subscription.requested_lists = requested
            subscription.source = source
            subscription.requested_at = now
            subscription.save(
                update_fields=[
                    "name",
                    "zip_code",
                    "status",
                    "requested_at",
                    "requested_lists",
                    "source",
                ]
            )
        send_list_confirmation.enqueue(subscription.pk)
    return subscription


def list_confirmation_send(*, subscription_id: int) -> bool:
    """Email the double opt-in link for the subscription's latest request."""
    subscription = (
        ListSubscription.objects.select_related("supporter").filter(pk=subscription_id).first()
    )
    if subscription is None:
        return False
    emails.list_confirmation(subscription=subscription)
    ListSubscription.objects.filter(pk=subscription.pk).update(confirmation_sent_at=timezone.now())
    return True


class ListLinkOutcome:
    """What happened when someone followed a list link; each has its own page."""

    # Templates compare with these (Outcome.VALID); they must not call the class.
    do_not_call_in_templates = True

    CONFIRMED = "confirmed"
    ALREADY_CONFIRMED = "already_confirmed"
    REPLACED = "replaced"
    LEFT_AFTERWARDS = "left_afterwards"
    EXPIRED = "expired"
    INVALID = "invalid"
    UNSUBSCRIBED = "unsubscribed"
    VALID = "valid"


def list_confirm_check(*, token: str) -> tuple[str, ListSubscription | None]:
    """Read a confirmation link without changing anything (for the page with the button)."""
    try:
        claim = signing.read(Purpose.LIST_CONFIRM, token)
        subscription_id, requested = int(claim["s"]), int(claim["r"])
    except LinkExpired:
        return ListLinkOutcome.EXPIRED, None
    except (LinkInvalid, KeyError, TypeError, ValueError):
        return ListLinkOutcome.INVALID, None
    subscription = ListSubscription.objects.filter(pk=subscription_id).first()
    if subscription is None:
        return ListLinkOutcome.INVALID, None
    if subscription.status == ListSubscription.Status.CONFIRMED:
        return ListLinkOutcome.ALREADY_CONFIRMED, subscription
    if requested != subscription.request_stamp:
        return ListLinkOutcome.REPLACED, subscription
    if subscription.status == ListSubscription.Status.UNSUBSCRIBED:
        return ListLinkOutcome.LEFT_AFTERWARDS, subscription
    return ListLinkOutcome.VALID, subscription


def list_subscription_confirm(*, token: str) -> str:
    """Confirm the signup a link belongs to; returns a ListLinkOutcome value."""
    with transaction.atomic():
        outcome, subscription = list_confirm_check(token=token)
        if outcome != ListLinkOutcome.VALID or subscription is None:
            return outcome
        subscription = ListSubscription.objects.select_for_update().get(pk=subscription.pk)
        if subscription.status == ListSubscription.Status.CONFIRMED:
            return ListLinkOutcome.ALREADY_CONFIRMED
        now = timezone.now()
        subscription.status = ListSubscription.Status.CONFIRMED
        subscription.confirmed_at = now
        subscription.unsubscribed_at = None
        subscription.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])
        supporter = supporter_for_name(
            email=subscription.supporter.email,
            full_name=subscription.name,
            zip_code=subscription.zip_code,
        )
        for email_list in subscription.requested_list_values or [EmailList.NEWSLETTER]:
            lists.consent_give(
                supporter=supporter, email_list=email_list, source=subscription.source
            )
        send_list_welcome.enqueue(subscription.pk)
    return ListLinkOutcome.CONFIRMED


def list_unsubscribe_check(*, token: str) -> tuple[str, ListSubscription | None]:
    try:
        subscription_id = signing.read_id(Purpose.LIST_UNSUBSCRIBE, token, key="s")
    except LinkInvalid:
        return ListLinkOutcome.INVALID, None
    subscription = ListSubscription.objects.filter(pk=subscription_id).first()
    if subscription is None:
        return ListLinkOutcome.INVALID, None
    if subscription.status == ListSubscription.Status.UNSUBSCRIBED:
        return ListLinkOutcome.UNSUBSCRIBED, subscription
    return ListLinkOutcome.VALID, subscription


def list_unsubscribe(*, token: str) -> str:
    """Take the person off the list. Safe to repeat; returns a ListLinkOutcome value."""
    with transaction.atomic():
        outcome, subscription = list_unsubscribe_check(token=token)
        if outcome != ListLinkOutcome.VALID or subscription is None:
            return outcome
        subscription = ListSubscription.objects.select_for_update().get(pk=subscription.pk)
        subscription.status = ListSubscription.Status.UNSUBSCRIBED
        subscription.unsubscribed_at = timezone.now()
        subscription.save(update_fields=["status", "unsubscribed_at"])
        # The link in emails sent before there were several lists leaves them all.
        lists.consent_withdraw_all(
            supporter=subscription.supporter, source=lists.SOURCE_UNSUBSCRIBE_LINK
        )
    return ListLinkOutcome.UNSUBSCRIBED


def list_welcome_send(*, subscription_id: int) -> bool:
    """Send the welcome message to a subscriber who is still confirmed when the task runs."""
    subscription = (
        ListSubscription.objects.confirmed()
        .select_related("supporter")
        .filter(pk=subscription_id)
        .first()
    )
    if subscription is None:
        return False
    emails.list_welcome(subscription=subscription)
    return True


@task()
def send_list_confirmation(subscription_id: int) -> bool:
    return list_confirmation_send(subscription_id=subscription_id)


@task()
def send_list_welcome(subscription_id: int) -> bool:
    return list_welcome_send(subscription_id=subscription_id)
