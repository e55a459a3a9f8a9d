"""What the checkers found on a phone: favicon, compression, banner, forms, the home page order."""

import gzip
from datetime import UTC, datetime

import pytest

from tests.campaign.factories import EventFactory, SiteBannerFactory

pytestmark = pytest.mark.django_db


def test_favicon_is_served_and_linked(anonymous):
    response = anonymous.get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO file's magic bytes
    assert '<link rel="icon" href="/favicon.ico"' in anonymous.get("/").content.decode()


def test_html_is_compressed_for_browsers_that_accept_it(anonymous):
    plain = anonymous.get("/")
    packed = anonymous.get("/", headers={"Accept-Encoding": "gzip"})

    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    html = gzip.decompress(packed.content).decode()
    assert "Keep call center jobs in America" in html
    assert len(packed.content) < len(plain.content) / 2


def test_banner_not_shown_on_staff_pages(organizer):
    SiteBannerFactory(message="Week of action starts Monday")

    assert "Week of action starts Monday" in organizer.get("/").content.decode()
    board = organizer.get("/staff/whip/")
    assert board.status_code == 200
    assert "Week of action starts Monday" not in board.content.decode()


def test_menu_is_a_disclosure_that_needs_no_script(anonymous):
    html = anonymous.get("/").content.decode()

    menu = html.split('<details class="site-menu"', 1)[1].split("</details>", 1)[0]
    assert "<summary" in menu
    assert 'href="/write/"' in menu
    assert 'href="/join/"' in menu


def test_home_page_puts_the_zip_box_before_the_explanation(anonymous):
    html = anonymous.get("/").content.decode()

    assert html.index('id="zip-box-zip"') < html.index("When you call customer service")


def test_event_form_street_uses_a_valid_autocomplete_and_a_jump_link(anonymous):
    event = EventFactory(
        slug="week-of-action",
        starts_at=datetime(2027, 10, 3, 4, 0, tzinfo=UTC),
        ends_at=datetime(2027, 10, 10, 3, 59, tzinfo=UTC),
        registration_deadline=datetime(2027, 9, 10, 21, 0, tzinfo=UTC),
    )

    html = anonymous.get(event.get_absolute_url()).content.decode()

    assert 'autocomplete="street-address"' not in html
    assert 'autocomplete="address-line1"' in html
    assert 'href="#register"' in html
    assert 'id="register"' in html
