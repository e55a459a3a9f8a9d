"""An editor writes a mailing, previews it and sends a test; an organizer starts it and
watches the progress bar reach the end while a worker delivers to a real SMTP server."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client

from accounts.staff import EDITORS, ORGANIZERS
from mailings.models import Mailing, Recipient
from supporters import lists
from supporters.models import EmailList
from tests.e2e.axe import assert_accessible
from tests.factories import SupporterFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, live_server, user) -> None:
    page.context.clear_cookies()
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def test_editor_writes_organizer_sends_and_the_bar_reaches_the_end(page, live_server, smtp_server):
    people = []
    for name in ("Ana", "Ben", "Cleo"):
        person = SupporterFactory(first_name=name, email=f"{name.lower()}@example.com")
        lists.consent_give(supporter=person, email_list=EmailList.NEWSLETTER, source="test")
        people.append(person)
    editor = UserFactory(username="mail-editor", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITORS))
    organizer = UserFactory(username="mail-organizer", is_staff=True)
    organizer.groups.add(Group.objects.get(name=ORGANIZERS))

    # The editor drafts.
    log_in(page, live_server, editor)
    page.goto("/admin/mailings/mailing/add/")
    assert_accessible(page)
    # The slug first: once typed, the admin no longer fills it from the subject.
    page.get_by_label("Slug").fill("spring-news")
    # One field per language; the Spanish version is optional.
    page.get_by_label("Subject [en]").fill("Spring news for {first_name|friend}")
    page.get_by_label("Body [en]").fill("Hello {first_name|friend},\n\nThe bill **moves**.")
    page.get_by_label("Body [es]").fill(
        "Hola {first_name|amigo}:\n\nEl proyecto de ley **avanza**."
    )
    page.get_by_role("button", name="Save and continue editing").click()
    page.get_by_text("The audience holds").wait_for()
    assert "3" in page.locator(".mailing-audience-size").inner_text()
    assert page.get_by_role("button", name="Start sending now").count() == 0
    assert_accessible(page)

    # Preview (a made-up recipient for an editor) and a test to their own address.
    page.get_by_role("link", name="Preview and send a test").click()
    page.get_by_text("Hello Alex,", exact=True).wait_for()
    assert page.locator(".mailing-html strong").inner_text() == "moves"
    assert_accessible(page)
    # The Spanish version, as a Spanish reader gets it.
    page.get_by_role("link", name="Spanish").click()
    page.get_by_text("Hola Alex:", exact=True).wait_for()
    assert page.locator(".mailing-html strong").inner_text() == "avanza"
    assert_accessible(page)
    page.get_by_role("link", name="English").click()
    page.get_by_text("Hello Alex,", exact=True).wait_for()
    page.get_by_role("button", name="Send a test to me").click()
    page.get_by_text("A test was sent to mail-editor@example.org").wait_for()
    [test] = smtp_server.messages
    assert test["Subject"] == "Spring news for Alex"
    assert test["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert not Recipient.objects.exists()

    # The organizer previews as a real recipient, then starts the send.
    log_in(page, live_server, organizer)
    mailing = Mailing.objects.get(slug="spring-news")
    page.goto(f"/admin/mailings/mailing/{mailing.pk}/preview/")
    page.get_by_text("from this mailing's audience").wait_for()
    assert_accessible(page)
    page.goto(f"/admin/mailings/mailing/{mailing.pk}/change/")
    page.get_by_role("button", name="Start sending now").click()
    page.get_by_text("Sending started to 3 people.").wait_for()
    bar = page.locator("#mailing-progress-bar")
    assert bar.get_attribute("max") == "3"
    assert_accessible(page)

    # A worker delivers while the page stays open; the bar fills without a reload.
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    page.wait_for_function(
        "() => { const bar = document.querySelector('#mailing-progress-bar');"
        " return bar.value === 3 && bar.max === 3; }",
        timeout=20_000,
    )
    page.locator('[data-field="state"]', has_text="sent").wait_for()
    assert page.locator('[data-field="sent"]').inner_text() == "3"
    mailing.refresh_from_db()
    assert mailing.state == Mailing.State.SENT
    for person in people:
        [message] = smtp_server.messages_to(person.email)
        assert message["Subject"] == f"Spring news for {person.first_name}"
