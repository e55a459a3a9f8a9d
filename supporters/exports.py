"""The list's CSV export for staff, streamed (see core.csv)."""

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone

from core.csv import csv_datetime, csv_response
from supporters.models import ListSubscription

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
            csv_datetime(subscription.confirmed_at),
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
