"""Two or more workers racing on PostgreSQL each take different letters."""

import threading
from collections import Counter

import pytest
from django.db import connection, connections

from letters import delivery
from letters.models import Letter, LetterStatus
from tests.letters.factories import LetterFactory, LetterSubmissionFactory
from tests.petitions.factories import LegislatorFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locking is tested on PostgreSQL"
    ),
]

WORKERS = 4
LETTERS = 40


def race(target) -> list:
    barrier = threading.Barrier(WORKERS)
    results: list = []
    errors: list = []

    def run(number: int) -> None:
        try:
            barrier.wait()
            results.append(target(number))
        except Exception as error:  # surfaced below; a thread must not swallow it
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


def test_racing_workers_send_each_letter_once(smtp_server):
    member = LegislatorFactory()
    for _ in range(LETTERS):
        LetterFactory(legislator=member, submission=LetterSubmissionFactory())

    results = race(lambda n: delivery.letters_deliver_due(worker=f"worker-{n}"))

    sent_ids = Counter(outcome.letter_id for batch in results for outcome in batch)
    assert len(sent_ids) == LETTERS
    assert set(sent_ids.values()) == {1}
    message_ids = Counter(message["Message-ID"] for message in smtp_server.messages)
    assert len(message_ids) == LETTERS
    assert set(message_ids.values()) == {1}
    assert Letter.objects.filter(status=LetterStatus.SENT).count() == LETTERS
    # More than one worker really took part, so the locking was exercised.
    assert len(set(Letter.objects.values_list("claimed_by", flat=True))) > 1


def test_racing_single_letter_tasks_send_it_once(smtp_server):
    member = LegislatorFactory()
    letter = LetterFactory(legislator=member)

    results = race(lambda n: delivery.letter_deliver(letter_id=letter.pk, worker=f"w{n}"))

    assert sorted(results).count(LetterStatus.SENT) == 1
    assert len(smtp_server.messages_to(member.delivery_email)) == 1
