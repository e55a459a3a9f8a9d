import factory
from django.utils import timezone

from petitions.models import Petition, Signature
from tests.factories import SupporterFactory
from tests.legislators import factories as legislator_factories


class ZipDistrictFactory(legislator_factories.ZipDistrictFactory):
    class Meta:
        django_get_or_create = ("zcta", "state", "district")


LegislatorFactory = legislator_factories.LegislatorFactory


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
