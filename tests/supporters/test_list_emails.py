"""List email leaves one list with one click: the welcome message, delivered to a real SMTP
server, carries RFC 2369 / RFC 8058 headers for the list it belongs to, and a link per list."""

import re

import pytest
from django.test import Client

from supporters import lists
from supporters.models import EmailList
from supporters.services import list_welcome_send
from tests.campaign.factories import ListSubscriptionFactory

pytestmark = pytest.mark.django_db
NEWS, ALERTS = EmailList.NEWSLETTER.value, EmailList.ACTION_ALERTS.value


@pytest.fixture(autouse=True)
def public_site(settings):
    settings.SITE_URL = "https://press.example.org"


def subscriber(*, requested: str, joined: list[str]):
    subscription = ListSubscriptionFactory(status="confirmed", requested_lists=requested)
    for email_list in joined:
        lists.consent_give(supporter=subscription.supporter, email_list=email_list, source="x")
    return subscription


def _active(supporter) -> set[str]:
    return set(supporter.list_consents.active().values_list("email_list", flat=True))


def _one_click(url: str):
    # What a mail program sends: the RFC 8058 body, no cookies, no CSRF token.
    return Client(enforce_csrf_checks=True).post(
        url.removeprefix("https://press.example.org"),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )


@pytest.mark.parametrize(("requested", "first"), [("newsletter", NEWS), ("action-alerts", ALERTS)])
def test_the_welcome_carries_the_one_click_headers_of_its_list(smtp_server, requested, first):
    subscription = subscriber(requested=requested, joined=[first])
    assert list_welcome_send(subscription_id=subscription.pk)

    [message] = smtp_server.messages_to(subscription.supporter.email)
    expected = lists.unsubscribe_url(supporter_id=subscription.supporter_id, email_list=first)
    assert expected.startswith("https://press.example.org/lists/unsubscribe/")
    assert message["List-Unsubscribe"] == f"<{expected}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # The old link that left every list at once is gone from the message.
    assert "/join/unsubscribe/" not in message.as_string()


def test_one_click_from_the_welcome_leaves_that_list_only(smtp_server):
    subscription = subscriber(requested="newsletter,action-alerts", joined=[NEWS, ALERTS])
    list_welcome_send(subscription_id=subscription.pk)
    [message] = smtp_server.messages_to(subscription.supporter.email)

    url = message["List-Unsubscribe"].strip("<>")
    assert _one_click(url).status_code == 200
    assert _active(subscription.supporter) == {ALERTS}


def test_the_welcome_body_has_a_leave_link_for_each_list_joined(smtp_server):
    subscription = subscriber(requested="newsletter,action-alerts", joined=[NEWS, ALERTS])
    list_welcome_send(subscription_id=subscription.pk)
    [message] = smtp_server.messages_to(subscription.supporter.email)
    supporter_id = subscription.supporter_id

    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for email_list, label in ((NEWS, "Newsletter"), (ALERTS, "Action alerts")):
        url = lists.unsubscribe_url(supporter_id=supporter_id, email_list=email_list)
        assert f"To leave the {label} list at any time, open this link: {url}" in text
        assert re.search(rf'<a href="{re.escape(url)}">Leave the {label} list</a>', html)
    assert "/lists/preferences/" in text and "/lists/preferences/" in html

    alerts = lists.unsubscribe_url(supporter_id=supporter_id, email_list=ALERTS)
    assert _one_click(alerts).status_code == 200
    assert _active(subscription.supporter) == {NEWS}


def test_the_welcome_names_only_the_lists_the_person_is_still_on(smtp_server):
    # Asked for both, left the newsletter before the welcome went out.
    subscription = subscriber(requested="newsletter,action-alerts", joined=[NEWS, ALERTS])
    lists.consent_withdraw(supporter=subscription.supporter, email_list=NEWS, source="x")
    list_welcome_send(subscription_id=subscription.pk)
    [message] = smtp_server.messages_to(subscription.supporter.email)

    alerts = lists.unsubscribe_url(supporter_id=subscription.supporter_id, email_list=ALERTS)
    assert message["List-Unsubscribe"] == f"<{alerts}>"
    assert "Leave the Newsletter list" not in message.get_body(("html",)).get_content()
