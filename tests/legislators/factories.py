"""Factories for the legislators app's models."""

import datetime

import factory

from legislators.models import Bill, Chamber, Cosponsorship, Legislator, Source


class LegislatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Legislator
        django_get_or_create = ("bioguide_id",)

    # Fictional ids (real ones are one letter and six digits; none start with Z9).
    bioguide_id = factory.Sequence(lambda n: f"Z{n + 1:06d}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    official_name = factory.LazyAttribute(lambda m: f"{m.first_name} {m.last_name}")
    chamber = Chamber.SENATE
    state = "OH"
    district = factory.LazyAttribute(lambda m: None if m.chamber == Chamber.SENATE else 3)
    party = "Democrat"
    is_serving = True


class SenatorFactory(LegislatorFactory):
    chamber = Chamber.SENATE


class RepresentativeFactory(LegislatorFactory):
    chamber = Chamber.HOUSE
    district = 3


class BillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bill
        django_get_or_create = ("congress", "bill_type", "number")

    congress = 119
    bill_type = "s"
    number = factory.Sequence(lambda n: 9000 + n)
    title = factory.LazyAttribute(lambda b: f"A bill numbered {b.number}")
    short_title = ""


class CosponsorshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cosponsorship

    bill = factory.SubFactory(BillFactory)
    legislator = factory.SubFactory(SenatorFactory)
    sponsorship_date = datetime.date(2025, 8, 1)
    source = Source.SYNC
