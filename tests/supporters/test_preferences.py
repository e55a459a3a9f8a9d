"""The preferences page reached by a signed link: every list, changed at once, no login."""

import re
from datetime import timedelta

import pytest
from django.test import Client

from supporters import lists
from supporters.models import EmailList, ListConsent
from supporters.services import list_welcome_send
from tests.campaign.factories import ListSubscriptionFactory
from tests.factories import SupporterFactory
from tests.links import one_click_token, preferences_token

pytestmark = pytest.mark.django_db

NEWS = EmailList.NEWSLETTER
ALERTS = EmailList.ACTION_ALERTS


@pytest.fixture
def reader():
    """On the newsletter only."""
    person = SupporterFactory(email="ana@example.org")
    lists.consent_give(supporter=person, email_list=NEWS, source="list page")
    return person


def _active(person) -> set[str]:
    return set(
        ListConsent.objects.active().filter(supporter=person).values_list("email_list", flat=True)
    )


def _path(person) -> str:
    return f"/lists/preferences/{preferences_token(supporter=person)}/"


def _browser(path: str) -> tuple[Client, str]:
    """A browser that opened the page, and the CSRF token of its form."""
    browser = Client(enforce_csrf_checks=True)
    browser.get(path)
    return browser, browser.cookies["csrftoken"].value


def test_the_page_shows_every_list_and_what_the_person_gets(reader, anonymous):
    response = anonymous.get(_path(reader))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Newsletter: subscribed" in page
    assert "Action alerts: not subscribed" in page
    assert 'value="newsletter"' in page and 'value="action-alerts"' in page
    assert "Leave every list" in page
    assert "ana@example.org" not in page
    assert "no-store" in response["Cache-Control"]
    assert _active(reader) == {NEWS}


def test_ticking_and_unticking_changes_every_list_at_once(reader):
    path = _path(reader)
    browser, csrf = _browser(path)
    response = browser.post(
        path, {"csrfmiddlewaretoken": csrf, "lists": [ALERTS], "action": "save"}
    )
    assert response.status_code == 200
    assert "Saved." in response.content.decode()
    assert _active(reader) == {ALERTS}
    joined = ListConsent.objects.get(supporter=reader, email_list=ALERTS)
    assert joined.source == "preferences"
    left = ListConsent.objects.get(supporter=reader, email_list=NEWS)
    assert left.unsubscribed_source == "preferences"

    browser.post(path, {"csrfmiddlewaretoken": csrf, "lists": [NEWS, ALERTS], "action": "save"})
    assert _active(reader) == {NEWS, ALERTS}


def test_leave_every_list(reader):
    lists.consent_give(supporter=reader, email_list=ALERTS, source="calls")
    path = _path(reader)
    browser, csrf = _browser(path)
    response = browser.post(path, {"csrfmiddlewaretoken": csrf, "action": "leave"})
    assert response.status_code == 200
    assert "You are off every list" in response.content.decode()
    assert _active(reader) == set()
    reader.refresh_from_db()
    assert reader.list_opt_in is False


def test_a_post_without_the_pages_csrf_token_changes_nothing(reader):
    response = Client(enforce_csrf_checks=True).post(_path(reader), {"action": "leave"})
    assert response.status_code == 403
    assert _active(reader) == {NEWS}


def test_an_unknown_list_is_refused_and_changes_nothing(reader):
    path = _path(reader)
    browser, csrf = _browser(path)
    response = browser.post(path, {"csrfmiddlewaretoken": csrf, "lists": ["sports"]})
    assert response.status_code == 400
    assert _active(reader) == {NEWS}


def test_an_old_link_can_still_leave_but_not_join(reader, settings, time_machine):
    time_machine.move_to("2027-03-01 12:00", tick=False)
    path = _path(reader)
    settings.SIGNED_LINK_MAX_AGE = {**settings.SIGNED_LINK_MAX_AGE, "LIST_PREFERENCES": 3600}
    time_machine.shift(timedelta(hours=2))
    browser, csrf = _browser(path)
    page = browser.get(path).content.decode()
    assert "This link is old" in page
    assert 'value="action-alerts"' not in page
    response = browser.post(
        path, {"csrfmiddlewaretoken": csrf, "lists": [NEWS, ALERTS], "action": "save"}
    )
    assert response.status_code == 400
    assert _active(reader) == {NEWS}
    browser.post(path, {"csrfmiddlewaretoken": csrf, "action": "leave"})
    assert _active(reader) == set()


@pytest.mark.parametrize("mangle", ["flip", "junk", "other purpose", "deleted"])
def test_a_bad_link_says_so(reader, anonymous, mangle):
    good = preferences_token(supporter=reader)
    token = {
        "flip": good[:-6] + ("A" if good[-6] != "A" else "B") + good[-5:],
        "junk": "nothing-here",
        "other purpose": one_click_token(supporter=reader, email_list=NEWS),
        "deleted": preferences_token(supporter=SupporterFactory()),
    }[mangle]
    if mangle == "deleted":
        type(reader).objects.exclude(pk=reader.pk).delete()
    for method in ("get", "post"):
        response = getattr(anonymous, method)(f"/lists/preferences/{token}/", {"action": "leave"})
        assert response.status_code in (400, 403)
    response = anonymous.get(f"/lists/preferences/{token}/")
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    assert _active(reader) == {NEWS}


def test_the_welcome_email_links_to_the_preferences_page(anonymous, mailoutbox):
    subscription = ListSubscriptionFactory(status="confirmed")
    lists.consent_give(supporter=subscription.supporter, email_list=NEWS, source="list page")
    assert list_welcome_send(subscription_id=subscription.pk)
    [welcome] = mailoutbox
    html = welcome.alternatives[0][0]
    for body in (welcome.body, html):
        [path] = re.findall(r"https?://[^/\s\"]+(/lists/preferences/[^/\s\"]+/)", body)
        page = anonymous.get(path)
        assert page.status_code == 200
        assert "Newsletter: subscribed" in page.content.decode()


def test_a_suppressed_address_is_told_why_no_mail_comes(reader, anonymous):
    assert "bounced or was reported as spam" not in anonymous.get(_path(reader)).content.decode()
    lists.suppression_add(email=reader.email, reason="bounce")
    assert "bounced or was reported as spam" in anonymous.get(_path(reader)).content.decode()
