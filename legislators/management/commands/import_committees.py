from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from legislators.management.commands._datafiles import DATA_DIR, read_text
from legislators.services import MIN_COMMITTEES, committees_import
from legislators.sources import DataError


class Command(BaseCommand):
    help = (
        "Import the committees of Congress and their members from the congress-legislators "
        "files (the shipped snapshot by default). Replaces every committee seat; run it "
        "after import_legislators. Idempotent; one transaction."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--committees-file", help="a committees-current.yaml file")
        parser.add_argument("--membership-file", help="a committee-membership-current.yaml file")
        parser.add_argument(
            "--min-committees",
            type=int,
            default=MIN_COMMITTEES,
            help=f"refuse a file listing fewer committees (default {MIN_COMMITTEES})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Read both files, import them, and say what changed."""
        committees_yaml = read_text(
            options["committees_file"] or DATA_DIR / "committees-current.yaml"
        )
        membership_yaml = read_text(
            options["membership_file"] or DATA_DIR / "committee-membership-current.yaml"
        )
        try:
            report = committees_import(
                committees_yaml=committees_yaml,
                membership_yaml=membership_yaml,
                min_committees=options["min_committees"],
            )
        except DataError as error:
            for problem in error.problems:
                self.stderr.write(problem)
            raise CommandError("The committee files are not usable; nothing was changed.") from None
        if report.unknown_members:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(report.unknown_members)} members with committee seats are not in our "
                    f"table of members (import the legislators first): "
                    f"{', '.join(report.unknown_members[:10])}"
                    + (" …" if len(report.unknown_members) > 10 else "")
                )
            )
        seats = "replaced" if report.seats_replaced else "unchanged"
        self.stdout.write(
            self.style.SUCCESS(
                f"Committees: {report.added} added, {report.updated} updated, "
                f"{report.retired} no longer listed; {report.seats} seats ({seats})."
            )
        )
