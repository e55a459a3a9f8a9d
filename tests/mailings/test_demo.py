"""`make run` adds a demo draft newsletter to everyone on the newsletter list."""

from io import StringIO

import pytest
from django.core.management import call_command

from mailings.audiences import audience_count
from mailings.demo import DEMO_READERS, DEMO_SLUG
from mailings.models import Mailing
from mailings.rendering import build_message, check
from supporters.models import EmailList, Supporter
from tests.mailings.factories import subscriber

pytestmark = pytest.mark.django_db


def test_demo_draft_is_added_once_and_can_be_sent():
    from tests.calls.factories import CallCampaignFactory
    from tests.legislators.factories import LegislatorFactory
    from tests.letters.factories import LetterCampaignFactory

    LegislatorFactory(state="OH", district=3)
    # `make run` opens the demo letter and call campaigns before this step; the draft
    # links to both.
    LetterCampaignFactory()
    CallCampaignFactory()
    call_command("mailings_demo", stdout=StringIO())
    call_command("mailings_demo", stdout=StringIO())
    mailing = Mailing.objects.get(slug=DEMO_SLUG)
    # Three readers at example.org, the first in a seat with a member.
    assert audience_count(mailing=mailing) == 3
    first = Supporter.objects.get(email=DEMO_READERS[0])
    assert (first.state, first.district) == ("OH", 3)
    assert mailing.state == Mailing.State.DRAFT
    assert mailing.email_list == EmailList.NEWSLETTER
    assert mailing.audience == Mailing.Audience.EVERYONE
    # Nameless and placeless subscribers still get a whole message, not a blank.
    person = subscriber(first_name="", state="", district=None)
    assert check(mailing=mailing) == []
    message = build_message(mailing=mailing, supporter=person, message_id="<demo@example.org>")
    assert "Hello friend," in message.body
    assert "your senators" in message.body
    assert "/write/?t=" in message.body and "/call/?t=" in message.body


def test_setup_site_runs_the_demo_step():
    from campaign.management.commands.setup_site import Command

    assert ("mailings_demo", [], {}) in Command().steps()
