"""CSV exports for staff, streamed row by row so a big list never sits in memory."""

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone

from campaign.models import EventRegistration
from core.csv import csv_datetime, csv_response

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
            csv_datetime(registration.created_at),
        ]
        for registration in queryset.select_related("event", "supporter")
        .order_by("event__starts_at", "created_at", "pk")
        .iterator(chunk_size=500)
    )
    stamp = timezone.localdate().isoformat()
    return csv_response(
        filename=f"event-registrations-{stamp}.csv", header=REGISTRATION_HEADER, rows=rows
    )
