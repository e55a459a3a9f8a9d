"""Sending a mailing through a real SMTP server: snapshot, states, retries, failures, sweep."""

import datetime as dt

import pytest
import time_machine
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import AuditEvent
from mailings import sending
from mailings.models import Mailing, Recipient
from mailings.sending import LateStart, MailingError
from mailings.throttle import Throttle
from supporters import lists
from supporters.models import EmailList, Suppression
from tests.factories import SupporterFactory, UserFactory
from tests.mailings.sending_helpers import mailing, run_worker, statuses, subscribers

pytestmark = pytest.mark.django_db(transaction=True)

Status = Recipient.Status
State = Mailing.State


@pytest.fixture(autouse=True)
def _no_throttle(settings):
    # The throttle has its own tests; here messages go out as fast as they can.
    settings.MAILING_RATE = 0
    settings.MAILING_WORKERS = 2


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True)


def deliver_tasks(mailing_id: int) -> list[DBTaskResult]:
    return [
        task
        for task in DBTaskResult.objects.filter(task_path=sending.deliver_mailing.module_path)
        if task.args_kwargs["args"] == [mailing_id]
    ]


# --- starting ------------------------------------------------------------------------------


def test_start_snapshots_the_audience_once_each_and_wakes_the_workers(staff, settings):
    people = subscribers(3)
    subscribers(2, email_list=EmailList.ACTION_ALERTS)  # another list's subscribers
    SupporterFactory()  # never subscribed
    news = mailing()

    total = sending.mailing_start(mailing=news, by=staff)

    assert total == 3
    news.refresh_from_db()
    assert news.state == State.SENDING
    assert news.total == 3
    assert news.started_at is not None
    rows = Recipient.objects.filter(mailing=news)
    assert sorted(rows.values_list("supporter_id", flat=True)) == sorted(p.pk for p in people)
    assert set(rows.values_list("status", flat=True)) == {Status.QUEUED}
    ready = [t for t in deliver_tasks(news.pk) if t.status == TaskResultStatus.READY]
    assert len(ready) == settings.MAILING_WORKERS
    assert AuditEvent.objects.filter(action="mailings.start").count() == 1


def test_a_mailing_starts_only_once(staff):
    subscribers(2)
    news = mailing()
    sending.mailing_start(mailing=news, by=staff)

    with pytest.raises(MailingError, match="already been started"):
        sending.mailing_start(mailing=news, by=staff)

    assert Recipient.objects.filter(mailing=news).count() == 2


def test_nothing_starts_when_the_audience_is_empty_or_a_field_is_unknown(staff):
    empty = mailing()
    with pytest.raises(MailingError):
        sending.mailing_start(mailing=empty, by=staff)
    subscribers(1)
    broken = mailing(body="Hello {nickname}")
    with pytest.raises(MailingError, match="nickname"):
        sending.mailing_start(mailing=broken, by=staff)

    assert Recipient.objects.count() == 0
    assert set(Mailing.objects.values_list("state", flat=True)) == {State.DRAFT}
    assert not DBTaskResult.objects.exists()


def test_everyone_receives_one_message_with_the_rows_message_id(staff, smtp_server):
    people = subscribers(5)
    news = mailing()

    sending.mailing_start(mailing=news, by=staff)
    run_worker()

    news.refresh_from_db()
    assert news.state == State.SENT
    assert news.finished_at is not None
    rows = {row.supporter.email: row for row in Recipient.objects.filter(mailing=news)}
    assert {row.status for row in rows.values()} == {Status.SENT}
    for person in people:
        [message] = smtp_server.messages_to(person.email)
        assert message["Message-ID"] == rows[person.email].message_id
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert f"Hello {person.first_name}" in message.get_body(("plain",)).get_content()
    # One SMTP connection carried several messages.
    assert len(set(smtp_server.handler.peers)) < len(people)
    assert len({row.message_id for row in rows.values()}) == len(people)


def test_progress_reports_what_was_sent(staff, smtp_server):
    subscribers(4)
    news = mailing()
    sending.mailing_start(mailing=news, by=staff)

    before = sending.mailing_progress(mailing=news)
    run_worker()
    news.refresh_from_db()
    from django.core.cache import cache

    cache.clear()
    after = sending.mailing_progress(mailing=news)

    assert before["state"] == State.SENDING
    assert (before["sent"], before["queued"], before["total"]) == (0, 4, 4)
    assert after["state"] == State.SENT
    assert (after["sent"], after["failed"], after["total"]) == (4, 0, 4)
    assert after["seconds_left"] == 0


# --- scheduled mailings ----------------------------------------------------------------------


def test_the_sweep_starts_a_scheduled_mailing_when_its_time_comes(staff, smtp_server):
    subscribers(2)
    send_at = timezone.now() + dt.timedelta(hours=1)
    news = sending.mailing_schedule(mailing=mailing(), send_at=send_at, by=staff)
    assert news.state == State.SCHEDULED

    sending.mailings_sweep()
    assert Recipient.objects.count() == 0

    with time_machine.travel(send_at + dt.timedelta(minutes=1), tick=False):
        result = sending.mailings_sweep()
    run_worker()

    assert result["started"] == 1
    news.refresh_from_db()
    assert news.state == State.SENT
    assert len(smtp_server.messages) == 2


def test_a_mailing_long_past_its_time_waits_for_staff_to_confirm(staff, smtp_server, settings):
    settings.MAILING_LATE_START_HOURS = 6
    subscribers(2)
    send_at = timezone.now() + dt.timedelta(minutes=5)
    news = sending.mailing_schedule(mailing=mailing(), send_at=send_at, by=staff)

    # The workers were down all night: seven hours later the sweep leaves it alone.
    with time_machine.travel(send_at + dt.timedelta(hours=7), tick=False):
        assert sending.mailings_sweep()["started"] == 0
        news.refresh_from_db()
        assert sending.mailing_is_late(mailing=news)
        with pytest.raises(LateStart, match="more than 6 hours ago"):
            sending.mailing_start(mailing=news, by=staff)
        assert news.state == State.SCHEDULED
        assert Recipient.objects.count() == 0

        sending.mailing_confirm_late_start(mailing=news, by=staff)
    run_worker()

    news.refresh_from_db()
    assert news.state == State.SENT
    assert len(smtp_server.messages) == 2


# --- pause, resume, cancel -----------------------------------------------------------------


def test_pause_lets_the_claimed_batch_finish_and_claims_no_more_until_resumed(staff, smtp_server):
    people = subscribers(6)
    news = mailing()
    sending.mailing_start(mailing=news, by=staff)
    # A worker has claimed two rows when staff press pause.
    claim = sending.recipients_claim(mailing_id=news.pk, limit=2)

    assert sending.mailing_pause(mailing=news, by=staff)
    sending.recipients_send(news, claim.rows, None, Throttle(0))
    run_worker()

    news.refresh_from_db()
    assert news.state == State.PAUSED
    assert len(smtp_server.messages) == 2
    assert sending.mailing_progress(mailing=news)["sent"] == 2
    assert sending.recipients_claim(mailing_id=news.pk) is None

    assert sending.mailing_resume(mailing=news, by=staff)
    run_worker()

    news.refresh_from_db()
    assert news.state == State.SENT
    for person in people:
        assert len(smtp_server.messages_to(person.email)) == 1


def test_cancel_stops_the_send_for_good(staff, smtp_server):
    subscribers(5)
    news = mailing()
    sending.mailing_start(mailing=news, by=staff)
    claim = sending.recipients_claim(mailing_id=news.pk, limit=2)

    assert sending.mailing_cancel(mailing=news, by=staff)
    sending.recipients_send(news, claim.rows, None, Throttle(0))
    run_worker()
    sending.mailings_sweep()

    news.refresh_from_db()
    assert news.state == State.CANCELLED
    assert len(smtp_server.messages) == 2
    assert Recipient.objects.filter(mailing=news, status=Status.QUEUED).count() == 3
    assert not sending.mailing_resume(mailing=news, by=staff)
    with pytest.raises(MailingError):
        sending.mailing_resend_failed(mailing=news, by=staff)
    run_worker()
    assert len(smtp_server.messages) == 2


# --- consent at send time ---------------------------------------------------------------------


def test_people_who_left_or_were_suppressed_during_the_send_are_skipped(staff, smtp_server):
    stays, leaves, bounced = subscribers(3)
    news = mailing()
    sending.mailing_start(mailing=news, by=staff)

    # After the snapshot, before their batch is claimed.
    lists.consent_withdraw(supporter=leaves, email_list=EmailList.NEWSLETTER, source="one-click")
    lists.suppression_add(email=bounced.email, reason=Suppression.Reason.BOUNCE)
    run_worker()

    assert statuses(news) == {
        stays.email: Status.SENT,
        leaves.email: Status.SKIPPED,
        bounced.email: Status.SKIPPED,
    }
    assert [m["To"] for m in smtp_server.messages] == [smtp_server.messages[0]["To"]]
    assert stays.email in smtp_server.messages[0]["To"]
    news.refresh_from_db()
    assert news.state == State.SENT


# --- temporary and permanent failures -----------------------------------------------------------


def test_a_4xx_reply_is_retried_later_with_the_same_message_id(staff, smtp_server):
    greylisted, other = subscribers(2)
    smtp_server.handler.replies_for[greylisted.email] = "451 4.7.1 Greylisted, try again later"
    news = mailing()
    sending.mailing_start(mailing=news, by=staff)

    run_worker()

    row = Recipient.objects.get(mailing=news, supporter=greylisted)
    assert row.status == Status.QUEUED
    assert "451" in row.error
    assert row.attempts == 1
    assert row.next_attempt_at > timezone.now()
    first_message_id = row.message_id
    news.refresh_from_db()
    assert news.state == State.SENDING
    # A task waits for the retry time.
    waiting = [t for t in deliver_tasks(news.pk) if t.status == TaskResultStatus.READY]
    assert waiting and min(t.run_after for t in waiting) == row.next_attempt_at

    del smtp_server.handler.replies_for[greylisted.email]
    with time_machine.travel(row.next_attempt_at + dt.timedelta(seconds=1), tick=False):
        run_worker()

    row.refresh_from_db()
    assert row.status == Status.SENT
    assert row.attempts == 2
    assert row.message_id == first_message_id
    [message] = smtp_server.messages_to(greylisted.email)
    assert message["Message-ID"] == first_message_id
    assert len(smtp_server.messages_to(other.email)) == 1
    news.refresh_from_db()
    assert news.state == State.SENT


def test_a_5xx_reply_fails_the_row_with_the_reason_and_the_send_finishes(staff, smtp_server):
    unknown, known = subscribers(2)
    smtp_server.handler.replies_for[unknown.email] = "550 5.1.1 No such user here"
    news = mailing()
    sending.mailing_start(mailing=news, by=staff)

    run_worker()

    row = Recipient.objects.get(mailing=news, supporter=unknown)
    assert row.status == Status.FAILED
    assert "550" in row.error and "No such user" in row.error
    assert statuses(news)[known.email] == Status.SENT
    news.refresh_from_db()
    assert news.state == State.SENT
    progress = sending.mailing_progress(mailing=news)
    assert (progress["sent"], progress["failed"]) == (1, 1)


def test_resend_failed_sends_to_the_failed_rows_only(staff, smtp_server):
    unknown, known = subscribers(2)
    smtp_server.handler.replies_for[unknown.email] = "550 5.1.1 Mailbox unavailable"
    news = mailing()
    sending.mailing_start(mailing=news, by=staff)
    run_worker()
    del smtp_server.handler.replies_for[unknown.email]

    assert sending.mailing_resend_failed(mailing=news, by=staff) == 1
    news.refresh_from_db()
    assert news.state == State.SENDING
    run_worker()

    news.refresh_from_db()
    assert news.state == State.SENT
    assert statuses(news) == {unknown.email: Status.SENT, known.email: Status.SENT}
    assert len(smtp_server.messages_to(unknown.email)) == 1
    assert len(smtp_server.messages_to(known.email)) == 1
    assert sending.mailing_resend_failed(mailing=news, by=staff) == 0


def test_a_server_that_is_down_holds_the_batch_without_using_up_its_attempts(staff, smtp_server):
    subscribers(4)
    news = mailing()
    sending.mailing_start(mailing=news, by=staff)
    smtp_server.stop()

    run_worker()

    rows = list(Recipient.objects.filter(mailing=news).order_by("pk"))
    assert {row.status for row in rows} == {Status.QUEUED}
    # One message was tried; the others wait without an attempt counted against them.
    assert sorted(row.attempts for row in rows) == [0, 0, 0, 1]
    retry_at = max(row.next_attempt_at for row in rows)
    assert retry_at > timezone.now()

    smtp_server.start()
    with time_machine.travel(retry_at + dt.timedelta(seconds=1), tick=False):
        run_worker()

    news.refresh_from_db()
    assert news.state == State.SENT
    assert len(smtp_server.messages) == 4


def test_a_row_whose_merge_field_is_empty_fails_with_the_reason(staff, smtp_server):
    nameless = subscribers(1, first_name="")[0]
    named = subscribers(1, first_name="Ada")[0]
    news = mailing()
    sending.mailing_start(mailing=news, by=staff)
    # Staff changed the body after the checks (the admin forbids it; the engine copes).
    Mailing.objects.filter(pk=news.pk).update(body="Hello {first_name}")

    run_worker()

    row = Recipient.objects.get(mailing=news, supporter=nameless)
    assert row.status == Status.FAILED
    assert "first name" in row.error
    assert statuses(news)[named.email] == Status.SENT
    assert smtp_server.messages_to(nameless.email) == []


# --- a worker that died ----------------------------------------------------------------------


def test_the_sweep_requeues_rows_a_dead_worker_held_and_they_keep_their_message_id(
    staff, smtp_server, settings
):
    settings.MAILING_STALE_SECONDS = 600
    subscribers(4)
    news = mailing()
    sending.mailing_start(mailing=news, by=staff)
    # A worker claimed two rows and was killed before recording anything.
    claim = sending.recipients_claim(mailing_id=news.pk, limit=2)
    held = {row.pk: row.message_id for row in claim.rows}
    DBTaskResult.objects.all().delete()  # its tasks died with it

    assert sending.recipients_requeue_stale() == 0  # not stale yet
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=11), tick=False):
        result = sending.mailings_sweep()
        assert result["requeued"] == 2
        assert result["woken"] == settings.MAILING_WORKERS
        run_worker()

    news.refresh_from_db()
    assert news.state == State.SENT
    assert len(smtp_server.messages) == 4
    for pk, message_id in held.items():
        row = Recipient.objects.get(pk=pk)
        assert row.status == Status.SENT
        assert row.message_id == message_id
        assert sum(m["Message-ID"] == message_id for m in smtp_server.messages) == 1


def test_a_sent_row_is_never_sent_again(staff, smtp_server):
    subscribers(3)
    news = mailing()
    sending.mailing_start(mailing=news, by=staff)
    run_worker()
    Mailing.objects.filter(pk=news.pk).update(state=State.SENDING)

    sending.mailing_resend_failed(mailing=news, by=staff)
    with time_machine.travel(timezone.now() + dt.timedelta(hours=2), tick=False):
        sending.mailings_sweep()
        run_worker()

    assert len(smtp_server.messages) == 3
    assert set(statuses(news).values()) == {Status.SENT}


def test_a_fault_building_one_message_holds_up_nobody_else(staff, smtp_server, monkeypatch):
    unlucky, lucky = subscribers(2)
    build = sending.rendering.build_message

    def faulty(*, supporter, **kwargs):
        if supporter.pk == unlucky.pk:
            raise RuntimeError("template exploded")
        return build(supporter=supporter, **kwargs)

    monkeypatch.setattr(sending.rendering, "build_message", faulty)
    news = mailing()
    sending.mailing_start(mailing=news, by=staff)

    run_worker()

    row = Recipient.objects.get(mailing=news, supporter=unlucky)
    assert row.status == Status.QUEUED
    assert "template exploded" in row.error
    assert row.next_attempt_at > timezone.now()
    assert statuses(news)[lucky.email] == Status.SENT
    assert len(smtp_server.messages) == 1


def test_the_sweep_gives_a_waiting_retry_a_task_when_every_task_was_lost(staff, smtp_server):
    greylisted = subscribers(1)[0]
    smtp_server.handler.replies_for[greylisted.email] = "451 4.7.1 Try again later"
    news = mailing()
    sending.mailing_start(mailing=news, by=staff)
    run_worker()
    row = Recipient.objects.get(mailing=news)
    DBTaskResult.objects.all().delete()  # the task queue was emptied by hand

    sending.mailings_sweep()

    [waiting] = [t for t in deliver_tasks(news.pk) if t.status == TaskResultStatus.READY]
    assert waiting.run_after == row.next_attempt_at
    del smtp_server.handler.replies_for[greylisted.email]
    with time_machine.travel(row.next_attempt_at + dt.timedelta(seconds=1), tick=False):
        run_worker()
    news.refresh_from_db()
    assert news.state == State.SENT
    assert len(smtp_server.messages_to(greylisted.email)) == 1


def test_rows_in_flight_when_a_cancelled_send_lost_its_worker_do_not_stay_sending(staff):
    subscribers(3)
    news = mailing()
    sending.mailing_start(mailing=news, by=staff)
    sending.recipients_claim(mailing_id=news.pk, limit=2)
    sending.mailing_cancel(mailing=news, by=staff)

    with time_machine.travel(timezone.now() + dt.timedelta(minutes=11), tick=False):
        assert sending.mailings_sweep()["requeued"] == 2
        run_worker()

    assert set(statuses(news).values()) == {Status.QUEUED}
    news.refresh_from_db()
    assert news.state == State.CANCELLED


def test_a_mailing_cannot_be_scheduled_in_the_past(staff):
    subscribers(1)
    news = mailing()

    with pytest.raises(MailingError, match="has passed"):
        sending.mailing_schedule(
            mailing=news, send_at=timezone.now() - dt.timedelta(hours=1), by=staff
        )

    news.refresh_from_db()
    assert news.state == State.DRAFT


def test_progress_gives_the_rate_and_the_time_left_while_sending(staff, smtp_server, memory_cache):
    subscribers(4)
    news = mailing()
    sending.mailing_start(mailing=news, by=staff)
    start = timezone.now()

    with time_machine.travel(start, tick=False):
        assert sending.mailing_progress(mailing=news)["sent"] == 0
    with time_machine.travel(start + dt.timedelta(seconds=10), tick=False):
        claim = sending.recipients_claim(mailing_id=news.pk, limit=2)
        sending.recipients_send(news, claim.rows, None, Throttle(0))
        progress = sending.mailing_progress(mailing=news)

    assert (progress["sent"], progress["queued"], progress["total"]) == (2, 2, 4)
    assert progress["rate"] == pytest.approx(0.2)
    assert progress["seconds_left"] == 10
    assert progress["state"] == State.SENDING
