"""Every emailed link that acts: opening it changes nothing, the button's POST acts, and a
bad or expired link says so (core/confirm.py)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from letters.models import ConfirmationState, HoldReason, LetterStatus
from petitions.models import Signature
from supporters import lists
from supporters.models import ListSubscription
from tests.campaign.factories import ListSubscriptionFactory
from tests.factories import SupporterFactory
from tests.letters.factories import LetterFactory
from tests.links import (
    confirm_token_make,
    letter_confirm_token,
    one_click_token,
    preferences_token,
    signature_confirm_token,
    unsubscribe_token_make,
)
from tests.petitions.factories import SignatureFactory

pytestmark = pytest.mark.django_db


@dataclass
class Link:
    url: str
    acted: Callable[[], bool]  # read from the database, not from the response
    shows_button: str
    after_post: str


def signature_link() -> Link:
    signature = SignatureFactory(confirmed_at=None, petition__requires_confirmation=True)
    token = signature_confirm_token(signature=signature)
    return Link(
        url=reverse("petitions:confirm", args=[token]),
        acted=lambda: Signature.objects.get(pk=signature.pk).confirmed_at is not None,
        shows_button="Confirm my signature",
        after_post="",  # a redirect to the thank-you page
    )


def letter_link() -> Link:
    letter = LetterFactory(
        status=LetterStatus.HELD,
        hold_reason=HoldReason.UNCONFIRMED,
        submission__confirmation=ConfirmationState.PENDING,
    )
    submission = letter.submission
    return Link(
        url=reverse("letters:write_confirm", args=[letter_confirm_token(submission)]),
        acted=lambda: (
            type(submission).objects.get(pk=submission.pk).confirmation
            == ConfirmationState.CONFIRMED
        ),
        shows_button="Confirm and send my letters",
        after_post="your letters are on their way",
    )


def list_confirm_link() -> Link:
    subscription = ListSubscriptionFactory()
    return Link(
        url=reverse("campaign:list_confirm", args=[confirm_token_make(subscription=subscription)]),
        acted=lambda: (
            ListSubscription.objects.get(pk=subscription.pk).status
            == ListSubscription.Status.CONFIRMED
        ),
        shows_button="Yes, add me to the list",
        after_post="You are on the list",
    )


def unsubscribe_link() -> Link:
    subscription = ListSubscriptionFactory(status=ListSubscription.Status.CONFIRMED)
    token = unsubscribe_token_make(subscription=subscription)
    return Link(
        url=reverse("campaign:list_unsubscribe", args=[token]),
        acted=lambda: (
            ListSubscription.objects.get(pk=subscription.pk).status
            == ListSubscription.Status.UNSUBSCRIBED
        ),
        shows_button="Unsubscribe",
        after_post="You are off the list",
    )


def one_click_link() -> Link:
    supporter = SupporterFactory()
    lists.consent_give(supporter=supporter, email_list="newsletter", source="list page")
    token = one_click_token(supporter=supporter, email_list="newsletter")
    return Link(
        url=reverse("supporters:list_unsubscribe", args=[token]),
        acted=lambda: not lists.subscribers(email_list="newsletter").exists(),
        shows_button="Unsubscribe",
        after_post="You are off the Newsletter list",
    )


def preferences_link() -> Link:
    supporter = SupporterFactory()
    lists.consent_give(supporter=supporter, email_list="newsletter", source="list page")
    return Link(
        url=reverse("supporters:list_preferences", args=[preferences_token(supporter=supporter)]),
        # The form posted with no box ticked leaves every list.
        acted=lambda: not lists.subscribers(email_list="newsletter").exists(),
        shows_button="Save my choices",
        after_post="Saved.",
    )


LINKS = {
    "signature": signature_link,
    "letter": letter_link,
    "list_confirm": list_confirm_link,
    "unsubscribe": unsubscribe_link,
    "one_click": one_click_link,
    "preferences": preferences_link,
}


@pytest.mark.parametrize("make", LINKS.values(), ids=LINKS.keys())
def test_opening_a_link_changes_nothing_and_the_button_acts(make):
    link = make()
    browser = Client(enforce_csrf_checks=True)
    for method in ("get", "head", "get"):  # scanners fetch more than once
        response = getattr(browser, method)(link.url)
        assert response.status_code == 200
        assert not link.acted()
    page = browser.get(link.url).content.decode()
    assert link.shows_button in page
    assert '<form method="post"' in page
    assert "noindex" in response["X-Robots-Tag"]
    assert "no-store" in response["Cache-Control"]

    form_token = browser.cookies["csrftoken"].value if "csrftoken" in browser.cookies else ""
    response = browser.post(link.url, {"csrfmiddlewaretoken": form_token})
    assert response.status_code in (200, 302)
    assert link.acted()
    if link.after_post:
        assert link.after_post in response.content.decode()


@pytest.mark.parametrize("make", [signature_link, letter_link, list_confirm_link, preferences_link])
def test_a_forged_post_without_the_pages_csrf_token_acts_on_nothing(make):
    link = make()
    assert Client(enforce_csrf_checks=True).post(link.url).status_code == 403
    assert not link.acted()


@pytest.mark.parametrize("make", [unsubscribe_link, one_click_link])
def test_one_click_unsubscribe_works_without_a_session_or_csrf_token(make):
    # RFC 8058: the mail program POSTs "List-Unsubscribe=One-Click" and nothing else.
    link = make()
    response = Client(enforce_csrf_checks=True).post(link.url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert link.acted()


BAD_LINKS = [
    ("petitions:confirm", "This confirmation link does not work", 400),
    ("letters:write_confirm", "This link does not work", 400),
    ("campaign:list_confirm", "This link does not work", 400),
    ("campaign:list_unsubscribe", "This link does not work", 400),
    ("supporters:list_unsubscribe", "This link does not work", 400),
    ("supporters:list_preferences", "This link does not work", 400),
]


@pytest.mark.parametrize(("name", "says", "status"), BAD_LINKS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_bad_link_says_so_and_changes_nothing(name, says, status, method):
    make = {
        "petitions:confirm": signature_link,
        "letters:write_confirm": letter_link,
        "campaign:list_confirm": list_confirm_link,
        "campaign:list_unsubscribe": unsubscribe_link,
        "supporters:list_unsubscribe": one_click_link,
        "supporters:list_preferences": preferences_link,
    }[name]
    link = make()
    token = link.url.rstrip("/").rsplit("/", 1)[1]
    response = getattr(Client(), method)(reverse(name, args=[token[:-3] + "xyz"]))
    assert response.status_code == status
    assert says in response.content.decode()
    assert not link.acted()


EXPIRING = [
    # (link, setting that sets its lifetime, what the page says, status)
    (signature_link, "SIGNATURE_CONFIRM", "This confirmation link has expired", 410),
    (letter_link, "LETTER_CONFIRM", "This link does not work", 400),
    (list_confirm_link, "LIST_CONFIRM", "This link has expired", 200),
]


@pytest.mark.parametrize(("make", "purpose", "says", "status"), EXPIRING)
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_expired_link_says_so_and_changes_nothing(
    make, purpose, says, status, method, settings, time_machine
):
    time_machine.move_to("2027-03-01 12:00", tick=False)
    link = make()
    settings.SIGNED_LINK_MAX_AGE = {**settings.SIGNED_LINK_MAX_AGE, purpose: 3600}
    time_machine.shift(timedelta(hours=1, minutes=1))
    response = getattr(Client(), method)(link.url)
    assert response.status_code == status
    assert says in response.content.decode()
    assert not link.acted()
