"""Email list: signup, double opt-in, one-click unsubscribe, and the subscriber export."""

import csv
import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail, signing
from django.test import Client
from django_tasks_db.models import DBTaskResult

from core.signing import Purpose
from supporters.models import ListSubscription, Supporter
from tests.campaign.factories import ListSubscriptionFactory
from tests.campaign.worker import run_worker
from tests.factories import SupporterFactory
from tests.links import confirm_token_make, unsubscribe_token_make

NOW = datetime(2027, 8, 2, 16, 0, tzinfo=UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


def signup(client, **overrides):
    data = {"name": "Sam Caller", "email": "Sam@Example.org", "zip_code": "43215", "website": ""}
    data.update(overrides)
    return client.post("/join/", data)


def link_path(message, kind: str) -> str:
    match = re.search(rf"https?://[^/\s]+(/join/{kind}/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def confirmed_subscriber(client) -> ListSubscription:
    signup(client)
    run_worker()
    client.post(link_path(mail.outbox[-1], "confirm"))
    run_worker()
    return ListSubscription.objects.get()


# Signing up ---------------------------------------------------------------------------------


def test_signup_page_renders_the_form(anonymous):
    response = anonymous.get("/join/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="email"' in html and 'name="zip_code"' in html and 'name="name"' in html
    assert 'class="hp-field" aria-hidden="true"' in html


def test_signup_records_a_pending_request_and_emails_the_link(anonymous):
    response = signup(anonymous)
    assert response.status_code == 302
    assert response["Location"] == "/join/check-your-inbox/"
    subscription = ListSubscription.objects.get()
    assert subscription.status == ListSubscription.Status.PENDING
    assert subscription.supporter.email == "sam@example.org"
    assert subscription.supporter.list_opt_in is False
    assert mail.outbox == []
    assert DBTaskResult.objects.count() == 1

    run_worker()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sam@example.org"]
    assert "Confirm that you want to join" in message.subject
    assert "sam@example.org" not in link_path(message, "confirm")
    assert "List-Unsubscribe" not in message.extra_headers  # not list mail yet
    page = anonymous.get("/join/check-your-inbox/")
    assert page.status_code == 200
    assert "Check your inbox" in page.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "This field is required."),
        ("name", "S", "at least 2 characters"),
        ("name", "S" * 151, "at most 150 characters"),
        ("name", "Sam\x00", "Null characters are not allowed."),
        ("email", "", "This field is required."),
        ("email", "sam@", "Enter a valid email address."),
        ("email", "sam at example.org", "Enter a valid email address."),
        ("email", "s" * 250 + "@example.org", "at most 254 characters"),
        ("zip_code", "", "This field is required."),
        ("zip_code", "4321", "Enter a five-digit ZIP code"),
        ("zip_code", "ABCDE", "Enter a five-digit ZIP code"),
        ("zip_code", "43215-1234", "at most 5 characters"),
    ],
)
def test_bad_signup_input_is_explained_and_nothing_is_stored(anonymous, field, value, message):
    response = signup(anonymous, **{field: value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert ListSubscription.objects.count() == 0
    assert Supporter.objects.count() == 0


def test_empty_signup_is_explained(anonymous):
    response = anonymous.post("/join/", {})
    assert response.status_code == 400
    assert response.content.decode().count("This field is required.") >= 3


def test_honeypot_signup_is_refused_and_stores_nothing(anonymous):
    response = signup(anonymous, website="spam")
    assert response.status_code == 400
    assert "saved nothing" in response.content.decode()
    assert Supporter.objects.count() == 0
    assert ListSubscription.objects.count() == 0
    assert DBTaskResult.objects.count() == 0


def test_signup_does_not_reveal_whether_an_address_is_on_the_list(frozen):
    member = Client()
    confirmed_subscriber(member)
    frozen.shift(timedelta(hours=1))
    known = signup(Client())
    stranger = signup(Client(), email="new@example.org")
    assert (known.status_code, known["Location"]) == (stranger.status_code, stranger["Location"])
    # And the confirmed member stays confirmed whoever typed their address.
    subscription = ListSubscription.objects.get(supporter__email="sam@example.org")
    assert subscription.status == ListSubscription.Status.CONFIRMED
    assert subscription.supporter.list_opt_in is True


def test_repeated_signups_do_not_flood_an_inbox(anonymous, frozen):
    signup(anonymous)
    run_worker()
    frozen.shift(timedelta(minutes=2))
    signup(anonymous)
    run_worker()
    assert len(mail.outbox) == 1
    frozen.shift(timedelta(minutes=15))
    signup(anonymous)
    run_worker()
    assert len(mail.outbox) == 2


# Confirming -----------------------------------------------------------------------------


def test_confirm_link_shows_a_button_and_only_the_post_confirms(anonymous):
    signup(anonymous)
    run_worker()
    path = link_path(mail.outbox[0], "confirm")
    page = anonymous.get(path)
    assert page.status_code == 200
    assert "Yes, add me to the list" in page.content.decode()
    assert ListSubscription.objects.get().status == ListSubscription.Status.PENDING

    done = anonymous.post(path)
    assert done.status_code == 200
    assert "You are on the list" in done.content.decode()
    subscription = ListSubscription.objects.get()
    assert subscription.status == ListSubscription.Status.CONFIRMED
    assert subscription.confirmed_at == NOW
    supporter = subscription.supporter
    assert supporter.list_opt_in is True
    assert supporter.list_opt_in_at == NOW
    assert (supporter.first_name, supporter.last_name, supporter.zip_code) == (
        "Sam",
        "Caller",
        "43215",
    )


def test_welcome_mail_carries_one_click_unsubscribe_headers(anonymous):
    confirmed_subscriber(anonymous)
    welcome = mail.outbox[-1]
    assert "You are on the" in welcome.subject
    header = welcome.extra_headers["List-Unsubscribe"]
    # One list's one-click link (the newsletter, the list page's default), not one for all.
    assert re.fullmatch(r"<https?://[^>]+/lists/unsubscribe/[^>]+/>", header)
    assert welcome.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert header[1:-1] in welcome.body


def test_confirming_twice_says_already_on_the_list(anonymous):
    signup(anonymous)
    run_worker()
    path = link_path(mail.outbox[0], "confirm")
    anonymous.post(path)
    for response in (anonymous.post(path), anonymous.get(path)):
        assert response.status_code == 200
        assert "You are already on the list" in response.content.decode()
    run_worker()
    assert len(mail.outbox) == 2  # the confirmation and one welcome, not two


def test_expired_confirm_link_says_so_and_changes_nothing(anonymous, frozen):
    signup(anonymous)
    run_worker()
    path = link_path(mail.outbox[0], "confirm")
    frozen.shift(timedelta(days=7, seconds=1))
    for response in (anonymous.get(path), anonymous.post(path)):
        assert response.status_code == 200
        assert "This link has expired" in response.content.decode()
    assert ListSubscription.objects.get().status == ListSubscription.Status.PENDING


@pytest.mark.parametrize(
    "make_token",
    [
        lambda: "garbage",
        lambda: "a:b:c",
        lambda: ".eJyrVirOLEnNVbJSMjQwUKoFAB5ZBAk:1abc:bad-signature",
        lambda: signing.dumps(
            {"s": 1, "r": 1}, salt=Purpose.LIST_UNSUBSCRIBE.value
        ),  # the other kind of link
        lambda: signing.dumps({"nope": 1}, salt=Purpose.LIST_CONFIRM.value),
        lambda: signing.dumps(["s"], salt=Purpose.LIST_CONFIRM.value),
        lambda: signing.dumps(
            {"s": 999_999, "r": 1}, salt=Purpose.LIST_CONFIRM.value
        ),  # no such subscription
        lambda: "x" * 3000,
    ],
    ids=["garbage", "colons", "bad-signature", "other-salt", "no-id", "list", "gone", "long"],
)
def test_bad_confirm_links_get_a_clear_page(anonymous, make_token):
    token = make_token()  # made under the frozen clock, so only the defect is tested
    for response in (
        anonymous.get(f"/join/confirm/{token}/"),
        anonymous.post(f"/join/confirm/{token}/"),
    ):
        assert response.status_code == 400
        assert "This link does not work" in response.content.decode()


def test_tampered_confirm_link_is_refused(anonymous):
    subscription = ListSubscriptionFactory()
    token = confirm_token_make(subscription=subscription)
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    response = anonymous.post(f"/join/confirm/{tampered}/")
    assert response.status_code == 400
    assert ListSubscription.objects.get().status == ListSubscription.Status.PENDING


def test_a_newer_signup_replaces_the_older_link(anonymous, frozen):
    signup(anonymous)
    run_worker()
    old = link_path(mail.outbox[0], "confirm")
    frozen.shift(timedelta(minutes=30))
    signup(anonymous, name="Samantha Caller")
    run_worker()
    new = link_path(mail.outbox[1], "confirm")
    response = anonymous.post(old)
    assert "This link has been replaced" in response.content.decode()
    assert ListSubscription.objects.get().status == ListSubscription.Status.PENDING
    assert "You are on the list" in anonymous.post(new).content.decode()
    assert ListSubscription.objects.get().name == "Samantha Caller"


# Leaving and coming back ------------------------------------------------------------------


def test_unsubscribe_link_asks_then_takes_the_person_off(anonymous):
    subscription = confirmed_subscriber(anonymous)
    # The link in welcome messages sent before each list had its own; it leaves them all.
    path = f"/join/unsubscribe/{unsubscribe_token_make(subscription=subscription)}/"
    page = anonymous.get(path)
    assert page.status_code == 200
    assert "Leave the email list?" in page.content.decode()
    assert ListSubscription.objects.get().status == ListSubscription.Status.CONFIRMED

    done = anonymous.post(path)
    assert "You are off the list" in done.content.decode()
    subscription.refresh_from_db()
    assert subscription.status == ListSubscription.Status.UNSUBSCRIBED
    assert subscription.unsubscribed_at == NOW
    assert subscription.supporter.list_opt_in is False
    assert subscription.supporter.list_opt_in_at is None
    again = anonymous.post(path)
    assert again.status_code == 200 and "You are off the list" in again.content.decode()
    assert "You are off the list" in anonymous.get(path).content.decode()


def test_one_click_unsubscribe_works_without_a_session_or_csrf_token():
    subscription = ListSubscriptionFactory(status=ListSubscription.Status.CONFIRMED)
    Supporter.objects.filter(pk=subscription.supporter_id).update(list_opt_in=True)
    token = unsubscribe_token_make(subscription=subscription)
    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(
        f"/join/unsubscribe/{token}/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == ListSubscription.Status.UNSUBSCRIBED
    assert subscription.supporter.list_opt_in is False


@pytest.mark.parametrize(
    "token",
    [
        "garbage",
        signing.dumps(
            {"s": 1, "r": 1}, salt=Purpose.LIST_CONFIRM.value
        ),  # a confirm link is not a key out
        signing.dumps({"s": 999_999}, salt=Purpose.LIST_UNSUBSCRIBE.value),
        signing.dumps("s", salt=Purpose.LIST_UNSUBSCRIBE.value),
    ],
)
def test_bad_unsubscribe_links_get_a_clear_page(anonymous, token):
    for response in (
        anonymous.get(f"/join/unsubscribe/{token}/"),
        anonymous.post(f"/join/unsubscribe/{token}/"),
    ):
        assert response.status_code == 400
        assert "This link does not work" in response.content.decode()


def test_confirm_link_after_leaving_does_not_add_the_person_back(anonymous):
    signup(anonymous)
    run_worker()
    confirm = link_path(mail.outbox[0], "confirm")
    subscription = ListSubscription.objects.get()
    anonymous.post(f"/join/unsubscribe/{unsubscribe_token_make(subscription=subscription)}/")
    response = anonymous.post(confirm)
    assert "You left the list" in response.content.decode()
    assert ListSubscription.objects.get().status == ListSubscription.Status.UNSUBSCRIBED


def test_resubscribing_after_leaving_needs_a_fresh_confirmation(anonymous, frozen):
    confirmed_subscriber(anonymous)
    # The welcome's one-click link (its only list, the newsletter).
    one_click = mail.outbox[-1].extra_headers["List-Unsubscribe"].strip("<>")
    anonymous.post(re.sub(r"^https?://[^/]+", "", one_click))
    assert ListSubscription.objects.get().supporter.list_opt_in is False
    frozen.shift(timedelta(days=3))
    assert signup(anonymous)["Location"] == "/join/check-your-inbox/"
    subscription = ListSubscription.objects.get()
    assert subscription.status == ListSubscription.Status.PENDING
    assert subscription.supporter.list_opt_in is False
    run_worker()
    anonymous.post(link_path(mail.outbox[-1], "confirm"))
    subscription.refresh_from_db()
    assert subscription.status == ListSubscription.Status.CONFIRMED
    assert subscription.supporter.list_opt_in is True
    assert ListSubscription.objects.count() == 1


def test_welcome_is_not_sent_to_someone_who_left_before_the_worker_ran(anonymous):
    signup(anonymous)
    run_worker()
    anonymous.post(link_path(mail.outbox[0], "confirm"))
    subscription = ListSubscription.objects.get()
    anonymous.post(f"/join/unsubscribe/{unsubscribe_token_make(subscription=subscription)}/")
    run_worker()
    assert len(mail.outbox) == 1


# Staff export -----------------------------------------------------------------------------


def test_organizer_exports_only_confirmed_subscribers(organizer):
    confirmed = ListSubscriptionFactory(
        status=ListSubscription.Status.CONFIRMED, confirmed_at=NOW, zip_code="20001"
    )
    Supporter.objects.filter(pk=confirmed.supporter_id).update(list_opt_in=True)
    ListSubscriptionFactory(status=ListSubscription.Status.PENDING)
    ListSubscriptionFactory(status=ListSubscription.Status.UNSUBSCRIBED)
    response = organizer.get("/admin/supporters/listsubscription/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["email", "name", "first_name", "last_name", "zip_code", "confirmed_at"]
    assert [row[0] for row in rows[1:]] == [confirmed.supporter.email]
    assert rows[1][4] == "20001"


def test_organizer_sees_subscriptions_and_exports_the_selection(organizer):
    subscription = ListSubscriptionFactory(status=ListSubscription.Status.CONFIRMED)
    Supporter.objects.filter(pk=subscription.supporter_id).update(list_opt_in=True)
    pending = ListSubscriptionFactory()
    page = organizer.get("/admin/supporters/listsubscription/")
    assert page.status_code == 200
    assert "Export confirmed subscribers as CSV" in page.content.decode()
    response = organizer.post(
        "/admin/supporters/listsubscription/",
        {"action": "export_csv", "_selected_action": [subscription.pk, pending.pk]},
    )
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row[0] for row in rows[1:]] == [subscription.supporter.email]


def test_staff_cannot_sign_anyone_up_by_hand(organizer):
    assert organizer.get("/admin/supporters/listsubscription/add/").status_code == 403


def test_supporter_who_signed_a_petition_keeps_their_details_when_joining(anonymous):
    SupporterFactory(email="sam@example.org", first_name="Samuel", zip_code="10001")
    confirmed_subscriber(anonymous)
    supporter = Supporter.objects.get()
    assert (supporter.first_name, supporter.zip_code) == ("Samuel", "10001")
    assert supporter.list_opt_in is True


def test_a_closed_rate_limit_answers_429_and_stores_nothing(anonymous, settings):
    settings.RATE_LIMITS = {"join": {"ip": (0, 600)}}
    response = signup(anonymous)
    assert response.status_code == 429
    assert "saved nothing" in response.content.decode()
    assert Supporter.objects.count() == 0
    assert ListSubscription.objects.count() == 0


def test_queued_confirmation_carries_only_the_subscription_id(anonymous):
    signup(anonymous)
    task = DBTaskResult.objects.get()
    assert task.args_kwargs == {"args": [ListSubscription.objects.get().pk], "kwargs": {}}


def test_a_head_request_does_not_unsubscribe():
    subscription = ListSubscriptionFactory(status=ListSubscription.Status.CONFIRMED)
    token = unsubscribe_token_make(subscription=subscription)
    assert Client().head(f"/join/unsubscribe/{token}/").status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == ListSubscription.Status.CONFIRMED
