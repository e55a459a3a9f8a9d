import factory
from django.utils import timezone

from legislators.models import Legislator, ZipDistrict
from petitions.models import Petition, Signature
from tests.factories import SupporterFactory


class ZipDistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ZipDistrict
        django_get_or_create = ("zcta", "state", "district")

    zcta = "43215"
    state_fips = "39"
    state = "OH"
    district = 3


class LegislatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Legislator

    bioguide_id = factory.Sequence(lambda n: f"T{n:06d}")
    first_name = factory.Sequence(lambda n: f"Test{n}")
    last_name = "Member"
    official_name = factory.LazyAttribute(lambda o: f"{o.first_name} {o.last_name}")
    chamber = "house"
    state = "OH"
    district = 3
    party = "Independent"


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
