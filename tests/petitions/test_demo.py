"""The demo petition: idempotent, fictional signers spread across states, counts consistent."""

import io

from django.core.management import call_command

from petitions import services
from petitions.models import Petition, Signature
from supporters.models import Supporter
from tests.petitions.factories import ZipDistrictFactory


def test_demo_petition_is_idempotent_and_consistent(db):
    ZipDistrictFactory(zcta="43215", state="OH", district=3)
    ZipDistrictFactory(zcta="43016", state="OH", district=3)
    ZipDistrictFactory(zcta="43016", state="OH", district=15)
    call_command("load_demo_petition", signatures=300, stdout=io.StringIO())
    call_command("load_demo_petition", signatures=300, stdout=io.StringIO())
    petition = Petition.objects.get(slug="keep-call-centers-in-america")
    assert petition.is_open and Petition.objects.featured() == petition
    assert Signature.objects.filter(petition=petition).count() == 300
    assert Supporter.objects.count() == 300
    assert services.petition_count(petition=petition) == 300
    assert petition.goal > 300
    assert Supporter.objects.values("state").distinct().count() >= 25
    assert not Supporter.objects.exclude(email__endswith="@example.invalid").exists()
    assert not Supporter.objects.exclude(first_name="Demo").exists()
    ohio = Supporter.objects.filter(state="OH")
    assert set(ohio.values_list("zip_code", flat=True)) <= {"43215", "43016"}
    assert not ohio.filter(zip_code="43016", district__isnull=False).exists()


def test_setup_site_loads_the_demo_petition(db):
    call_command("setup_site", stdout=io.StringIO())
    assert Petition.objects.filter(slug="keep-call-centers-in-america").exists()


def test_demo_petition_supports_the_current_bill(db):
    from tests.legislators.factories import BillFactory

    bill = BillFactory(is_current=True, short_title="Keep Call Centers in America Act")
    call_command("load_demo_petition", signatures=5, stdout=io.StringIO())
    petition = Petition.objects.get(slug="keep-call-centers-in-america")
    assert petition.bill == bill
