from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from letters.services import letters_demo_load


class Command(BaseCommand):
    help = (
        "Demo data for letters: one open letter campaign, and a placeholder delivery address "
        "on the reserved example.org domain for every serving office that has none. "
        "Development only; safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-addresses",
            action="store_true",
            help="Create the campaign only; leave office addresses alone.",
        )

    def handle(self, *args: Any, no_addresses: bool, **options: Any) -> None:
        """Create or refresh the demo campaign and placeholder office addresses."""
        if not no_addresses and not settings.DEV_DEFAULTS:
            # In production a placeholder would swallow letters that should wait for staff.
            raise CommandError("Placeholder office addresses are for development (DEBUG=1) only.")
        report = letters_demo_load(office_addresses=not no_addresses)
        verb = "Created" if report.campaign_created else "Kept"
        self.stdout.write(f"{verb} the letter campaign '{report.campaign.title}'.")
        self.stdout.write(
            f"Gave {report.addresses_added} office(s) a placeholder address "
            f"(office-<bioguide>@example.org); released {report.letters_released} held letter(s)."
        )
