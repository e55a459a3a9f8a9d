"""The public scorecard shows cosponsorship, a public fact, and nothing staff keep."""

import datetime

import pytest
from django.urls import reverse

from legislators.models import BillFamily
from tests.legislators.factories import (
    BillFactory,
    CosponsorshipFactory,
    RepresentativeFactory,
    SenatorFactory,
)
from whip.services import whip_status_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def bill():
    house = BillFactory(bill_type="hr", number=4954, short_title="Keep Call Centers in America Act")
    return BillFactory(
        bill_type="s",
        number=2495,
        short_title="Keep Call Centers in America Act",
        is_current=True,
        companion=house,
        summary="Offshore call centers must say where they are.",
    )


def test_urls_match_the_agreed_paths(bill):
    assert reverse("whip:scorecard") == "/scorecard/"
    assert reverse("whip:scorecard", args=[bill.key]) == "/scorecard/s2495-119/"


def test_scorecard_shows_cosponsors_by_state_party_tally_and_zip_box(anonymous, bill):
    sponsor = SenatorFactory(official_name="Sponsor Person", state="AZ", party="Democrat")
    bill.sponsor = sponsor
    bill.save()
    CosponsorshipFactory(
        bill=bill,
        legislator=SenatorFactory(official_name="Red Cosponsor", state="WV", party="Republican"),
        sponsorship_date=datetime.date(2025, 7, 24),
        is_original=True,
    )
    CosponsorshipFactory(
        bill=bill,
        legislator=SenatorFactory(official_name="Withdrawn Member", state="MO", party="Republican"),
        withdrawn_date=datetime.date(2025, 10, 1),
    )

    response = anonymous.get("/scorecard/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Where do your lawmakers stand?" in html
    assert "Sponsor Person" in html and "Red Cosponsor" in html
    assert "Arizona" in html and "West Virginia" in html
    assert "Withdrawn Member" not in html
    assert response.context["total"] == 2
    assert response.context["bipartisan"] is True
    assert [s["state"] for s in response.context["states"]] == ["AZ", "WV"]
    assert 'action="/find-your-lawmakers/"' in html and 'name="zip"' in html
    assert "Offshore call centers must say where they are." in html
    assert 'href="/scorecard/hr4954-119/"' in html
    assert 'property="og:title"' in html


def test_scorecard_never_shows_whip_status_or_notes(anonymous, bill, django_user_model):
    senator = SenatorFactory(official_name="Courted Senator")
    CosponsorshipFactory(bill=bill, legislator=SenatorFactory(official_name="Public Cosponsor"))
    whip_status_update(
        bill=bill,
        legislator=senator,
        user=None,
        status="leaning_against",
        last_contact=datetime.date(2026, 11, 1),
        organizer=django_user_model.objects.create(username="organizer-name"),
        notes="Chief of staff is hostile",
        note="Private note about the call",
    )

    for url in ("/scorecard/", f"/scorecard/{bill.key}/"):
        html = anonymous.get(url).content.decode()
        assert "Public Cosponsor" in html
        for secret in (
            "Courted Senator",
            "Leaning against",
            "leaning_against",
            "Chief of staff is hostile",
            "Private note about the call",
            "organizer-name",
            "Undecided",
        ):
            assert secret not in html


def test_scorecard_for_a_bill_without_cosponsors_and_one_sided_support(anonymous, bill):
    html = anonymous.get("/scorecard/").content.decode()
    assert "No cosponsors are recorded yet" in html
    CosponsorshipFactory(bill=bill, legislator=SenatorFactory(party="Democrat"))
    response = anonymous.get("/scorecard/")
    assert response.context["bipartisan"] is False


def test_house_bill_scorecard(anonymous, bill):
    house = bill.companion
    CosponsorshipFactory(bill=house, legislator=RepresentativeFactory(official_name="A Rep"))
    response = anonymous.get(f"/scorecard/{house.key}/")
    assert response.status_code == 200
    assert b"A Rep" in response.content


def test_unknown_or_malformed_bill_is_404(anonymous, bill):
    assert anonymous.get("/scorecard/s1-101/").status_code == 404
    assert anonymous.get("/scorecard/nonsense/").status_code == 404


def test_no_current_bill_is_a_friendly_page(anonymous):
    response = anonymous.get("/scorecard/")
    assert response.status_code == 200
    assert b"has not chosen a bill" in response.content


@pytest.mark.parametrize("size", [2, 20])
def test_scorecard_query_count_is_constant(anonymous, bill, size, django_assert_num_queries):
    for n in range(size):
        CosponsorshipFactory(bill=bill, legislator=SenatorFactory(state=f"S{n % 7}"))
    anonymous.get("/scorecard/")  # fills the site-wide caches (menu, banner)
    with django_assert_num_queries(2):
        response = anonymous.get("/scorecard/")
    assert response.context["total"] == size


def test_scorecard_names_members_who_backed_an_earlier_version(anonymous, db):
    family = BillFamily.objects.create(name="Keep Call Centers in America Act")
    old = BillFactory(congress=119, bill_type="s", number=2495, family=family)
    new = BillFactory(congress=120, bill_type="s", number=100, family=family, is_current=True)
    back_again = SenatorFactory(official_name="Signed Both Times", state="OH")
    returning = SenatorFactory(official_name="Only Last Time", state="WI")
    CosponsorshipFactory(bill=old, legislator=back_again)
    CosponsorshipFactory(bill=new, legislator=back_again)
    CosponsorshipFactory(bill=old, legislator=returning)

    page = anonymous.get("/scorecard/").content.decode()
    section = page.split("Backed an earlier version, not yet this one")[1]
    assert "Only Last Time" in section
    assert "cosponsored S. 2495 in the 119th Congress; not yet in the 120th." in section
    assert "Signed Both Times" not in section
