from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from legislators.clients.congress_gov import CongressGovClient, CongressGovError
from legislators.models import Bill, parse_bill_key
from legislators.services import CosponsorSyncResult, cosponsors_apply, cosponsors_fetch


class Command(BaseCommand):
    help = (
        "Sync bills' sponsors and cosponsors from congress.gov (needs CONGRESS_API_KEY). "
        "Name bills like s2495-119 or HR4954-119; a bill we do not have yet is created. "
        "Without arguments, every bill in the database is synced."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("bills", nargs="*", metavar="BILL", help="for example s2495-119")

    def handle(self, *args: object, bills: list[str], **options: object) -> None:
        """Fetch every bill first, then write them all in one transaction."""
        targets: list[Bill] = []
        for key in bills:
            parsed = parse_bill_key(key)
            if parsed is None:
                raise CommandError(f"{key!r} is not a bill; write it like s2495-119 or hr4954-119.")
            congress, bill_type, number = parsed
            existing = Bill.objects.filter(
                congress=congress, bill_type=bill_type, number=number
            ).first()
            targets.append(existing or Bill(congress=congress, bill_type=bill_type, number=number))
        if not bills:
            targets = list(Bill.objects.order_by("congress", "bill_type", "number"))
            if not targets:
                self.stdout.write("No bills in the database; name one, like s2495-119.")
                return

        client = CongressGovClient()
        fetched = []
        for bill in targets:
            self.stdout.write(f"{bill.key}: fetching from congress.gov…")
            try:
                fetched.append((bill, cosponsors_fetch(bill=bill, client=client)))
            except CongressGovError as error:
                # Nothing has been written yet: every bill stays as it was.
                raise CommandError(f"{bill.key}: {error} Nothing was changed.") from None

        with transaction.atomic():
            results = [cosponsors_apply(bill=bill, fetched=data) for bill, data in fetched]
        for result in results:
            self._report(result)

    def _report(self, result: CosponsorSyncResult) -> None:
        bill = result.bill
        if result.created_bill:
            self.stdout.write(f"  added {bill}")
        if result.sponsor_changed:
            self.stdout.write(f"  sponsor: {bill.sponsor}")
        for legislator in result.new_cosponsors:
            self.stdout.write(f"  + {legislator}")
        for legislator in result.withdrawn:
            self.stdout.write(f"  - withdrew: {legislator}")
        for legislator in result.restored:
            self.stdout.write(f"  + again: {legislator}")
        for legislator in result.former_members_created:
            self.stdout.write(
                f"  {legislator.bioguide_id} ({legislator.name}) was not in our table of "
                "members: added as a former member from congress.gov's data."
            )
        for member in result.unknown_members:
            self.stderr.write(
                self.style.WARNING(
                    f"  {member.bioguide_id} ({member.full_name}) is not in our table of "
                    "members and congress.gov's data was not enough to add it, so it was "
                    "not recorded; import the legislators and sync again."
                )
            )
        for legislator in result.missing_from_source:
            self.stderr.write(
                self.style.WARNING(f"  {legislator} is no longer listed by congress.gov")
            )
        summary = f"{bill.key}: {result.total_active} cosponsors" + (
            "" if result.changed else ", no changes"
        )
        self.stdout.write(self.style.SUCCESS(summary))
