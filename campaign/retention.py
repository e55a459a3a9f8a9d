"""Retention rules for the campaign app's personal data (see accounts.retention)."""

from datetime import datetime

from django.db.models import Q

from accounts.retention import retention_rule
from campaign.models import EventRegistration


@retention_rule(
    "past_event_shipping_details",
    "Street address and phone of locals registered for events that ended long ago "
    "(the materials have shipped; city, state and ZIP stay for the counts).",
)
def purge_past_event_shipping_details(*, cutoff: datetime, dry_run: bool) -> int:
    done = EventRegistration.objects.filter(event__ends_at__lt=cutoff).filter(
        ~Q(street="") | ~Q(phone="")
    )
    return done.count() if dry_run else done.update(street="", phone="")
