from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from mailings.demo import DEMO_READERS, demo_readers_load, mailing_demo_load


class Command(BaseCommand):
    help = (
        "Add a demo draft newsletter to everyone on the newsletter list and, in development, "
        "three newsletter subscribers at example.org to send it to. Safe to run again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        """Create the demo draft unless it exists."""
        mailing, created = mailing_demo_load()
        verb = "Created" if created else "Kept"
        self.stdout.write(f"{verb} the draft mailing '{mailing.slug}' (admin: Mailings).")
        if settings.DEV_DEFAULTS:
            added = demo_readers_load()
            self.stdout.write(
                f"{added} new demo subscriber(s); {len(DEMO_READERS)} at example.org in all."
            )
