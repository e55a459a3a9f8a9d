"""A supporter writes to their lawmakers in a real browser; the worker delivers by SMTP."""

import pytest
from django.core.management import call_command

from letters.models import Letter, LetterStatus
from tests.e2e.axe import assert_accessible
from tests.legislators.factories import build_congress
from tests.letters.factories import LetterCampaignFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_from_home_page_zip_box_to_sent_and_delivered(page, smtp_server):
    members = build_congress()
    for member in members.values():
        member.delivery_email = f"office-{member.bioguide_id.lower()}@example.org"
        member.save()
    LetterCampaignFactory(title="Write to Congress about call centers")

    page.goto("/")
    assert_accessible(page)
    zip_box = page.locator("#write")
    zip_box.get_by_label("Your ZIP code").fill("45202")
    zip_box.get_by_role("button", name="Start my letter").click()

    page.get_by_role("heading", name="Your lawmakers", exact=True).wait_for()
    assert_accessible(page)
    page.get_by_label("First name").fill("Alex")
    page.get_by_label("Last name").fill("Rivera")
    page.get_by_label("Email").fill("alex@example.com")
    page.get_by_label("Street address").fill("1 Main St")
    page.get_by_label("City").fill("Cincinnati")
    page.get_by_role("button", name="Continue to your letters").click()

    page.get_by_role("heading", name="Read your letters, then send").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Send my 3 letters").click()

    page.get_by_role("heading", name="Your letters are on their way").wait_for()
    assert page.url.endswith("/write/sent/")
    assert_accessible(page)

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    assert Letter.objects.filter(status=LetterStatus.SENT).count() == 3
    offices = {
        f"office-{m.bioguide_id.lower()}@example.org"
        for k, m in members.items()
        if k in {"oh_senior", "oh_junior", "oh_01"}
    }
    for office in offices:
        assert len(smtp_server.messages_to(office)) == 1
    assert len(smtp_server.messages_to("alex@example.com")) == 1
