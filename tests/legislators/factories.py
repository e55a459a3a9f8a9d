"""Factories for members of Congress and the ZIP table."""

import datetime

import factory

from legislators.models import Chamber, Legislator, ZipDistrict
from legislators.states import STATES


class LegislatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Legislator
        django_get_or_create = ("bioguide_id",)

    bioguide_id = factory.Sequence(lambda n: f"T{n:06d}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    official_name = factory.LazyAttribute(lambda m: f"{m.first_name} {m.last_name}")
    chamber = Chamber.HOUSE
    state = "OH"
    district = 3
    party = "Democrat"
    term_start = datetime.date(2025, 1, 3)
    term_end = datetime.date(2027, 1, 3)
    office_address = "1000 Longworth House Office Building Washington DC 20515"
    phone = "202-225-0000"
    website = factory.LazyAttribute(lambda m: f"https://{m.last_name.lower()}.house.gov")
    is_serving = True
    is_voting = True

    class Params:
        senator = factory.Trait(
            chamber=Chamber.SENATE,
            district=None,
            senate_class=1,
            state_rank="senior",
            office_address="100 Hart Senate Office Building Washington DC 20510",
            website=factory.LazyAttribute(
                lambda m: f"https://www.{m.last_name.lower()}.senate.gov"
            ),
        )


class ZipDistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ZipDistrict

    zcta = "43215"
    state = "OH"
    state_fips = factory.LazyAttribute(lambda z: STATES[z.state][0])
    district = 3
