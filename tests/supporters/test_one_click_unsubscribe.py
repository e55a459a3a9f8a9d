"""One list's one-click unsubscribe (RFC 8058) at /lists/unsubscribe/<token>/."""

import pytest
from django.test import Client

from supporters import lists
from supporters.models import EmailList, ListConsent, Supporter
from tests.factories import SupporterFactory
from tests.links import one_click_token, preferences_token

pytestmark = pytest.mark.django_db

NEWS = EmailList.NEWSLETTER
ALERTS = EmailList.ACTION_ALERTS


@pytest.fixture
def subscriber():
    """On both lists, confirmed."""
    person = SupporterFactory(email="ana@example.org")
    lists.consent_give(supporter=person, email_list=NEWS, source="list page")
    lists.consent_give(supporter=person, email_list=ALERTS, source="calls")
    return person


def _active(person) -> set[str]:
    return set(
        ListConsent.objects.active().filter(supporter=person).values_list("email_list", flat=True)
    )


def _path(person, email_list: str) -> str:
    return f"/lists/unsubscribe/{one_click_token(supporter=person, email_list=email_list)}/"


def test_the_mail_programs_one_click_post_unsubscribes_at_once(subscriber):
    # Exactly what Gmail or Yahoo send: a form-encoded body, no cookies, no CSRF token.
    provider = Client(enforce_csrf_checks=True)
    response = provider.generic(
        "POST",
        _path(subscriber, NEWS),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert _active(subscriber) == {ALERTS}
    consent = ListConsent.objects.get(supporter=subscriber, email_list=NEWS)
    assert consent.unsubscribed_source == "one-click"


def test_repeating_the_post_changes_nothing_more(subscriber):
    provider = Client(enforce_csrf_checks=True)
    for _ in range(3):
        response = provider.post(_path(subscriber, ALERTS), {"List-Unsubscribe": "One-Click"})
        assert response.status_code == 200
        assert "You are off the Action alerts list" in response.content.decode()
    assert _active(subscriber) == {NEWS}
    assert ListConsent.objects.filter(supporter=subscriber).count() == 2


def test_opening_the_link_asks_first_and_changes_nothing(subscriber, anonymous):
    for method in ("get", "head", "get"):
        response = getattr(anonymous, method)(_path(subscriber, NEWS))
        assert response.status_code == 200
    page = response.content.decode()
    assert "Leave the Newsletter list?" in page
    assert '<form method="post"' in page
    assert 'name="List-Unsubscribe" value="One-Click"' in page
    assert "noindex" in response["X-Robots-Tag"]
    assert "no-store" in response["Cache-Control"]
    assert _active(subscriber) == {NEWS, ALERTS}
    # The page's own button posts the same body as a mail program.
    response = anonymous.post(_path(subscriber, NEWS), {"List-Unsubscribe": "One-Click"})
    assert "You are off the Newsletter list" in response.content.decode()
    assert _active(subscriber) == {ALERTS}


def test_the_page_links_to_every_list_choice(subscriber, anonymous):
    page = anonymous.get(_path(subscriber, NEWS)).content.decode()
    assert "/lists/preferences/" in page


def test_someone_already_off_the_list_is_told_so(anonymous):
    person = SupporterFactory()
    response = anonymous.get(_path(person, NEWS))
    assert response.status_code == 200
    assert "You are off the Newsletter list" in response.content.decode()
    assert not ListConsent.objects.exists()


@pytest.mark.parametrize(
    "mangle", ["flip", "truncate", "junk", "other purpose", "unknown list", "deleted"]
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_bad_link_says_so_and_changes_nothing(subscriber, anonymous, mangle, method):
    good = one_click_token(supporter=subscriber, email_list=NEWS)
    token = {
        "flip": good[:-6] + ("A" if good[-6] != "A" else "B") + good[-5:],
        "truncate": good[:-4],
        "junk": "not-a-token",
        "other purpose": preferences_token(supporter=subscriber),
        "unknown list": one_click_token(supporter=subscriber, email_list="sports"),
        "deleted": one_click_token(supporter=SupporterFactory(), email_list=NEWS),
    }[mangle]
    if mangle == "deleted":
        Supporter.objects.exclude(pk=subscriber.pk).delete()
    response = getattr(anonymous, method)(f"/lists/unsubscribe/{token}/")
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    assert _active(subscriber) == {NEWS, ALERTS}
