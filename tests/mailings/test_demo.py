"""`make run` adds a demo draft newsletter to everyone on the newsletter list."""

from io import StringIO

import pytest
from django.core.management import call_command

from mailings.demo import DEMO_SLUG
from mailings.models import Mailing
from mailings.rendering import build_message, check
from supporters.models import EmailList
from tests.mailings.factories import subscriber

pytestmark = pytest.mark.django_db


def test_demo_draft_is_added_once_and_can_be_sent():
    call_command("mailings_demo", stdout=StringIO())
    call_command("mailings_demo", stdout=StringIO())
    mailing = Mailing.objects.get(slug=DEMO_SLUG)
    assert mailing.state == Mailing.State.DRAFT
    assert mailing.email_list == EmailList.NEWSLETTER
    assert mailing.audience == Mailing.Audience.EVERYONE
    # Nameless and placeless subscribers still get a whole message, not a blank.
    person = subscriber(first_name="", state="", district=None)
    assert check(mailing=mailing) == []
    message = build_message(mailing=mailing, supporter=person, message_id="<demo@example.org>")
    assert "Hello friend," in message.body
    assert "your senators" in message.body


def test_setup_site_runs_the_demo_step():
    from campaign.management.commands.setup_site import Command

    assert ("mailings_demo", [], {}) in Command().steps()
