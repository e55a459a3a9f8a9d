"""The demo draft newsletter `make run` adds, so a newcomer can try the whole flow."""

from django.utils.translation import gettext as _

from legislators.models import Legislator, ZipDistrict
from mailings.models import Mailing
from supporters import lists
from supporters.models import EmailList, Supporter

DEMO_SLUG = "demo-newsletter"
# Addresses on the reserved example.org domain: mail to them can never reach anyone.
DEMO_READERS = [
    "demo.reader.1@example.org",
    "demo.reader.2@example.org",
    "demo.reader.3@example.org",
]


def mailing_demo_load() -> tuple[Mailing, bool]:
    """Create the demo draft if it is missing; an existing one (maybe edited) is kept."""
    return Mailing.objects.get_or_create(
        slug=DEMO_SLUG,
        defaults={
            "subject": _("What happened this month, {first_name|friend}"),
            "body": _(
                "Hello {first_name|friend},\n\n"
                "Thank you for standing with call center workers. Here is where the bill "
                "stands and what you can do this month.\n\n"
                "## Write to your lawmakers\n\n"
                "It takes two minutes, and your letter goes to {senators|your senators} "
                "in the Senate and {representative|your representative} in the House: "
                "[write your letter]({write_link}).\n\n"
                "## Or call them\n\n"
                "A call takes five minutes, and every office counts the calls it gets: "
                "[call your lawmakers]({call_link}).\n\n"
                "Thank you,\n\nThe campaign team"
            ),
            "email_list": EmailList.NEWSLETTER,
            "audience": Mailing.Audience.EVERYONE,
        },
    )


def demo_readers_load() -> int:
    """Three newsletter subscribers at example.org, each in a seat that has a member, so a
    newcomer can start the demo mailing and read the result in var/mail. Development only."""
    seats = list(
        Legislator.objects.serving()
        .representatives()
        .order_by("state", "district")
        .values_list("state", "district")[: len(DEMO_READERS)]
    )
    added = 0
    for number, email in enumerate(DEMO_READERS):
        state, district = seats[number] if number < len(seats) else ("", None)
        zip_code = (
            ZipDistrict.objects.filter(state=state, district=district)
            .values_list("zcta", flat=True)
            .first()
            or ""
        )
        supporter, created = Supporter.objects.get_or_create(
            email=email,
            defaults={
                "first_name": _("Reader %(n)s") % {"n": number + 1},
                "state": state,
                "district": district,
                "zip_code": zip_code,
            },
        )
        lists.consent_give(supporter=supporter, email_list=EmailList.NEWSLETTER, source="demo")
        added += created
    return added
