from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from legislators.clients.congress_gov import CongressGovClient, CongressGovError
from legislators.models import Bill, BillFamily, ordinal
from legislators.services import MAX_DETAIL_FETCHES, reintroduction_find


class Command(BaseCommand):
    help = (
        "Look through the bills of a new Congress on congress.gov (needs CONGRESS_API_KEY) and "
        "propose those that may be the campaign's bill reintroduced: same title, or a sponsor "
        "of an earlier version. Staff confirm one in the admin (Possible reintroductions). "
        "Safe to run again: it carries on where the last run stopped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--congress", type=int, help="the Congress to search (default: the one sitting now)"
        )
        parser.add_argument(
            "--since",
            help="only bills updated since this moment, like 2027-01-03T17:00:00Z "
            "(default: where the last run stopped, else the start of the Congress)",
        )
        parser.add_argument(
            "--max-fetches",
            type=int,
            default=MAX_DETAIL_FETCHES,
            help=f"fetch at most this many bill records per run (default {MAX_DETAIL_FETCHES}; "
            "congress.gov allows 5,000 requests an hour)",
        )
        parser.add_argument(
            "--family",
            type=int,
            help="id of the bill family (default: the family of the current bill)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Find the family, read congress.gov, store the proposals and list them."""
        family = self._family(options["family"])
        since = None
        if options["since"]:
            try:
                since = datetime.fromisoformat(options["since"].replace("Z", "+00:00"))
            except ValueError:
                raise CommandError(f"{options['since']!r} is not a date and time.") from None
            if since.tzinfo is None:
                raise CommandError("Give --since with a time zone, like 2027-01-03T17:00:00Z.")
        try:
            report = reintroduction_find(
                family=family,
                client=CongressGovClient(),
                congress=options["congress"],
                since=since,
                max_fetches=options["max_fetches"],
                progress=lambda line: self.stdout.write(f"  possible: {line}"),
            )
        except CongressGovError as error:
            raise CommandError(f"{error} Nothing was changed.") from None
        for candidate in report.proposed:
            why = " and ".join(
                reason
                for reason, matched in (
                    ("same title", candidate.title_matches),
                    ("sponsor of an earlier version", candidate.sponsor_matches),
                )
                if matched
            )
            self.stdout.write(
                f"Proposed {candidate.citation} ({ordinal(candidate.congress)}): {candidate.title} "
                f"[{why}]; sponsor {candidate.sponsor_name or 'unknown'}"
            )
        if not report.complete:
            self.stdout.write(
                self.style.WARNING(
                    f"Stopped after {report.details_fetched} bill records (--max-fetches); "
                    "run it again to carry on where it stopped."
                )
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{family}: {report.checked} bills of the {ordinal(report.congress)} Congress "
                f"looked at, {report.details_fetched} fetched, {len(report.proposed)} proposed. "
                "Confirm one in the admin under Possible reintroductions."
            )
        )

    def _family(self, family_id: int | None) -> BillFamily:
        if family_id is not None:
            family = BillFamily.objects.filter(pk=family_id).first()
            if family is None:
                raise CommandError(f"No bill family with id {family_id}.")
            return family
        current = Bill.objects.current()
        if current is None or current.family is None:
            raise CommandError(
                "The current bill belongs to no family; pick one with --family "
                "(see the admin's Bill families)."
            )
        return current.family
