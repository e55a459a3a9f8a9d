from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mailings.audiences import audience_count
from mailings.models import Mailing
from mailings.sending import LateStart, MailingError, mailing_start


class Command(BaseCommand):
    help = (
        "Start sending a draft or scheduled mailing now, the same way the admin's button does "
        "(its problems block it the same way). --list prints every mailing's slug, state and "
        "audience size."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", nargs="?", help="The mailing to start.")
        parser.add_argument(
            "--list", action="store_true", help="List the mailings instead of starting one."
        )
        parser.add_argument(
            "--confirm-late",
            action="store_true",
            help="Start a scheduled mailing even though its time is long past.",
        )

    def handle(self, *args: Any, slug: str | None, **options: Any) -> None:
        """Start one mailing, or list them all."""
        if options["list"]:
            self._list()
            return
        if not slug:
            raise CommandError("Give the slug of a mailing to start, or --list.")
        mailing = Mailing.objects.filter(slug=slug).first()
        if mailing is None:
            raise CommandError(f"No mailing with the slug {slug!r} (see --list).")
        try:
            total = mailing_start(mailing=mailing, by=None, confirm_late=options["confirm_late"])
        except LateStart as error:
            raise CommandError(f"{error} (pass --confirm-late to start it anyway)") from None
        except MailingError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Started {mailing.slug}: {total} recipients queued.")

    def _list(self) -> None:
        rows = []
        for mailing in Mailing.objects.order_by("-created_at"):
            # A started mailing's audience is its snapshot; a draft's is counted now.
            size = mailing.total if mailing.state in Mailing.STATES_STARTED else None
            if size is None:
                size = audience_count(mailing=mailing)
            rows.append((mailing.slug, mailing.state, str(size)))
        if not rows:
            self.stdout.write("No mailings.")
            return
        widths = [
            max(len(row[i]) for row in [("slug", "state", "audience"), *rows]) for i in range(3)
        ]
        for row in [("slug", "state", "audience"), *rows]:
            self.stdout.write(
                "  ".join(
                    value.ljust(width) for value, width in zip(row, widths, strict=True)
                ).rstrip()
            )
