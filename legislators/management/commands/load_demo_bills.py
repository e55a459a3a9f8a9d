from django.core.management.base import BaseCommand
from django.db import transaction

from legislators.models import Bill, BillFamily

KEEP_CALL_CENTERS_2025 = "Keep Call Centers in America Act of 2025"
CALL_CENTER_ACT_2017 = "U.S. Call Center Worker and Consumer Protection Act"

SUMMARY_2025 = (
    "Call centers abroad that serve US customers would have to tell callers where they are, "
    "and any caller could ask to be put through to an agent in the United States. A company "
    "that moves its call center work overseas would no longer qualify for federal grants or "
    "federally backed loans."
)
SUMMARY_2017 = (
    "The 2017 version of the bill: callers would be told the location of the call center they "
    "reach and could ask to be moved to one in the United States, and companies that send call "
    "center jobs offshore would lose eligibility for some federal grants and taxpayer-funded "
    "loans."
)

# (congress, type, number, short title, summary). Facts only: sponsors and cosponsors come
# from congress.gov (manage.py sync_cosponsors) or from staff, never from demo data.
DEMO_BILLS = [
    (119, "s", 2495, KEEP_CALL_CENTERS_2025, SUMMARY_2025),
    (119, "hr", 4954, KEEP_CALL_CENTERS_2025, SUMMARY_2025),
    (115, "hr", 1300, CALL_CENTER_ACT_2017, SUMMARY_2017),
    (115, "s", 515, CALL_CENTER_ACT_2017, SUMMARY_2017),
]
COMPANIONS = [((119, "s", 2495), (119, "hr", 4954)), ((115, "s", 515), (115, "hr", 1300))]
CURRENT = (119, "s", 2495)
# Each later version and the version it follows, in the same chamber.
PREVIOUS_VERSIONS = [((119, "s", 2495), (115, "s", 515)), ((119, "hr", 4954), (115, "hr", 1300))]
FAMILY_NAME = "Keep Call Centers in America Act"


class Command(BaseCommand):
    help = (
        "Add the Keep Call Centers in America Act (S. 2495 / H.R. 4954, 119th Congress) and its "
        "2017 versions. Safe to run again: existing bills and staff edits are kept."
    )

    @transaction.atomic
    def handle(self, *args: object, **options: object) -> None:
        """Create the demo bills if missing, link companions, and pick the current bill."""
        bills: dict[tuple[int, str, int], Bill] = {}
        created = 0
        for congress, bill_type, number, short_title, summary in DEMO_BILLS:
            bill, was_created = Bill.objects.get_or_create(
                congress=congress,
                bill_type=bill_type,
                number=number,
                defaults={"short_title": short_title, "summary": summary},
            )
            bills[(congress, bill_type, number)] = bill
            created += was_created
        for first, second in COMPANIONS:
            for bill, other in ((bills[first], bills[second]), (bills[second], bills[first])):
                if bill.companion_id is None:
                    bill.companion = other
                    bill.save(update_fields=["companion"])
        family = next((bill.family for bill in bills.values() if bill.family_id), None)
        if family is None:
            family = BillFamily.objects.create(name=FAMILY_NAME)
        for bill in bills.values():
            if bill.family_id is None:
                bill.family = family
                bill.save(update_fields=["family"])
        for later, earlier in PREVIOUS_VERSIONS:
            if bills[later].previous_version_id is None:
                bills[later].previous_version = bills[earlier]
                bills[later].save(update_fields=["previous_version"])
        if not Bill.objects.filter(is_current=True).exists():
            current = bills[CURRENT]
            current.is_current = True
            current.save(update_fields=["is_current"])
        self.stdout.write(
            f"Bills: {created} added, {len(DEMO_BILLS) - created} already there. "
            "Cosponsors come from `manage.py sync_cosponsors` (needs CONGRESS_API_KEY)."
        )
