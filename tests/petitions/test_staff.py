"""Staff tools: admin lists, streamed CSV export, delivery report, supporter export/delete."""

import csv
import io
import json
import tracemalloc

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from petitions import services
from petitions.models import Signature
from supporters.models import Supporter
from tests.factories import SupporterFactory
from tests.petitions.factories import LegislatorFactory, PetitionFactory, SignatureFactory


@pytest.fixture
def petition(db):
    return PetitionFactory(slug="staff-view")


def export_url(petition) -> str:
    return reverse("admin:petitions_petition_export", args=[petition.pk])


def test_signature_list_filters_and_search(organizer, petition):
    ana = SupporterFactory(email="ana@example.com", state="TX", district=7)
    bob = SupporterFactory(email="bob@example.com", state="OH", district=3)
    SignatureFactory(petition=petition, supporter=ana)
    SignatureFactory(petition=petition, supporter=bob, confirmed_at=None)
    url = reverse("admin:petitions_signature_changelist")
    assert organizer.get(url).status_code == 200
    found = organizer.get(url, {"q": "ana@"}).context["cl"].result_list
    assert [s.supporter.email for s in found] == ["ana@example.com"]
    for params, expected in [
        ({"state": "OH"}, ["bob@example.com"]),
        ({"district": "7"}, ["ana@example.com"]),
        ({"state": "TX", "district": "7"}, ["ana@example.com"]),
        ({"state": "OH", "district": "7"}, []),
        ({"confirmed": "no"}, ["bob@example.com"]),
        ({"confirmed": "yes"}, ["ana@example.com"]),
        ({"petition__id__exact": str(petition.pk)}, ["ana@example.com", "bob@example.com"]),
    ]:
        result = organizer.get(url, params).context["cl"].result_list
        assert sorted(s.supporter.email for s in result) == expected, params


def test_supporter_search_by_email(organizer):
    SupporterFactory(email="find.me@example.com")
    SupporterFactory(email="other@example.com")
    response = organizer.get(reverse("admin:supporters_supporter_changelist"), {"q": "find.me"})
    assert [s.email for s in response.context["cl"].result_list] == ["find.me@example.com"]


@pytest.mark.parametrize("persona", ["anonymous", "editor"])
def test_supporter_data_is_for_organizers_only(request, persona, petition):
    client = request.getfixturevalue(persona)
    supporter = SignatureFactory(petition=petition).supporter
    urls = [
        reverse("admin:supporters_supporter_changelist"),
        reverse("admin:petitions_signature_changelist"),
        export_url(petition),
        reverse("admin:petitions_petition_delivery", args=[petition.pk]),
        reverse("admin:supporters_supporter_export", args=[supporter.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in {302, 403}, url
        assert supporter.email not in response.content.decode()


def test_csv_export_has_every_signature_and_defuses_formulas(organizer, petition):
    SignatureFactory(petition=petition, comment='=HYPERLINK("http://x")')
    SignatureFactory(petition=petition, confirmed_at=None)
    response = organizer.get(export_url(petition))
    assert response.status_code == 200
    assert response.streaming
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    # Staff's spreadsheets depend on these columns, in this order.
    assert rows[0] == [
        "signed_at",
        "confirmed_at",
        "email",
        "first_name",
        "last_name",
        "zip_code",
        "country",
        "state",
        "district",
        "list_opt_in",
        "show_publicly",
        "comment",
    ]
    assert len(rows) == 3
    assert rows[1][11] == '\'=HYPERLINK("http://x")'


def test_csv_export_streams_in_flat_memory(superuser, petition):
    rows = 20_000
    comment = "I answer phones for a living and want to keep doing it here. " * 6
    supporters = Supporter.objects.bulk_create(
        Supporter(email=f"bulk{n}@example.com", first_name="Bulk", last_name=f"Signer {n}")
        for n in range(rows)
    )
    now = timezone.now()
    Signature.objects.bulk_create(
        Signature(petition=petition, supporter=s, comment=comment, confirmed_at=now)
        for s in supporters
    )
    response = superuser.get(export_url(petition))
    tracemalloc.start()
    total = 0
    lines = 0
    for chunk in response.streaming_content:
        total += len(chunk)
        lines += 1
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert lines == rows + 1
    # The whole file is ~10 MB; reading it in chunks keeps the peak at a fraction of that
    # (about one chunk of rows), so a million rows would need no more.
    assert total > 9_000_000
    assert peak < 5_000_000, f"peak {peak} bytes while streaming {total} bytes"


def test_delivery_report_counts_signers_per_office(organizer, petition):
    senator_oh = LegislatorFactory(chamber="senate", state="OH", district=None)
    rep_oh3 = LegislatorFactory(state="OH", district=3)
    rep_oh15 = LegislatorFactory(state="OH", district=15)
    at_large = LegislatorFactory(state="WY", district=0)
    LegislatorFactory(state="OH", district=4, is_serving=False)
    for state, district in [("OH", 3), ("OH", 3), ("OH", None), ("OH", 15), ("WY", 0)]:
        SignatureFactory(
            petition=petition, supporter=SupporterFactory(state=state, district=district)
        )
    SignatureFactory(
        petition=petition, supporter=SupporterFactory(state="OH", district=3), confirmed_at=None
    )
    SignatureFactory(supporter=SupporterFactory(state="OH", district=3))  # another petition
    tallies = {t.legislator: t.signers for t in services.delivery_report(petition=petition)}
    assert tallies == {senator_oh: 4, rep_oh3: 2, rep_oh15: 1, at_large: 1}
    response = organizer.get(reverse("admin:petitions_petition_delivery", args=[petition.pk]))
    assert response.status_code == 200
    assert rep_oh3.official_name in response.content.decode()


def test_delivery_report_query_count(petition, django_assert_num_queries):
    for n in range(10):
        LegislatorFactory(state="OH", district=n + 1)
        SignatureFactory(petition=petition, supporter=SupporterFactory(district=n + 1))
    with django_assert_num_queries(3):
        services.delivery_report(petition=petition)


def test_supporter_export_gathers_everything(organizer, petition):
    supporter = SupporterFactory(email="me@example.com")
    SignatureFactory(petition=petition, supporter=supporter, comment="Count me in")
    response = organizer.get(reverse("admin:supporters_supporter_export", args=[supporter.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["supporter"]["email"] == "me@example.com"
    assert data["petitions.signature"][0]["comment"] == "Count me in"


def test_supporter_export_action(organizer):
    supporter = SupporterFactory(email="me@example.com")
    response = organizer.post(
        reverse("admin:supporters_supporter_changelist"),
        {"action": "export_json", "_selected_action": [supporter.pk]},
    )
    assert response.status_code == 200
    assert json.loads(response.content)[0]["supporter"]["email"] == "me@example.com"


def test_deleting_a_supporter_removes_their_data_and_keeps_counts(
    organizer, petition, django_capture_on_commit_callbacks
):
    other = PetitionFactory()
    leaving = SupporterFactory(email="leaving@example.com", list_opt_in=True)
    SignatureFactory(petition=petition, supporter=leaving)
    SignatureFactory(petition=other, supporter=leaving, confirmed_at=None)
    SignatureFactory.create_batch(2, petition=petition)
    services.petition_recount(petition=petition)
    assert services.petition_count(petition=petition) == 3

    # The cached counts are dropped when the deletion commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = organizer.post(
            reverse("admin:supporters_supporter_delete", args=[leaving.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert not Supporter.objects.filter(email="leaving@example.com").exists()
    assert not Signature.objects.filter(supporter_id=leaving.pk).exists()
    assert services.petition_count(petition=petition) == 2
    assert services.petition_count(petition=other) == 0
    assert services.petition_recount(petition=petition) == 2


def test_deleting_signatures_in_bulk_keeps_counts(organizer, petition):
    signatures = SignatureFactory.create_batch(3, petition=petition)
    services.petition_recount(petition=petition)
    response = organizer.post(
        reverse("admin:petitions_signature_changelist"),
        {"action": "delete_selected", "_selected_action": [signatures[0].pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert services.petition_count(petition=petition) == 2


def test_signature_list_queries_do_not_grow_with_rows(organizer, petition):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("admin:petitions_signature_changelist")

    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert organizer.get(url).status_code == 200
        return len(captured)

    SignatureFactory.create_batch(3, petition=petition)
    queries_for_page()  # warms the site-wide caches (navigation, banner)
    few = queries_for_page()
    SignatureFactory.create_batch(30, petition=petition)
    many = queries_for_page()
    assert many == few


def _count_queries(queries) -> int:
    return sum("COUNT(" in query["sql"].upper() for query in queries)


@pytest.mark.django_db
@pytest.mark.skipif(not settings.USING_POSTGRES, reason="the planner estimate is PostgreSQL's")
def test_admin_signature_paging_uses_the_estimate_for_a_huge_unfiltered_table(monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from petitions.admin import EstimatedCountPaginator

    SignatureFactory.create_batch(3)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE petitions_signature")
    monkeypatch.setattr(EstimatedCountPaginator, "ESTIMATE_ABOVE", 0)
    with CaptureQueriesContext(connection) as unfiltered:
        assert EstimatedCountPaginator(Signature.objects.all(), 50).count == 3
    assert _count_queries(unfiltered.captured_queries) == 0
    one = Signature.objects.order_by("id")[:1].get()
    with CaptureQueriesContext(connection) as filtered:
        count = EstimatedCountPaginator(Signature.objects.filter(pk=one.pk), 50).count
    assert count == 1
    assert _count_queries(filtered.captured_queries) == 1


@pytest.mark.django_db
def test_admin_signature_paging_counts_exactly_below_the_threshold():
    from petitions.admin import EstimatedCountPaginator

    SignatureFactory.create_batch(3)
    assert EstimatedCountPaginator(Signature.objects.all(), 2).num_pages == 2
