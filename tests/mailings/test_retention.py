"""Send rows are personal data: they go with the retention period; the counts stay."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from mailings.models import Mailing, Recipient
from mailings.results import mailing_results
from tests.mailings.factories import MailingFactory, subscriber

pytestmark = pytest.mark.django_db


def finished_mailing(days_ago: int, *, people: int = 2, state=Mailing.State.SENT) -> Mailing:
    when = timezone.now() - datetime.timedelta(days=days_ago)
    mailing = MailingFactory(state=state, started_at=when, finished_at=when, total=people)
    for _n in range(people):
        Recipient.objects.create(
            mailing=mailing,
            supporter=subscriber(),
            status=Recipient.Status.SENT,
            sent_at=when,
            message_id=f"<{mailing.pk}-{_n}@example.org>",
        )
    return mailing


def test_rows_of_old_finished_mailings_go_and_their_counts_stay(settings):
    settings.RETENTION_DAYS = 30
    old = finished_mailing(40)
    old_cancelled = finished_mailing(40, people=1, state=Mailing.State.CANCELLED)
    recent = finished_mailing(10)
    still_sending = MailingFactory(state=Mailing.State.SENDING, started_at=timezone.now())
    Recipient.objects.create(mailing=still_sending, supporter=subscriber())

    out = StringIO()
    call_command("purge_personal_data", "--dry-run", stdout=out)
    assert Recipient.objects.count() == 6
    call_command("purge_personal_data", stdout=StringIO())

    assert not Recipient.objects.filter(mailing__in=[old, old_cancelled]).exists()
    assert Recipient.objects.filter(mailing=recent).count() == 2
    assert Recipient.objects.filter(mailing=still_sending).count() == 1
    old.refresh_from_db()
    assert mailing_results(mailing=old)["sent"] == 2
    assert mailing_results(mailing=recent)["sent"] == 2


def test_deleting_a_supporter_deletes_their_send_rows():
    mailing = finished_mailing(1, people=1)
    Recipient.objects.get(mailing=mailing).supporter.delete()
    assert not Recipient.objects.exists()
