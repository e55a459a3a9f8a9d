"""Real `db_worker` processes on PostgreSQL: two racing, one killed with SIGKILL mid-send."""

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone

from mailings import sending
from mailings.models import Mailing, Recipient
from supporters.models import EmailList, ListConsent, Supporter
from tests.factories import UserFactory
from tests.mail_fixtures import RecordingHandler, SmtpServer
from tests.mailings.sending_helpers import mailing

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="worker processes share PostgreSQL"
    ),
]

ROOT = Path(__file__).resolve().parents[2]
Status = Recipient.Status


@dataclass
class SlowHandler(RecordingHandler):
    """Accepts every message after a short pause, as a real server's round trip would."""

    delay: float = 0.01

    async def handle_DATA(self, server, session, envelope) -> str:
        await asyncio.sleep(self.delay)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def slow_smtp():
    server = SmtpServer()
    server.handler = SlowHandler()
    server.start()
    yield server
    server.stop()


def many_subscribers(count: int) -> None:
    supporters = Supporter.objects.bulk_create(
        Supporter(email=f"reader{n}@example.com", first_name=f"Reader{n}") for n in range(count)
    )
    ListConsent.objects.bulk_create(
        ListConsent(
            supporter=supporter,
            email_list=EmailList.NEWSLETTER,
            consented_at=timezone.now(),
            source="test",
        )
        for supporter in supporters
    )


def worker_env(smtp: SmtpServer, **extra: str) -> dict[str, str]:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": f"postgres://{auth}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}",
            "MAILING_RATE": "0",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "MAILINGS_FROM_EMAIL": django_settings.MAILINGS_FROM_EMAIL,
            **extra,
        }
    )
    return env


def start_worker(smtp: SmtpServer, *args: str, **extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0.1",
            *args,
        ],
        cwd=ROOT,
        env=worker_env(smtp, **extra),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def finish(process: subprocess.Popen, timeout: float = 120) -> None:
    try:
        _out, errors = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise
    assert process.returncode == 0, errors.decode(errors="replace")[-3000:]


def arrivals(smtp: SmtpServer) -> Counter:
    return Counter(message["Message-ID"] for message in smtp.messages)


def test_two_worker_processes_share_a_send_and_no_row_goes_twice(slow_smtp, settings):
    settings.MAILING_WORKERS = 2
    many_subscribers(300)
    news = mailing()
    sending.mailing_start(mailing=news, by=UserFactory(is_staff=True))

    workers = [start_worker(slow_smtp, "--batch", MAILING_WORKERS="2") for _ in range(2)]
    for worker in workers:
        finish(worker)

    rows = Recipient.objects.filter(mailing=news)
    assert set(rows.values_list("status", flat=True)) == {Status.SENT}
    seen = arrivals(slow_smtp)
    assert set(seen) == set(rows.values_list("message_id", flat=True))
    assert set(seen.values()) == {1}
    news.refresh_from_db()
    assert news.state == Mailing.State.SENT
    # Both processes sent part of it, so the row locking was really exercised.
    from django_tasks_db.models import DBTaskResult

    runs = DBTaskResult.objects.filter(task_path=sending.deliver_mailing.module_path)
    by_worker: Counter = Counter()
    for run in runs:
        by_worker[run.worker_ids[-1]] += (run.return_value or {}).get(Status.SENT, 0)
    assert len([sent for sent in by_worker.values() if sent]) == 2
    assert sum(by_worker.values()) == 300


def test_a_worker_killed_mid_send_loses_nothing_and_repeats_only_its_batch(slow_smtp, settings):
    settings.MAILING_WORKERS = 1
    many_subscribers(300)
    news = mailing()
    sending.mailing_start(mailing=news, by=UserFactory(is_staff=True))

    worker = start_worker(slow_smtp, MAILING_WORKERS="1")
    try:
        # Halfway through its second batch of 100.
        wait_for(lambda: len(slow_smtp.handler.envelopes) >= 150, 60, "150 messages")
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
    in_flight = set(
        Recipient.objects.filter(mailing=news, status=Status.SENDING).values_list(
            "message_id", flat=True
        )
    )
    accepted_before_restart = arrivals(slow_smtp)
    assert in_flight, "the worker was killed between batches; nothing was in flight"
    assert len(in_flight) <= sending.CLAIM_BATCH

    # The sweep (normally a minute later, once the rows are stale) hands them on.
    settings.MAILING_STALE_SECONDS = 1
    time.sleep(1.1)
    swept = sending.mailings_sweep()
    assert swept["requeued"] == len(in_flight)
    restarted = start_worker(slow_smtp, "--batch", MAILING_WORKERS="1")
    finish(restarted)

    rows = Recipient.objects.filter(mailing=news)
    assert set(rows.values_list("status", flat=True)) == {Status.SENT}
    seen = arrivals(slow_smtp)
    wanted = set(rows.values_list("message_id", flat=True))
    assert len(wanted) == 300
    assert wanted - set(seen) == set()  # nothing lost
    duplicated = {message_id for message_id, count in seen.items() if count > 1}
    # Only messages of the batch in flight went twice, each at most twice, with its Message-ID.
    assert duplicated <= in_flight
    assert duplicated == {m for m in in_flight if m in accepted_before_restart}
    assert max(seen.values()) <= 2
    news.refresh_from_db()
    assert news.state == Mailing.State.SENT
