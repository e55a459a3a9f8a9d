from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand
from django.db import transaction

from campaign.models import Event

EASTERN = ZoneInfo("America/New_York")

WEEK_OF_ACTION = {
    "slug": "customer-service-week-of-action-2027",
    "title": "Customer Service Week of Action 2027",
    "summary": (
        "October 3 to 9, 2027: locals across the country mark Customer Service Week by asking "
        "Congress to pass the Keep Call Centers in America Act."
    ),
    "description": """\
Every October, Customer Service Week honours the people who answer the phone when the rest of
us need help. This year we are using it to make one demand: **keep call center jobs in
America.**

Companies that earn billions from customers in this country keep moving the work that serves
those customers to call centers overseas. Each move costs a community good union jobs, and it
sends callers' account numbers and personal details to places where they are harder to
protect.

The Keep Call Centers in America Act answers that in three ways:

- callers are told where the call center they reach is located;
- callers can ask to be transferred to an agent in the United States;
- companies that send call center work offshore lose access to certain federal grants and
  taxpayer-backed loans.

## What your local does

1. Register below by September 10 so we can ship your materials box in time.
2. During the week, hold a break-room or lunch-hour action at each worksite: sign the
   petition, take a group photo, and thank the members who keep customers' data safe.
3. Ask members to write to their two senators and their representative from this site.

## What is in the box

Stickers, posters, petition clipboards, sign-up sheets, and a small thank-you for every
customer service member who takes part.
""",
    "starts_at": datetime(2027, 10, 3, 0, 0, tzinfo=EASTERN),
    "ends_at": datetime(2027, 10, 9, 23, 59, tzinfo=EASTERN),
    "is_online": False,
    "location": "Worksites and union halls nationwide",
    "registration_deadline": datetime(2027, 9, 10, 17, 0, tzinfo=EASTERN),
    "capacity": 300,
    "is_published": True,
}


class Command(BaseCommand):
    help = "Load the demo week of action. Safe to run again: it never overwrites edits."

    def handle(self, *args, **options) -> None:
        """Create the demo event if it is missing; an existing one is left as editors made it."""
        values = dict(WEEK_OF_ACTION)
        slug = values.pop("slug")
        with transaction.atomic():
            event, created = Event.objects.get_or_create(slug=slug, defaults=values)
        verb = "Created" if created else "Already there, left as it is:"
        self.stdout.write(f"{verb} event {event.title}")
