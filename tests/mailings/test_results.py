"""After a send: counts of what happened, and what recipients did within a week."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from mailings.models import Mailing, Recipient
from mailings.results import mailing_results
from supporters import lists
from supporters.models import EmailList
from tests.letters.factories import LetterSubmissionFactory
from tests.mailings.factories import MailingFactory, subscriber
from tests.petitions.factories import SignatureFactory

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 2, 15, 0, tzinfo=datetime.UTC)


def sent_mailing(statuses: list[str]) -> tuple[Mailing, list]:
    mailing = MailingFactory(
        state=Mailing.State.SENT, started_at=START, finished_at=START, total=len(statuses)
    )
    people = []
    for status in statuses:
        person = subscriber()
        Recipient.objects.create(mailing=mailing, supporter=person, status=status)
        people.append(person)
    return mailing, people


def test_counts_and_actions_within_seven_days(organizer):
    S = Recipient.Status
    mailing, people = sent_mailing([S.SENT, S.SENT, S.SENT, S.BOUNCED, S.COMPLAINED, S.FAILED])
    wrote, signed, left, late = people[0], people[1], people[2], people[3]
    with time_machine.travel(START + datetime.timedelta(days=1)):
        LetterSubmissionFactory(supporter=wrote)
        SignatureFactory(supporter=signed)
        lists.consent_withdraw(supporter=left, email_list=EmailList.NEWSLETTER, source="test")
    with time_machine.travel(START + datetime.timedelta(days=8)):
        # Outside the week: not counted.
        LetterSubmissionFactory(supporter=late)
        SignatureFactory(supporter=late)
    # Someone who did not get it (failed) acting meanwhile is not counted either.
    with time_machine.travel(START + datetime.timedelta(days=2)):
        SignatureFactory(supporter=people[5])

    results = mailing_results(mailing=mailing)
    assert results["sent"] == 5  # bounced and complained messages were accepted first
    assert results["failed"] == 1
    assert results["bounced"] == 1
    assert results["complained"] == 1
    assert results["unsubscribed"] == 1
    assert results["letters"] == 1
    assert results["signatures"] == 1

    page = organizer.get(reverse("admin:mailings_mailing_change", args=[mailing.pk]))
    html = page.content.decode()
    assert "Letters written</th><td>1</td>" in html
    assert "Petitions signed</th><td>1</td>" in html
    assert "Left the list</th><td>1</td>" in html
    assert "Resend to those who failed" in html


def test_a_draft_has_no_results():
    mailing = MailingFactory()
    results = mailing_results(mailing=mailing)
    assert results["sent"] == 0 and results["letters"] == 0
