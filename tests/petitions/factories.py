"""Factories for letters, and members of Congress whose offices can receive them."""

import factory
from django.utils import timezone

from petitions.models import Petition, Signature
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
