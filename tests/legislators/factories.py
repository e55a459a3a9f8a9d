"""Factories for members of Congress, the ZIP table, bills and cosponsorships."""

import datetime

import factory

from legislators.congress import congress_start, sitting_congress
from legislators.models import Bill, Chamber, Cosponsorship, Legislator, Source, ZipDistrict
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
    # The term of the Congress sitting when the test runs: a fixed date would end every
    # member's term at noon on the next January 3 of an odd year.
    term_start = factory.LazyFunction(lambda: congress_start(sitting_congress()).date())
    term_end = factory.LazyFunction(lambda: congress_start(sitting_congress() + 1).date())
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


class SenatorFactory(LegislatorFactory):
    chamber = Chamber.SENATE
    district = None
    senate_class = 1


class RepresentativeFactory(LegislatorFactory):
    chamber = Chamber.HOUSE
    district = 3


class ZipDistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ZipDistrict

    zcta = "43215"
    state = "OH"
    state_fips = factory.LazyAttribute(lambda z: STATES[z.state][0])
    district = 3


def build_congress() -> dict[str, Legislator]:
    """ZIP rows and serving members for a handful of real ZIP codes (names invented)."""
    zips = [
        ("43215", "OH", 3),
        ("43215", "OH", 15),  # Columbus: split between two districts
        ("45202", "OH", 1),  # Cincinnati: one district
        ("99501", "AK", 0),  # Anchorage: at-large state
        ("20001", "DC", 0),  # Washington: the delegate, no senators
        ("00901", "PR", 0),  # San Juan: the Resident Commissioner
        ("30165", "AL", 3),  # Rome, GA: crosses into Alabama
        ("30165", "GA", 14),
    ]
    for zcta, state, district in zips:
        ZipDistrictFactory(zcta=zcta, state=state, district=district)
    members = {
        "oh_senior": LegislatorFactory(senator=True, state="OH", state_rank="senior"),
        "oh_junior": LegislatorFactory(senator=True, state="OH", state_rank="junior"),
        "oh_03": LegislatorFactory(state="OH", district=3),
        "oh_15": LegislatorFactory(state="OH", district=15),
        "oh_01": LegislatorFactory(state="OH", district=1),
        "ak_senior": LegislatorFactory(senator=True, state="AK", state_rank="senior"),
        "ak_junior": LegislatorFactory(senator=True, state="AK", state_rank="junior"),
        "ak_al": LegislatorFactory(state="AK", district=0),
        "dc": LegislatorFactory(state="DC", district=0, is_voting=False),
        "pr": LegislatorFactory(state="PR", district=0, is_voting=False),
        "al_senior": LegislatorFactory(senator=True, state="AL", state_rank="senior"),
        "al_junior": LegislatorFactory(senator=True, state="AL", state_rank="junior"),
        "al_03": LegislatorFactory(state="AL", district=3),
        "ga_senior": LegislatorFactory(senator=True, state="GA", state_rank="senior"),
        "ga_junior": LegislatorFactory(senator=True, state="GA", state_rank="junior"),
        "ga_14": LegislatorFactory(state="GA", district=14),
    }
    # A former member for a seat in play: never offered.
    LegislatorFactory(state="OH", district=3, is_serving=False)
    return members


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
