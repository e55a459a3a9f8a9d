from typing import Any

from django.core.management.base import BaseCommand

from mailings.demo import mailing_demo_load


class Command(BaseCommand):
    help = "Add a demo draft newsletter to everyone on the newsletter list. Safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        """Create the demo draft unless it exists."""
        mailing, created = mailing_demo_load()
        verb = "Created" if created else "Kept"
        self.stdout.write(f"{verb} the draft mailing '{mailing.slug}' (admin: Mailings).")
