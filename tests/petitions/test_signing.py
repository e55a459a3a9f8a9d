"""Signing a petition: one signature per supporter, abuse control, the thank-you page."""

import pytest
from django.contrib.sessions.models import Session
from django.core import signing
from django.urls import reverse

from core.pagecache import SIGNED_COOKIE
from core.signing import Purpose
from legislators.lookup import zip_location
from petitions import services, views
from petitions.models import Petition, PetitionStatus, Signature
from supporters.models import Supporter
from tests.petitions.factories import PetitionFactory, ZipDistrictFactory


@pytest.fixture
def petition(db):
    ZipDistrictFactory(zcta="43215", state="OH", state_fips="39", district=3)
    return PetitionFactory(slug="keep-jobs", goal=100)


def form_data(**overrides) -> dict:
    data = {
        "first_name": "Ana",
        "last_name": "Rivera",
        "email": "ana@example.com",
        "zip_code": "43215",
        "country": "US",
        "comment": "",
        "website": "",
    }
    data.update(overrides)
    return data


def sign(client, petition, **overrides):
    return client.post(petition.get_absolute_url(), form_data(**overrides))


def test_signing_stores_supporter_and_counted_signature(anonymous, petition):
    response = sign(anonymous, petition, email="  Ana@Example.COM ", list_opt_in="on")
    assert response.status_code == 302
    assert response["Location"] == reverse("petitions:thanks", kwargs={"slug": "keep-jobs"})
    supporter = Supporter.objects.get()
    assert supporter.email == "ana@example.com"
    assert (supporter.state, supporter.district, supporter.zip_code) == ("OH", 3, "43215")
    assert supporter.list_opt_in and supporter.list_opt_in_at is not None
    signature = Signature.objects.get()
    assert signature.is_confirmed
    assert len(signature.ip_hash) == 64 and "127.0.0.1" not in signature.ip_hash
    assert services.petition_count(petition=petition) == 1


def test_list_opt_in_is_unchecked_by_default(anonymous, petition):
    page = anonymous.get(petition.get_absolute_url()).content.decode()
    assert 'name="list_opt_in"' in page
    assert 'name="list_opt_in" checked' not in page
    sign(anonymous, petition)
    assert not Supporter.objects.get().list_opt_in


def test_signing_twice_is_harmless_and_looks_the_same(client, petition):
    first = sign(client, petition)
    client.cookies.clear()
    second = sign(client, petition, email="ANA@example.com ", first_name="Someone")
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Signature.objects.count() == 1
    # Someone typing another person's address cannot rewrite their record.
    assert Supporter.objects.get().first_name == "Ana"
    assert services.petition_count(petition=petition) == 1
    thanks = client.get(second["Location"])
    assert thanks.status_code == 200
    assert "already" not in thanks.content.decode().lower()


def test_thank_you_page_carries_zip_and_never_personal_data(client, petition):
    response = sign(client, petition, email="ana@example.com")
    page = client.get(response["Location"])
    html = page.content.decode()
    assert 'href="/write/?zip=43215"' in html
    assert "ana@example.com" not in html
    assert "Rivera" not in html
    assert "facebook.com/sharer" in html and "x.com/intent" in html and "mailto:" in html
    assert "http://127.0.0.1:8000/petitions/keep-jobs/" in html  # copyable without JS
    assert "ana" not in response["Location"].lower()


def test_thank_you_page_only_for_the_signer(anonymous, petition):
    response = anonymous.get(reverse("petitions:thanks", kwargs={"slug": petition.slug}))
    assert response.status_code == 302
    assert response["Location"] == petition.get_absolute_url()


def test_zip_plus_four_is_accepted(anonymous, petition):
    assert sign(anonymous, petition, zip_code="43215-1234").status_code == 302
    assert Supporter.objects.get().zip_code == "43215"


def test_zip_spanning_districts_keeps_state_only(anonymous, petition):
    ZipDistrictFactory(zcta="43016", state="OH", district=3)
    ZipDistrictFactory(zcta="43016", state="OH", district=15)
    sign(anonymous, petition, zip_code="43016")
    supporter = Supporter.objects.get()
    assert (supporter.state, supporter.district) == ("OH", None)


def test_zip_spanning_states_keeps_neither(anonymous, petition):
    ZipDistrictFactory(zcta="42223", state="KY", state_fips="21", district=1)
    ZipDistrictFactory(zcta="42223", state="TN", state_fips="47", district=7)
    sign(anonymous, petition, zip_code="42223")
    supporter = Supporter.objects.get()
    assert (supporter.state, supporter.district) == ("", None)


def test_non_us_signer_gives_a_country_instead_of_zip(anonymous, petition):
    response = sign(anonymous, petition, country="CA", zip_code="K1A 0B1")
    assert response.status_code == 302
    supporter = Supporter.objects.get()
    assert (supporter.country, supporter.zip_code, supporter.state) == ("CA", "", "")
    thanks = anonymous.get(response["Location"]).content.decode()
    assert 'href="/write/"' in thanks


LONG = "x" * 101


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"first_name": ""}, "first_name"),
        ({"last_name": ""}, "last_name"),
        ({"email": ""}, "email"),
        ({"first_name": LONG}, "first_name"),
        ({"last_name": LONG}, "last_name"),
        ({"email": "a" * 250 + "@example.com"}, "email"),
        ({"comment": "c" * 501}, "comment"),
        ({"email": "not-an-email"}, "email"),
        ({"email": "ana@"}, "email"),
        ({"zip_code": ""}, "zip_code"),
        ({"zip_code": "4321"}, "zip_code"),
        ({"zip_code": "ABCDE"}, "zip_code"),
        ({"zip_code": "00012"}, "zip_code"),  # well formed, but no state has the prefix 000
        ({"zip_code": "4" * 11}, "zip_code"),
        ({"country": "XX"}, "country"),
        ({"country": "ca"}, "country"),
        ({"first_name": "Ana\x07"}, "first_name"),
        ({"last_name": "Ri\u202evera"}, "last_name"),
        ({"first_name": "Ana\x00"}, "first_name"),
        ({"comment": "hi\x1b[31m"}, "comment"),
        ({"zip_code": "432\x0715"}, "zip_code"),
    ],
)
def test_bad_input_is_refused_clearly_and_stores_nothing(anonymous, petition, overrides, field):
    response = sign(anonymous, petition, **overrides)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert "Please check the fields marked below" in response.content.decode()
    assert not Supporter.objects.exists()
    assert not Signature.objects.exists()


def test_comment_may_have_line_breaks(anonymous, petition):
    assert sign(anonymous, petition, comment="Line one\r\nLine two\tend").status_code == 302
    assert Signature.objects.get().comment == "Line one\r\nLine two\tend"


def test_honeypot_blocks_politely_and_stores_nothing(anonymous, petition):
    response = sign(anonymous, petition, website="https://spam.example")
    assert response.status_code == 400
    assert "Please wait a few minutes" in response.content.decode()
    assert not Supporter.objects.exists()


def test_per_ip_rate_limit(anonymous, petition, settings):
    settings.RATE_LIMITS = {"sign": {"ip": (2, 600), "email": (50, 3600)}}
    assert sign(anonymous, petition, email="a1@example.com").status_code == 302
    assert sign(anonymous, petition, email="a2@example.com").status_code == 302
    response = sign(anonymous, petition, email="a3@example.com")
    assert response.status_code == 429
    assert "Please wait a few minutes" in response.content.decode()
    assert not Supporter.objects.filter(email="a3@example.com").exists()
    assert Signature.objects.count() == 2


def test_per_email_rate_limit(client, petition, settings):
    settings.RATE_LIMITS = {"sign": {"ip": (50, 600), "email": (2, 3600)}}
    for n in range(2):
        response = client.post(petition.get_absolute_url(), form_data(), REMOTE_ADDR=f"10.0.0.{n}")
        assert response.status_code == 302
    response = client.post(
        petition.get_absolute_url(), form_data(email="ANA@example.com"), REMOTE_ADDR="10.0.0.9"
    )
    assert response.status_code == 429


def test_closed_petition_takes_no_signatures(anonymous, petition):
    petition.status = "closed"
    petition.save()
    response = sign(anonymous, petition)
    assert response.status_code == 409
    assert "This petition is closed" in response.content.decode()
    assert not Signature.objects.exists()


def test_archived_petition_is_gone(anonymous, petition):
    petition.status = "archived"
    petition.save()
    assert anonymous.get(petition.get_absolute_url()).status_code == 404


def test_goal_rises_to_the_next_round_number(anonymous, petition):
    petition.goal = 2
    petition.auto_raise_goal = True
    petition.save()
    sign(anonymous, petition, email="a1@example.com")
    petition.refresh_from_db()
    assert petition.goal == 2
    sign(anonymous, petition, email="a2@example.com")
    petition.refresh_from_db()
    assert petition.goal == 5


def test_next_goal_ladder():
    assert [services.next_goal(n) for n in (0, 1, 2, 99, 100, 999, 1000, 2000, 4999, 60000)] == [
        1,
        2,
        5,
        100,
        200,
        1000,
        2000,
        5000,
        5000,
        100000,
    ]


def test_featured_petition(db):
    PetitionFactory(is_featured=False)
    assert Petition.objects.featured() is None
    featured = PetitionFactory(is_featured=True)
    PetitionFactory(is_featured=True, status=PetitionStatus.CLOSED)
    assert Petition.objects.featured() == featured


def test_country_select_is_rendered_once_per_value(db):
    from petitions.forms import CachedSelect, SignatureForm

    CachedSelect._rendered.clear()
    first = str(SignatureForm()["country"])
    assert 'value="US" selected' in first
    assert len(CachedSelect._rendered) == 1
    assert str(SignatureForm()["country"]) == first
    assert len(CachedSelect._rendered) == 1
    canada = str(SignatureForm(data={"country": "CA"})["country"])
    assert 'value="CA" selected' in canada and 'value="US" selected' not in canada


def test_public_signer_abroad_shows_country_name(anonymous, petition):
    sign(anonymous, petition, country="CA", zip_code="", show_publicly="on")
    assert "Ana, Canada" in anonymous.get(petition.get_absolute_url()).content.decode()


def test_petition_page_names_the_linked_bill(anonymous, petition):
    from tests.legislators.factories import BillFactory

    petition.bill = BillFactory(bill_type="s", number=2495, short_title="Keep Call Centers Act")
    petition.save()
    html = anonymous.get(petition.get_absolute_url()).content.decode()
    assert "Supporting S. 2495" in html
    assert "Keep Call Centers Act" in html


def test_signing_keeps_no_session_and_the_cookie_holds_no_personal_data(client, petition):
    response = sign(client, petition, email="ana@example.com")
    assert response.status_code == 302
    # No database session for signers: a signing wave must not write a session row each.
    assert not Session.objects.exists()
    assert "sessionid" not in response.cookies
    cookie = response.cookies[SIGNED_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert signing.loads(cookie.value, salt=Purpose.SIGNER_COOKIE.value) == {
        str(petition.pk): {"zip": "43215", "pending": False}
    }
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    "value",
    [
        "not-signed",
        signing.dumps({"1": {"zip": "43215", "pending": False}}, salt="another-salt"),
        signing.dumps(["a list"], salt=Purpose.SIGNER_COOKIE.value),
    ],
)
def test_a_forged_or_broken_cookie_does_not_open_the_thank_you_page(client, petition, value):
    client.cookies[SIGNED_COOKIE] = value.replace("1", str(petition.pk), 1)
    response = client.get(reverse("petitions:thanks", kwargs={"slug": petition.slug}))
    assert response.status_code == 302
    assert response["Location"] == petition.get_absolute_url()


def test_the_cookie_remembers_the_newest_petitions_only(client, petition, settings):
    settings.RATE_LIMITS = {"sign": {"ip": (100, 600), "email": (100, 3600)}}
    others = PetitionFactory.create_batch(views.SIGNED_COOKIE_MAX_PETITIONS)
    for n, signed in enumerate([petition, *others]):
        assert sign(client, signed, email=f"ana{n}@example.com").status_code == 302
    assert Signature.objects.count() == 1 + views.SIGNED_COOKIE_MAX_PETITIONS

    def thanks(signed: Petition) -> int:
        return client.get(reverse("petitions:thanks", kwargs={"slug": signed.slug})).status_code

    assert thanks(petition) == 302  # the oldest made way
    assert thanks(others[0]) == thanks(others[-1]) == 200


def test_signing_looks_the_zip_up_once(anonymous, petition, django_assert_num_queries):
    petition.auto_raise_goal = True
    petition.save()
    services.petition_recount(petition=petition)  # the counter's shards exist
    # A running server has already loaded which states have maps and who serves (once
    # per process and roster import); a ZIP that belongs to no state loads them here.
    assert zip_location(zip_code="00012") is None
    # The petition; the ZIP; the supporter and the signature, each in a savepoint here
    # (the test runs inside a transaction); one counter shard; the goal check's sum.
    with django_assert_num_queries(10) as queries:
        assert sign(anonymous, petition).status_code == 302
    sql = [query["sql"] for query in queries.captured_queries]
    assert sum('"legislators_zipdistrict"' in statement for statement in sql) == 1
    supporter = Supporter.objects.get()
    assert (supporter.state, supporter.district) == ("OH", 3)


def test_the_signer_sees_their_signature_counted(
    anonymous, petition, django_capture_on_commit_callbacks
):
    assert services.petition_count(petition=petition) == 0  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        sign(anonymous, petition)
    assert services.petition_count(petition=petition) == 1


@pytest.mark.django_db(transaction=True)
def test_a_signature_is_written_without_savepoints(client, django_assert_num_queries):
    ZipDistrictFactory(zcta="43215", state="OH", state_fips="39", district=3)
    petition = PetitionFactory(slug="keep-jobs", goal=100, auto_raise_goal=True)
    services.petition_recount(petition=petition)
    # A running server has already loaded which states have maps and who serves (once
    # per process and roster import); a ZIP that belongs to no state loads them here.
    assert zip_location(zip_code="00012") is None
    # The petition; the ZIP; the supporter on its own; then BEGIN, the signature, one
    # counter shard, the goal check's sum and COMMIT.
    with django_assert_num_queries(8) as queries:
        assert sign(client, petition).status_code == 302
    assert not any("SAVEPOINT" in query["sql"] for query in queries.captured_queries)
    assert Signature.objects.get().is_confirmed
    assert services.petition_recount(petition=petition) == 1
