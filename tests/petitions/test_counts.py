"""Counting: sharded counters, cached reads, the JSON endpoint and the petition page's queries."""

import random
import threading

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from petitions import services
from petitions.models import PetitionStatus, Signature, SignatureCounter
from supporters.models import Supporter
from tests.factories import SupporterFactory
from tests.petitions.factories import PetitionFactory, SignatureFactory, ZipDistrictFactory


@pytest.fixture
def petition(db):
    return PetitionFactory(slug="count-me", goal=500)


def test_count_json(anonymous, petition):
    for n in range(3):
        services.signature_create(
            petition=petition, email=f"s{n}@example.com", first_name="S", last_name="N"
        )
    response = anonymous.get(f"/petitions/{petition.slug}/count.json")
    assert response.status_code == 200
    assert response.json() == {"count": 3, "goal": 500}
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "max-age" in response["Cache-Control"]


def test_count_json_unknown_or_archived_is_404(anonymous, petition):
    assert anonymous.get("/petitions/nope/count.json").status_code == 404
    petition.status = "archived"
    petition.save()
    assert anonymous.get(f"/petitions/{petition.slug}/count.json").status_code == 404


def test_unconfirmed_signatures_are_not_counted(petition):
    petition.requires_confirmation = True
    petition.save()
    services.signature_create(
        petition=petition, email="a@example.com", first_name="A", last_name="B"
    )
    assert services.petition_count(petition=petition) == 0


def test_count_is_read_from_shards_not_signatures(petition, django_assert_num_queries):
    for n in range(20):
        services.signature_create(
            petition=petition, email=f"s{n}@example.com", first_name="S", last_name="N"
        )
    assert SignatureCounter.objects.filter(petition=petition).count() == services.COUNTER_SHARDS
    with django_assert_num_queries(1) as queries:
        assert services.petition_count(petition=petition) == 20
    assert '"petitions_signature"' not in queries.captured_queries[0]["sql"]
    with django_assert_num_queries(0):
        assert services.petition_count(petition=petition) == 20  # cached


def test_recount_repairs_the_counter(petition):
    SignatureFactory.create_batch(4, petition=petition)
    SignatureFactory(petition=petition, confirmed_at=None)
    assert services.petition_recount(petition=petition) == 4
    assert services.petition_count(petition=petition) == 4


def test_petition_page_queries_are_pinned(anonymous, petition, django_assert_num_queries):
    for n in range(30):
        SignatureFactory(petition=petition, show_publicly=n % 2 == 0)
    services.petition_recount(petition=petition)
    anonymous.get(petition.get_absolute_url())  # warms the site-wide navigation and banner
    cache.delete_many([f"petitions:count:{petition.pk}", f"petitions:recent:{petition.pk}"])
    # Cold petition caches: the petition, the counter sum and the recent public signers.
    with django_assert_num_queries(3):
        response = anonymous.get(petition.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["recent_signers"]) == 8
    # Warm cache: the petition only, however many signatures there are.
    with django_assert_num_queries(1):
        anonymous.get(petition.get_absolute_url())


def test_recent_signers_show_only_opted_in_first_name_and_state(anonymous, petition):
    shown = SupporterFactory(first_name="Maria", last_name="Lopez", state="TX", district=7)
    hidden = SupporterFactory(first_name="Hidden", last_name="Person", state="OH")
    SignatureFactory(petition=petition, supporter=shown, show_publicly=True)
    SignatureFactory(petition=petition, supporter=hidden, show_publicly=False)
    unconfirmed = SupporterFactory(first_name="Pending")
    SignatureFactory(
        petition=petition, supporter=unconfirmed, show_publicly=True, confirmed_at=None
    )
    html = anonymous.get(petition.get_absolute_url()).content.decode()
    assert "Maria, TX" in html
    assert "Lopez" not in html and shown.email not in html
    assert "Hidden" not in html and "Pending" not in html


def test_supporter_count_matches_signatures_after_many_signers(petition):
    emails = [f"p{n}@example.com" for n in range(50)]
    random.shuffle(emails)
    for email in emails + emails[:10]:
        services.signature_create(petition=petition, email=email, first_name="P", last_name="Q")
    assert services.petition_count(petition=petition) == 50
    assert Signature.objects.count() == 50


@pytest.mark.skipif(not settings.USING_POSTGRES, reason="needs PostgreSQL's concurrent writers")
@pytest.mark.django_db(transaction=True)
def test_concurrent_signing_of_one_email_gives_one_row():
    ZipDistrictFactory()
    petition = PetitionFactory(slug="race")
    barrier = threading.Barrier(8)
    errors: list[BaseException] = []

    def sign() -> None:
        try:
            barrier.wait()
            services.signature_create(
                petition=petition,
                email="Same@Example.com",
                first_name="Same",
                last_name="Person",
                zip_code="43215",
            )
        except BaseException as error:  # surfaced below; a thread must not swallow it
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Supporter.objects.count() == 1
    assert Signature.objects.count() == 1
    assert services.petition_recount(petition=petition) == 1
    assert sum(SignatureCounter.objects.values_list("count", flat=True)) == 1


@pytest.mark.skipif(not settings.USING_POSTGRES, reason="needs PostgreSQL's concurrent writers")
@pytest.mark.django_db(transaction=True)
def test_concurrent_signers_all_count():
    petition = PetitionFactory(slug="rush")
    barrier = threading.Barrier(32)
    errors: list[BaseException] = []

    def sign(n: int) -> None:
        try:
            barrier.wait()
            services.signature_create(
                petition=petition, email=f"rush{n}@example.com", first_name="R", last_name="S"
            )
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign, args=(n,)) for n in range(32)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(SignatureCounter.objects.values_list("count", flat=True)) == 32
    assert Signature.objects.count() == 32


def test_petition_list_shows_open_petitions_in_fixed_queries(
    anonymous, petition, django_assert_num_queries
):
    others = PetitionFactory.create_batch(5)
    PetitionFactory(title="Closed one", status=PetitionStatus.CLOSED)
    for other in others:
        SignatureFactory.create_batch(2, petition=other)
        services.petition_recount(petition=other)
    anonymous.get("/petitions/")  # warms the site-wide caches (navigation, banner)
    cache_keys = [f"petitions:count:{p.pk}" for p in [petition, *others]]
    cache.delete_many(cache_keys)
    # The petitions, then all their counts in one query.
    with django_assert_num_queries(2):
        response = anonymous.get("/petitions/")
    html = response.content.decode()
    assert response.status_code == 200
    assert all(other.title in html for other in others)
    assert "Closed one" not in html
    assert [p.count for p in response.context["petitions"]].count(2) == 5
    with django_assert_num_queries(1):
        anonymous.get("/petitions/")
