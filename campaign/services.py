"""Workflows for news, events and the email list. Views, admin and commands call these."""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaign import pagecache
from campaign.models import Event, EventRegistration, ListSubscription, NewsPost, NewsStatus
from campaign.tokens import (
    TokenExpired,
    TokenInvalid,
    confirm_token_matches,
    confirm_token_read,
    unsubscribe_token_read,
)
from petitions.models import Supporter, normalise_email
from petitions.services import supporter_get_or_create


def news_publish(*, posts: QuerySet[NewsPost]) -> int:
    """Publish the given posts. Posts scheduled for later keep their time; drafts dated
    in the past go live now, so publishing never backdates a post. Returns the count."""
    now = timezone.now()
    count = 0
    for post in posts.exclude(status=NewsStatus.PUBLISHED):
        post.status = NewsStatus.PUBLISHED
        if post.published_at <= now:
            post.published_at = now
        post.save(update_fields=["status", "published_at", "updated_at"])
        count += 1
    return count


def news_unpublish(*, posts: QuerySet[NewsPost]) -> int:
    """Turn published posts back into drafts. Returns how many changed."""
    count = posts.filter(status=NewsStatus.PUBLISHED).update(
        status=NewsStatus.DRAFT, updated_at=timezone.now()
    )
    # A bulk update sends no save signal; an unpublished post must leave cached pages now.
    pagecache.new_generation()
    return count


logger = logging.getLogger(__name__)


# Events ---------------------------------------------------------------------------------------


class RegistrationError(Exception):
    """Registration refused; `message` says why, in words for the person filling the form."""

    message = _("We could not take this registration.")

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.message)
        if message:
            self.message = message


class RegistrationClosed(RegistrationError):
    message = _("Registration for this event has closed.")


class EventFull(RegistrationError):
    message = _("This event is full: every materials box has been claimed.")


class DuplicateRegistration(RegistrationError):
    message = _(
        "This local or this email address is already registered for this event. "
        "Check your inbox for the confirmation, or write to us to change the details."
    )


@dataclass(frozen=True)
class RegistrationDetails:
    local_number: str
    contact_name: str
    email: str
    phone: str
    street: str
    city: str
    state: str
    zip_code: str
    expected_participants: int


def _supporter_for(*, email: str, full_name: str = "", zip_code: str = "") -> Supporter:
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


def event_register(*, event: Event, details: RegistrationDetails) -> EventRegistration:
    """Register a local for an event and queue its confirmation email.

    The event row is locked for the whole transaction, so two locals racing for the last
    materials box cannot both get it (PostgreSQL: SELECT ... FOR UPDATE; SQLite
    serialises writers anyway). Raises a RegistrationError subclass when refused.
    """
    from campaign.tasks import send_event_registration_confirmation

    try:
        with transaction.atomic():
            locked = Event.objects.select_for_update().get(pk=event.pk)
            now = timezone.now()
            if not locked.is_published or locked.registration_deadline < now:
                raise RegistrationClosed
            if locked.ends_at < now:
                raise RegistrationClosed
            duplicate = locked.registrations.filter(local_number=details.local_number).exists() or (
                locked.registrations.filter(
                    supporter__email=normalise_email(details.email)
                ).exists()
            )
            if duplicate:
                raise DuplicateRegistration
            if locked.capacity is not None and locked.registrations.count() >= locked.capacity:
                raise EventFull
            supporter = _supporter_for(email=details.email, full_name=details.contact_name)
            registration = EventRegistration.objects.create(
                event=locked,
                supporter=supporter,
                local_number=details.local_number,
                contact_name=details.contact_name,
                phone=details.phone,
                street=details.street,
                city=details.city,
                state=details.state,
                zip_code=details.zip_code,
                expected_participants=details.expected_participants,
            )
            # Same transaction: the task exists exactly when the registration does.
            send_event_registration_confirmation.enqueue(registration.pk)
    except IntegrityError:
        # Only the unique constraints can fail here: a twin request won the race.
        raise DuplicateRegistration from None
    logger.info("Event %s: registration %s created", event.pk, registration.pk)
    return registration


def event_registration_confirmation_send(*, registration_id: int) -> bool:
    """Email the confirmation for one registration, once. Returns whether a message went out."""
    from campaign import emails

    with transaction.atomic():
        registration = (
            EventRegistration.objects.select_for_update()
            .select_related("event", "supporter")
            .filter(pk=registration_id, confirmation_sent_at__isnull=True)
            .first()
        )
        if registration is None:
            return False
        emails.event_registration_confirmation(registration=registration)
        registration.confirmation_sent_at = timezone.now()
        registration.save(update_fields=["confirmation_sent_at"])
    return True


# Email list -----------------------------------------------------------------------------------

# Someone typing another person's address again and again must not flood their inbox.
CONFIRMATION_RESEND_AFTER = timedelta(minutes=10)


def list_signup_request(*, name: str, email: str, zip_code: str) -> ListSubscription:
    """Record a request to join the list and queue the confirmation email.

    Whatever the address's history, the caller shows the same page, so the response never
    tells a stranger whether someone is on the list.
    """
    from campaign.tasks import send_list_confirmation

    now = timezone.now()
    with transaction.atomic():
        supporter, _created = Supporter.objects.get_or_create(email=normalise_email(email))
        subscription, created = ListSubscription.objects.select_for_update().get_or_create(
            supporter=supporter,
            defaults={"name": name, "zip_code": zip_code, "requested_at": now},
        )
        if not created:
            recently_sent = (
                subscription.confirmation_sent_at is not None
                and now - subscription.confirmation_sent_at < CONFIRMATION_RESEND_AFTER
            )
            if recently_sent:
                return subscription
            if subscription.status != ListSubscription.Status.CONFIRMED:
                # A fresh request: the newest link is the one that works.
                subscription.name = name
                subscription.zip_code = zip_code
                subscription.status = ListSubscription.Status.PENDING
            subscription.requested_at = now
            subscription.save(update_fields=["name", "zip_code", "status", "requested_at"])
        send_list_confirmation.enqueue(subscription.pk)
    return subscription


def list_confirmation_send(*, subscription_id: int) -> bool:
    """Email the double opt-in link for the subscription's latest request."""
    from campaign import emails

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
        claim = confirm_token_read(token=token)
    except TokenExpired:
        return ListLinkOutcome.EXPIRED, None
    except TokenInvalid:
        return ListLinkOutcome.INVALID, None
    subscription = ListSubscription.objects.filter(pk=claim.subscription_id).first()
    if subscription is None:
        return ListLinkOutcome.INVALID, None
    if subscription.status == ListSubscription.Status.CONFIRMED:
        return ListLinkOutcome.ALREADY_CONFIRMED, subscription
    if not confirm_token_matches(claim=claim, subscription=subscription):
        return ListLinkOutcome.REPLACED, subscription
    if subscription.status == ListSubscription.Status.UNSUBSCRIBED:
        return ListLinkOutcome.LEFT_AFTERWARDS, subscription
    return ListLinkOutcome.VALID, subscription


def list_subscription_confirm(*, token: str) -> str:
    """Confirm the signup a link belongs to; returns a ListLinkOutcome value."""
    from campaign.tasks import send_list_welcome

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
        supporter = _supporter_for(
            email=subscription.supporter.email,
            full_name=subscription.name,
            zip_code=subscription.zip_code,
        )
        supporter.list_opt_in = True
        supporter.list_opt_in_at = now
        supporter.save(update_fields=["list_opt_in", "list_opt_in_at"])
        send_list_welcome.enqueue(subscription.pk)
    return ListLinkOutcome.CONFIRMED


def list_unsubscribe_check(*, token: str) -> tuple[str, ListSubscription | None]:
    try:
        subscription_id = unsubscribe_token_read(token=token)
    except TokenInvalid:
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
        Supporter.objects.filter(pk=subscription.supporter_id).update(
            list_opt_in=False, list_opt_in_at=None
        )
    return ListLinkOutcome.UNSUBSCRIBED


def list_welcome_send(*, subscription_id: int) -> bool:
    """Send the welcome message to a subscriber who is still confirmed when the task runs."""
    from campaign import emails

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
