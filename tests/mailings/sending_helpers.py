"""Mailings and subscribers for the sending tests, and a worker to run their tasks."""

from django.core.management import call_command

from mailings.models import Mailing, Recipient
from supporters import lists
from supporters.models import EmailList, Supporter
from tests.factories import SupporterFactory


def mailing(**fields) -> Mailing:
    values = {
        "slug": f"news-{Mailing.objects.count() + 1}",
        "subject": "The bill moves, {first_name|friend}",
        "body": "Hello {first_name|friend},\n\nThe bill has a hearing next week.",
        "email_list": EmailList.NEWSLETTER,
    }
    return Mailing.objects.create(**(values | fields))


def subscribers(count: int, email_list: str = EmailList.NEWSLETTER, **fields) -> list[Supporter]:
    people = []
    for _ in range(count):
        supporter = SupporterFactory(**fields)
        lists.consent_give(supporter=supporter, email_list=email_list, source="test")
        people.append(supporter)
    return people


def run_worker() -> None:
    """Run every task that is due, as `manage.py db_worker` does, until none is left."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def statuses(mailing: Mailing) -> dict[str, str]:
    """Each recipient's address and the status of their row."""
    return dict(Recipient.objects.filter(mailing=mailing).values_list("supporter__email", "status"))
