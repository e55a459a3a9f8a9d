"""Find your lawmakers, the members directory and the member page."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.legislators.conftest import GEOCODER_URL, census_payload
from tests.legislators.factories import LegislatorFactory

pytestmark = pytest.mark.usefixtures("congress")
FIND = "/find-your-lawmakers/"


def cards(response) -> int:
    return response.content.decode().count('class="card lawmaker"')


def test_url_names() -> None:
    assert reverse("legislators:find") == FIND
    assert reverse("legislators:directory") == "/lawmakers/"
    assert reverse("legislators:detail", args=["A000001"]) == "/lawmakers/A000001/"


def test_find_page_has_a_labelled_zip_form(anonymous) -> None:
    response = anonymous.get(FIND)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="id_zip">' in html
    assert 'autocomplete="postal-code"' in html
    assert "js/lawmakers.js" in html
    assert 'property="og:title" content="Find your lawmakers"' in html
    # Linked from the main navigation.
    assert f'href="{FIND}" aria-current="page"' in html
    assert 'href="/lawmakers/"' in html


def shell_queries(client) -> int:
    """Queries the shared page shell makes on a cold cache (context processors, banner)."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get(FIND)
    cache.clear()
    return len(queries)


def test_single_district_zip_shows_three_lawmakers_with_phone_links(
    anonymous, congress, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(shell_queries(anonymous) + 3):
        response = anonymous.get(FIND, {"zip": "45202"})
    html = response.content.decode()
    assert cards(response) == 3
    assert congress["oh_01"].name in html
    assert 'href="tel:+12022250000"' in html
    assert "Your senators" in html and "Your representative" in html
    assert 'name="address"' not in html


def test_find_page_is_cached_per_zip(anonymous, django_assert_num_queries) -> None:
    first = anonymous.get(FIND, {"zip": "45202"})
    with django_assert_num_queries(0):
        second = anonymous.get(FIND, {"zip": "45202"})
    assert cards(second) == cards(first) == 3


def test_split_zip_asks_for_the_address_by_post(anonymous, congress) -> None:
    response = anonymous.get(FIND, {"zip": "43215"})
    html = response.content.decode()
    assert '<form method="post"' in html
    assert '<label for="id_address">' in html
    assert "split between 2 congressional districts" in html
    assert f"{FIND}?zip=43215&amp;seat=OH-15" in html
    assert cards(response) == 2  # the senators; the representative is still open


def test_address_resolves_the_representative(anonymous, http, congress) -> None:
    http.get(GEOCODER_URL, json=census_payload("census_oh15.json"))
    response = anonymous.post(FIND, {"zip": "43215", "address": "1200 W Broad St"})
    assert response.status_code == 200
    assert cards(response) == 3
    html = response.content.decode()
    assert congress["oh_15"].name in html
    assert congress["oh_03"].name not in html
    assert "no-store" in response["Cache-Control"]


def test_geocoder_failure_lets_the_supporter_pick(anonymous, http, congress) -> None:
    http.get(GEOCODER_URL, status=503)
    response = anonymous.post(FIND, {"zip": "43215", "address": "75 S High St"})
    html = response.content.decode()
    assert "isn&#x27;t answering" in html
    assert html.count('class="candidate"') == 2

    chosen = anonymous.get(FIND, {"zip": "43215", "seat": "OH-03"})
    assert cards(chosen) == 3
    assert congress["oh_03"].name in chosen.content.decode()


@pytest.mark.parametrize(
    ("zip_code", "message"),
    [("abc", "five-digit ZIP code"), ("00000", "couldn&#x27;t find ZIP code 00000")],
)
def test_bad_zip_shows_a_clear_message(anonymous, zip_code: str, message: str) -> None:
    response = anonymous.get(FIND, {"zip": zip_code})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'aria-invalid="true"' in html


def test_dc_page_says_there_are_no_senators(anonymous) -> None:
    response = anonymous.get(FIND, {"zip": "20001"})
    assert cards(response) == 1
    assert "have no senators" in response.content.decode()


def test_directory_lists_serving_members_in_constant_queries(
    anonymous, congress, django_assert_num_queries
) -> None:
    # The member list and the party filter: two queries on top of the page shell.
    expected = shell_queries(anonymous) + 2
    with django_assert_num_queries(expected):
        response = anonymous.get("/lawmakers/")
    html = response.content.decode()
    assert html.count("<tr>") == len(congress) + 1  # members + header row
    assert "16 members" in html

    LegislatorFactory.create_batch(20, state="TX")
    cache.clear()
    with django_assert_num_queries(expected):
        anonymous.get("/lawmakers/")


def test_directory_filters(anonymous, congress) -> None:
    LegislatorFactory(state="OH", district=4, party="Republican")
    html = anonymous.get("/lawmakers/", {"state": "OH", "chamber": "house"}).content.decode()
    assert "4 members" in html
    assert congress["oh_senior"].name not in html
    html = anonymous.get("/lawmakers/", {"party": "Republican"}).content.decode()
    assert "1 member" in html
    # Unknown values are ignored rather than failing.
    response = anonymous.get("/lawmakers/", {"state": "ZZ", "chamber": "x", "party": "y"})
    assert response.status_code == 200
    assert "17 members" in response.content.decode()


def test_member_page_has_a_contact_card(anonymous) -> None:
    member = LegislatorFactory(
        senator=True,
        state="WA",
        official_name="Maria Example",
        phone="202-224-3441",
        contact_form_url="https://www.example.senate.gov/contact",
        website="https://www.example.senate.gov",
        office_address="511 Hart Senate Office Building Washington DC 20510",
    )
    response = anonymous.get(member.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sen. Maria Example" in html
    assert 'href="tel:+12022243441"' in html
    assert 'href="https://www.example.senate.gov/contact"' in html
    assert 'href="https://www.example.senate.gov"' in html
    assert "511 Hart Senate Office Building" in html
    assert "<img" not in html
    assert 'property="og:title" content="Sen. Maria Example (WA)"' in html


def test_former_member_page_says_so(anonymous) -> None:
    member = LegislatorFactory(is_serving=False)
    assert "No longer serving" in anonymous.get(member.get_absolute_url()).content.decode()


def test_unknown_member_is_a_404(anonymous) -> None:
    assert anonymous.get("/lawmakers/Z999999/").status_code == 404


def test_directory_lists_senators_first_within_a_state(anonymous, congress) -> None:
    html = anonymous.get("/lawmakers/", {"state": "OH"}).content.decode()
    positions = [
        html.index(congress[key].name)
        for key in ("oh_senior", "oh_junior", "oh_01", "oh_03", "oh_15")
    ]
    assert positions == sorted(positions)


def test_address_lookups_past_the_limit_are_refused_before_the_geocoder(
    anonymous, http, congress, settings
) -> None:
    settings.RATE_LIMITS = {"lookup": {"ip": (1, 600)}}
    http.get(GEOCODER_URL, json=census_payload("census_oh15.json"))
    assert anonymous.post(FIND, {"zip": "43215", "address": "1200 W Broad St"}).status_code == 200
    response = anonymous.post(FIND, {"zip": "43215", "address": "1200 W Broad St"})
    assert response.status_code == 429
    assert len(http.calls) == 1


def test_a_spanish_page_names_the_party_in_spanish(anonymous):
    english = anonymous.get(FIND, {"zip": "43215"}).content.decode()
    spanish = anonymous.get("/es" + FIND, {"zip": "43215"}).content.decode()
    assert "· Democrat" in english
    assert "· Demócrata" in spanish and "· Democrat<" not in spanish
