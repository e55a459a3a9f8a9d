"""The organizers' signature list in the admin: what it shows, finds and costs."""

import datetime
import json

import pytest
from django.conf import settings
from django.contrib.admin.templatetags.admin_list import items_for_result
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from petitions import admin_rows
from petitions.admin import DistrictFilter, EstimatedCountPaginator, SignatureAdmin
from petitions.models import Signature, Supporter
from tests.factories import SupporterFactory
from tests.petitions.factories import PetitionFactory, SignatureFactory, ZipDistrictFactory

URL = reverse("admin:petitions_signature_changelist")
postgres_only = pytest.mark.skipif(
    not settings.USING_POSTGRES, reason="the indexes and estimates are PostgreSQL's"
)


def emails(response) -> list[str]:
    return sorted(signature.supporter.email for signature in response.context["cl"].result_list)


@pytest.fixture
def signatures(db) -> list[Signature]:
    petition = PetitionFactory(title="Keep <b>call centers</b> here")
    other = PetitionFactory(title="Fund the helpline")
    return [
        SignatureFactory(
            petition=petition,
            supporter=SupporterFactory(
                email="jane.doe@example.org", first_name="Jane", last_name="Doe", zip_code="43215"
            ),
        ),
        SignatureFactory(
            petition=other,
            supporter=SupporterFactory(
                email="o'brien@example.net",
                first_name="",
                last_name="",
                zip_code="",
                state="",
                district=None,
            ),
            confirmed_at=None,
        ),
        SignatureFactory(
            petition=petition,
            supporter=SupporterFactory(
                email="sam@example.com", first_name="Mary Ann", last_name="Smith"
            ),
            created_at=timezone.now() - datetime.timedelta(days=40),
        ),
    ]


@pytest.mark.parametrize(
    "params, language",
    [
        ({}, "en"),
        ({}, "es"),  # translated labels, another date format
        ({"q": "example", "confirmed": "yes"}, "en"),  # the links keep the list's filters
        ({"o": "-8.1"}, "en"),
    ],
)
def test_rows_are_the_admins_own_markup(organizer, signatures, params, language):
    response = organizer.get(URL, params, headers={"accept-language": language})
    assert response.headers["Content-Language"] == language
    assert response.status_code == 200
    cl = response.context["cl"]
    with translation.override(language):
        expected = ["".join(items_for_result(cl, obj, None)) for obj in cl.result_list]
        assert [row[0] for row in admin_rows.result_rows(cl.model_admin, cl)] == expected
    page = response.content.decode()
    for row in expected:
        assert f"<tr>{row}</tr>" in page


def test_list_shows_what_organizers_look_for(organizer, signatures):
    page = organizer.get(URL).content.decode()
    jane = signatures[0]
    change_url = reverse("admin:petitions_signature_change", args=[jane.pk])
    for text in [
        f'<a href="{change_url}">jane.doe@example.org</a>',
        "Jane Doe",
        "43215",
        "Keep &lt;b&gt;call centers&lt;/b&gt; here",  # escaped, never markup
        "o&#x27;brien@example.net",
        'name="_selected_action"',
        'id="action-toggle"',
    ]:
        assert text in page, text


def test_list_query_count(organizer, signatures, django_assert_num_queries):
    organizer.get(URL)  # warms the site-wide caches (navigation, banner)
    # Session, user, the user's and the group's permissions, the petitions for the filter,
    # on PostgreSQL the table's row estimate (too small here to stand in for the count),
    # the count, the page. Nothing per row.
    queries = 8 if settings.USING_POSTGRES else 7
    with django_assert_num_queries(queries):
        assert organizer.get(URL).status_code == 200
    SignatureFactory.create_batch(20)
    with django_assert_num_queries(queries):
        assert organizer.get(URL).status_code == 200


@pytest.mark.parametrize(
    "query, found",
    [
        ("jane.doe@example.org", ["jane.doe@example.org"]),
        ("JANE.DOE@", ["jane.doe@example.org"]),
        ("jane", ["jane.doe@example.org"]),
        ("Jane Doe", ["jane.doe@example.org"]),
        ("doe", ["jane.doe@example.org"]),
        ("mary smith", ["sam@example.com"]),
        ('"Mary Ann"', ["sam@example.com"]),
        ("o'brien", ["o'brien@example.net"]),
        ("jane smith", []),
        ("100%", []),
    ],
)
def test_search_by_how_an_email_or_name_begins(organizer, signatures, query, found):
    assert emails(organizer.get(URL, {"q": query})) == found


def test_supporter_search_by_name(organizer, signatures):
    response = organizer.get(reverse("admin:petitions_supporter_changelist"), {"q": "smith"})
    assert [s.email for s in response.context["cl"].result_list] == ["sam@example.com"]


@postgres_only
@pytest.mark.django_db
@pytest.mark.parametrize("field", ["email", "first_name", "last_name"])
def test_search_is_served_by_an_index(field):
    # With sequential scans priced out, the plan shows whether an index fits the exact
    # expression the admin's search writes (UPPER(column::text) LIKE 'JANE%').
    SupporterFactory.create_batch(3)
    queryset = Supporter.objects.filter(**{f"{field}__istartswith": "jane"})
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()
    assert f"supporter_{field}_upper_like" in plan


@postgres_only
def test_unconfirmed_list_is_served_by_an_index(db):
    SignatureFactory.create_batch(2, confirmed_at=None)
    queryset = Signature.objects.filter(confirmed_at__isnull=True)[:100]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()
    assert "signature_unconfirmed" in plan


def test_district_choices_follow_the_chosen_state(organizer, signatures):
    ZipDistrictFactory(zcta="43215", state="OH", district=3)
    ZipDistrictFactory(zcta="45202", state="OH", district=1)
    ZipDistrictFactory(zcta="82001", state="WY", district=0)

    def districts(params: dict) -> list[str] | None:
        specs = organizer.get(URL, params).context["cl"].filter_specs
        spec = next((s for s in specs if isinstance(s, DistrictFilter)), None)
        return None if spec is None else [str(label) for _value, label in spec.lookup_choices]

    assert districts({}) is None
    assert districts({"state": "OH"}) == ["1", "3"]
    assert districts({"state": "WY"}) == ["at large"]
    assert districts({"district": "3"}) == ["3"]  # chosen without a state: still applied
    assert emails(organizer.get(URL, {"state": "OH", "district": "1"})) == []
    assert emails(organizer.get(URL, {"state": "OH", "district": "3"})) == [
        "jane.doe@example.org",
        "sam@example.com",
    ]


def _count_queries(captured: CaptureQueriesContext) -> int:
    return sum("COUNT(" in query["sql"].upper() for query in captured.captured_queries)


@postgres_only
@pytest.mark.django_db
def test_long_filtered_list_pages_with_the_planner_estimate(monkeypatch):
    SignatureFactory.create_batch(3)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE petitions_signature")
    queryset = Signature.objects.filter(confirmed_at__isnull=False)
    monkeypatch.setattr(EstimatedCountPaginator, "ESTIMATE_FILTERED_ABOVE", 0)
    with CaptureQueriesContext(connection) as captured:
        estimate = EstimatedCountPaginator(queryset, 50).count
    assert estimate >= 1
    assert _count_queries(captured) == 0
    plan = json.loads(queryset.explain(format="json"))
    assert estimate == plan[0]["Plan"]["Plan Rows"]


@pytest.mark.django_db
def test_short_filtered_list_is_counted_exactly():
    SignatureFactory.create_batch(3)
    SignatureFactory(confirmed_at=None)
    queryset = Signature.objects.filter(confirmed_at__isnull=False)
    with CaptureQueriesContext(connection) as captured:
        assert EstimatedCountPaginator(queryset, 2).num_pages == 2
    assert _count_queries(captured) == 1


def test_a_column_the_rows_cannot_build_is_refused(organizer, signatures, monkeypatch):
    # A model property: the admin could show it, the fast rows do not know how.
    monkeypatch.setattr(SignatureAdmin, "list_display", ["supporter_email", "is_confirmed"])
    with pytest.raises(ImproperlyConfigured, match="is_confirmed"):
        organizer.get(URL)


SUPPORTERS_URL = reverse("admin:petitions_supporter_changelist")


def test_supporter_list_filters_by_state_and_country(organizer, db):
    SupporterFactory(email="oh@example.com", state="OH", country="US")
    SupporterFactory(email="tx@example.com", state="TX", country="US")
    SupporterFactory(email="abroad@example.com", state="", country="CA")

    def found(params: dict) -> list[str]:
        response = organizer.get(SUPPORTERS_URL, params)
        return sorted(s.email for s in response.context["cl"].result_list)

    assert found({"state": "TX"}) == ["tx@example.com"]
    assert found({"country": "CA"}) == ["abroad@example.com"]
    assert found({"country": "FR"}) == []  # no such supporter: an empty list, not an error
    assert found({}) == ["abroad@example.com", "oh@example.com", "tx@example.com"]
    # Newest first, as before.
    response = organizer.get(SUPPORTERS_URL)
    assert response.context["cl"].result_list[0].email == "abroad@example.com"


def test_supporter_list_reads_countries_once_per_cache_period(
    organizer, db, django_assert_num_queries
):
    SupporterFactory(country="US")
    SupporterFactory(country="MX")
    organizer.get(SUPPORTERS_URL)
    page = organizer.get(SUPPORTERS_URL).content.decode()
    assert "?country=MX" in page and "?country=US" in page
    # Session, user, the user's and the group's permissions, on PostgreSQL the table's row
    # estimate, the count, the page: no DISTINCT over the supporters.
    with django_assert_num_queries(7 if settings.USING_POSTGRES else 6) as captured:
        organizer.get(SUPPORTERS_URL)
    assert not any("DISTINCT" in query["sql"] for query in captured.captured_queries)
