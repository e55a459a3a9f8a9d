"""`manage.py mailing_send`: start a mailing from a script, or list them."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from mailings.models import Mailing, Recipient
from tests.mailings.factories import MailingFactory, subscriber

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("mailing_send", *args, stdout=out)
    return out.getvalue()


def test_list_prints_slug_state_and_audience_size():
    subscriber(state="OH")
    subscriber(state="WI")
    MailingFactory(slug="to-everyone")
    MailingFactory(slug="to-ohio", audience=Mailing.Audience.STATE, audience_params={"state": "OH"})
    lines = run("--list").splitlines()
    assert lines[0].split() == ["slug", "state", "audience"]
    assert ["to-ohio", "draft", "1"] in [line.split() for line in lines]
    assert ["to-everyone", "draft", "2"] in [line.split() for line in lines]


def test_starting_a_draft_snapshots_its_audience():
    subscriber()
    subscriber()
    mailing = MailingFactory(slug="spring")
    assert "Started spring: 2 recipients queued." in run("spring")
    mailing.refresh_from_db()
    assert mailing.state == Mailing.State.SENDING
    assert Recipient.objects.filter(mailing=mailing).count() == 2
    assert ["spring", "sending", "2"] in [line.split() for line in run("--list").splitlines()]
    with pytest.raises(CommandError, match="already been started"):
        run("spring")
    assert Recipient.objects.count() == 2


def test_problems_and_unknown_slugs_stop_it():
    subscriber(first_name="")
    MailingFactory(slug="blank", body="Hi {first_name}")
    with pytest.raises(CommandError, match="no first name"):
        run("blank")
    with pytest.raises(CommandError, match="No mailing"):
        run("nope")
    assert not Recipient.objects.exists()


def test_a_long_past_schedule_needs_confirming(settings):
    subscriber()
    late = timezone.now() - datetime.timedelta(hours=settings.MAILING_LATE_START_HOURS + 2)
    mailing = MailingFactory(slug="late", state=Mailing.State.SCHEDULED, send_at=late)
    with pytest.raises(CommandError, match="--confirm-late"):
        run("late")
    run("late", "--confirm-late")
    mailing.refresh_from_db()
    assert mailing.state == Mailing.State.SENDING
