"""Factories for mailings."""

import factory

from mailings.models import Mailing
from supporters import lists
from supporters.models import EmailList, Supporter
from tests.factories import SupporterFactory


class MailingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mailing

    slug = factory.Sequence(lambda n: f"mailing-{n}")
    subject = "News from the campaign"
    body = "Hello {first_name|friend},\n\nThe bill moves.\n"
    email_list = EmailList.NEWSLETTER


def subscriber(email_list: str = EmailList.NEWSLETTER, **fields) -> Supporter:
    """A supporter with a confirmed consent to one list."""
    supporter = SupporterFactory(**fields)
    lists.consent_give(supporter=supporter, email_list=email_list, source="test")
    return supporter
