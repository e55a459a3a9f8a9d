from email.utils import make_msgid

import factory

from legislators.models import Stance
from letters.models import Letter, LetterCampaign, LetterStatus, LetterSubmission
from tests.factories import SupporterFactory
from tests.petitions.factories import LegislatorFactory


class LetterCampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LetterCampaign

    title = factory.Sequence(lambda n: f"Keep the calls at home {n}")
    slug = factory.Sequence(lambda n: f"keep-calls-home-{n}")
    intro = "Ask your members of Congress to back the bill."
    ask_subject = "Please cosponsor the Keep Call Centers in America Act"
    ask_body = (
        "Dear {lawmaker_title} {lawmaker_last_name},\n\n"
        "As your constituent in {city}, {state}, I ask you to cosponsor the bill.\n\n"
        "Sincerely,\n{supporter_name}"
    )
    thanks_subject = "Thank you for cosponsoring"
    thanks_body = (
        "Dear {lawmaker_title} {lawmaker_last_name},\n\n"
        "Thank you for standing with call center workers in {state}.\n\n"
        "Sincerely,\n{supporter_name}"
    )


class LetterSubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LetterSubmission

    campaign = factory.SubFactory(LetterCampaignFactory)
    supporter = factory.SubFactory(SupporterFactory)
    first_name = "Alex"
    last_name = "Rivera"
    street = "1 Main St"
    city = "Columbus"
    state = "OH"
    zip_code = "43215"
    phone = "614-555-0123"
    dedupe_key = factory.Sequence(lambda n: f"test-{n}")


class LetterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Letter

    submission = factory.SubFactory(LetterSubmissionFactory)
    legislator = factory.SubFactory(LegislatorFactory)
    stance = Stance.NOT_COSPONSOR
    subject = "Please cosponsor"
    body = "Dear Rep. Member,\n\nPlease cosponsor.\n\nAlex Rivera\n1 Main St\nColumbus, OH 43215\n"
    status = LetterStatus.QUEUED
    message_id = factory.LazyFunction(lambda: make_msgid(idstring="letter", domain="example.org"))
