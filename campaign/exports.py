"""CSV exports for staff, streamed row by row so a big list never sits in memory."""

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone

from accounts.exports import csv_response
from campaign.models import EventRegistration, ListSubscription


def _when(moment: object) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else ""


REGISTRATION_HEADER = [
    "event", "local_number", "contact_name", "email", "phone", "street", "city", "state",
    "zip_code", "expected_participants", "registered_at",
]  # fmt: skip


def registrations_csv(*, queryset: QuerySet[EventRegistration]) -> StreamingHttpResponse:
    rows = (
        [
            registration.event.title,
            registration.local_number,
            registration.contact_name,
            registration.supporter.email,
            registration.phone,
            registration.street,
            registration.city,
            registration.state,
            registration.zip_code,
            registration.expected_participants,
            _when(registration.created_at),
        ]
        for registration in queryset.select_related("event", "supporter")
        .order_by("event__starts_at", "created_at", "pk")
        .iterator(chunk_size=500)
    )
    stamp = timezone.localdate().isoformat()
    return csv_response(
        filename=f"event-registrations-{stamp}.csv", header=REGISTRATION_HEADER, rows=rows
    )


SUBSCRIBER_HEADER = ["email", "name", "first_name", "last_name", "zip_code", "confirmed_at"]


def subscribers_csv(*, queryset: QuerySet[ListSubscription]) -> StreamingHttpResponse:
    """Only confirmed subscribers, whatever the queryset passed in holds."""
    rows = (
        [
            subscription.supporter.email,
            subscription.name,
            subscription.supporter.first_name,
            subscription.supporter.last_name,
            subscription.zip_code,
            _when(subscription.confirmed_at),
        ]
        for subscription in queryset.confirmed()
        .select_related("supporter")
        .order_by("confirmed_at", "pk")
        .iterator(chunk_size=500)
    )
    stamp = timezone.localdate().isoformat()
    return csv_response(
        filename=f"list-subscribers-{stamp}.csv", header=SUBSCRIBER_HEADER, rows=rows
    )
