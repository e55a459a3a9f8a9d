"""Factories for letters, and members of Congress whose offices can receive them."""

from email.utils import make_msgid

import factory
from django.utils import timezone

from petitions.models import (
    Letter,
    LetterCampaign,
    LetterStatus,
    LetterSubmission,
    Petition,
    Signature,
    Stance,
)
from tests.factories import SupporterFactory
from tests.legislators import factories as legislator_factories


class ZipDistrictFactory(legislator_factories.ZipDistrictFactory):
    class Meta:
        django_get_or_create = ("zcta", "state", "district")


class PetitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Petition

    title = factory.Sequence(lambda n: f"Keep call centers here, petition {n}")
    slug = factory.Sequence(lambda n: f"petition-{n}")
    summary = "Tell Congress to keep call center jobs in America."
    body = "Callers deserve to know where the agent is.\n\nPass the bill."
    addressed_to = "The United States Congress"
    goal = 100
    auto_raise_goal = False
    share_text = "I signed: keep call center jobs in America."


class SignatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signature

    petition = factory.SubFactory(PetitionFactory)
    supporter = factory.SubFactory(SupporterFactory)
    confirmed_at = factory.LazyFunction(timezone.now)


class LegislatorFactory(legislator_factories.LegislatorFactory):
    """A member whose office has a (placeholder) delivery address, so letters can go out."""

    bioguide_id = factory.Sequence(lambda n: f"L{n:06d}")
    phone = "202-555-0100"
    contact_form_url = "https://example.org/contact"
    delivery_email = factory.LazyAttribute(
        lambda member: f"office-{member.bioguide_id.lower()}@example.org"
    )


class SenatorFactory(LegislatorFactory):
    chamber = "senate"
    district = None


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
