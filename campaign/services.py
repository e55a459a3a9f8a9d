"""Workflows for news and events. Views, admin and commands call these."""

import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaign import emails
from campaign.models import Event, EventRegistration, NewsPost, NewsStatus
from core import pagecache
from supporters.models import normalise_email
from supporters.services import supporter_for_name


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


def event_register(*, event: Event, details: RegistrationDetails) -> EventRegistration:
    """Register a local for an event and queue its confirmation email.

    The event row is locked for the whole transaction, so two locals racing for the last
    materials box cannot both get it (PostgreSQL: SELECT ... FOR UPDATE; SQLite
    serialises writers anyway). Raises a RegistrationError subclass when refused.
    """
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
            supporter = supporter_for_name(email=details.email, full_name=details.contact_name)
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


@task()
def send_event_registration_confirmation(registration_id: int) -> bool:
    return event_registration_confirmation_send(registration_id=registration_id)
