"""The demo draft newsletter `make run` adds, so a newcomer can try the whole flow."""

from django.utils.translation import gettext as _

from mailings.models import Mailing
from supporters.models import EmailList

DEMO_SLUG = "demo-newsletter"


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
                "and {representative|your representative}: "
                "[write your letter]({write_link}).\n\n"
                "Thank you,\n\nThe campaign team"
            ),
            "email_list": EmailList.NEWSLETTER,
            "audience": Mailing.Audience.EVERYONE,
        },
    )
