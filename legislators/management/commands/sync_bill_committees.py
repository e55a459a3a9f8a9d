from django.core.management.base import BaseCommand, CommandError, CommandParser

from legislators.clients.congress_gov import CongressGovClient, CongressGovError
from legislators.models import Bill, parse_bill_key
from legislators.services import bill_committees_sync


class Command(BaseCommand):
    help = (
        "Fetch from congress.gov (needs CONGRESS_API_KEY) the committees bills were referred "
        "to. Name bills like s2495-119; without arguments, the current bill and its companion."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("bills", nargs="*", metavar="BILL", help="for example s2495-119")

    def handle(self, *args: object, bills: list[str], **options: object) -> None:
        """Sync each bill's committees of referral; stop at the first failure."""
        targets: list[Bill] = []
        for key in bills:
            if parse_bill_key(key) is None:
                raise CommandError(f"{key!r} is not a bill; write it like s2495-119.")
            bill = Bill.objects.by_key(key)
            if bill is None:
                raise CommandError(f"{key}: not in the database; run sync_cosponsors {key} first.")
            targets.append(bill)
        if not bills:
            current = Bill.objects.current()
            if current is None:
                self.stdout.write("No current bill; name one, like s2495-119.")
                return
            targets = [current] + ([current.companion] if current.companion_id else [])
        client = CongressGovClient()
        for bill in targets:
            try:
                result = bill_committees_sync(bill=bill, client=client)
            except CongressGovError as error:
                raise CommandError(f"{bill.key}: {error} That bill was not changed.") from None
            names = "; ".join(str(committee) for committee in result.committees) or "none yet"
            self.stdout.write(self.style.SUCCESS(f"{bill.key}: referred to {names}"))
            for committee in result.added:
                self.stdout.write(f"  + {committee}")
            for committee in result.removed:
                self.stdout.write(f"  - {committee}")
