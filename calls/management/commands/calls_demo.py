from typing import Any

from django.core.management.base import BaseCommand

from calls.services import calls_demo_load


class Command(BaseCommand):
    help = "Create the demo call campaign if it is missing; never changes an existing one."

    def handle(self, *args: Any, **options: Any) -> None:
        """Load the demo call campaign and say whether it was created."""
        campaign, created = calls_demo_load()
        verb = "Created" if created else "Kept"
        self.stdout.write(f"{verb} call campaign {campaign.slug!r}.")
