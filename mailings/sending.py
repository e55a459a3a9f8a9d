"""Sending mailings: snapshot, claim, send, record, retry, sweep, pause, cancel, track.

The Recipient rows are the durable record and the only source of truth; tasks only wake
workers up. Starting a send writes one row per (mailing, supporter) in one INSERT ... SELECT
(the audience snapshot, unique by constraint). A row moves queued -> sending (claimed, in
one committed transaction) -> sent, or back to queued after a temporary failure, or to
failed, or to skipped when its supporter may no longer be mailed. So:

- two workers never send the same row: a claim locks queued rows with
  SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL (SQLite serialises writers), and any
  number of `db_worker` processes on any number of machines share one send;
- a row recorded as sent is never sent again: nothing here moves a sent, bounced or
  complained row back to queued or sending (only provider reports move it on, to bounced
  or complained), and "resend to those who failed" touches failed rows only;
- a row's Message-ID is fixed when it is first claimed and kept for every retry, so a
  message sent twice can be recognised as one by the receiving side;
- a worker that dies mid-send loses nothing: its claimed rows stay "sending" (sent rows
  are recorded per batch) and `recipients_requeue_stale` queues them again once they are
  older than MAILING_STALE_SECONDS. Those the SMTP server had already accepted go out a
  second time, with the same Message-ID: at most one claimed batch per dead worker. A
  duplicate is better than a supporter who never hears from us;
- consent is checked when each batch is claimed (`supporters.lists.sendable_ids`), not only
  when the snapshot was taken: a row whose supporter unsubscribed or was suppressed since
  becomes skipped, never sent;
- a mailing is sent only when no queued or sending row remains. Pausing stops new claims
  (batches already claimed finish), resuming wakes the workers again, cancelling stops the
  send for good (queued rows stay queued and are never claimed);
- every worker together sends at most MAILING_RATE messages a second (mailings.throttle).
"""

import logging
import math
import os
import smtplib
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import CharField, Count, F, Min, Q, Value
from django.db.models.functions import Cast, Concat
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult, get_date_max

from accounts.services import audit_record
from letters.delivery import DeliveryError, classify_error, mail_session
from mailings import rendering
from mailings.audiences import AudienceError, audience_queryset
from mailings.models import Mailing, Recipient
from mailings.throttle import Throttle
from supporters.lists import sendable_ids

logger = logging.getLogger(__name__)

State = Mailing.State
Status = Recipient.Status

# Temporary failures retry after 1, 2, 4 ... minutes, capped at an hour; after MAX_ATTEMPTS
# tries (about three hours) the row fails for staff to see and resend.
MAX_ATTEMPTS = 8
RETRY_BASE = timedelta(minutes=1)
RETRY_CAP = timedelta(hours=1)
# Rows one claim takes: the most a killed worker can send twice. Fewer when the rate is
# low, so a claimed batch is never held much longer than BATCH_SECONDS.
CLAIM_BATCH = 100
BATCH_SECONDS = 10
# One task sends for this long, then hands over to a fresh task, so letters and other
# waiting tasks get a worker in between.
RUN_SECONDS = 30
# Below the default priority (0): a worker picks up letters and confirmations first.
TASK_PRIORITY = -10
SWEEP_INTERVAL = timedelta(minutes=1)
# Progress samples kept for the rate shown while sending.
RATE_WINDOW_SECONDS = 60
PROGRESS_CACHE_SECONDS = 2

SKIPPED_ERROR = "not sent: unsubscribed or suppressed before their turn came"
REQUEUED_ERROR = "the worker stopped while sending; queued again"


class MailingError(Exception):
    """A staff action cannot be done; the message says why, in words staff can act on."""


class LateStart(MailingError):
    """A scheduled mailing whose time is long past: staff must confirm before it starts."""


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"[-64:]


def retry_delay(attempts: int) -> timedelta:
    return min(RETRY_BASE * (2 ** max(attempts - 1, 0)), RETRY_CAP)


def stale_after() -> timedelta:
    return timedelta(seconds=settings.MAILING_STALE_SECONDS)


def late_after() -> timedelta:
    return timedelta(hours=settings.MAILING_LATE_START_HOURS)


def batch_size(rate: int | None = None) -> int:
    rate = settings.MAILING_RATE if rate is None else rate
    if rate <= 0:
        return CLAIM_BATCH
    return max(1, min(CLAIM_BATCH, rate * BATCH_SECONDS // settings.MAILING_WORKERS))


# --- staff actions ----------------------------------------------------------------------


def mailing_is_late(*, mailing: Mailing, now: datetime | None = None) -> bool:
    """A scheduled mailing whose send time passed more than MAILING_LATE_START_HOURS ago."""
    now = now or timezone.now()
    return (
        mailing.state == State.SCHEDULED
        and mailing.send_at is not None
        and mailing.send_at < now - late_after()
    )


def _problems(mailing: Mailing) -> None:
    problems = rendering.check(mailing=mailing)
    if problems:
        raise MailingError(" ".join(str(problem) for problem in problems))


def mailing_schedule(*, mailing: Mailing, send_at: datetime, by: Any) -> Mailing:
    """Have a draft (or a rescheduled mailing) start by itself at `send_at`."""
    if send_at is None:
        raise MailingError(_("Choose when the mailing should go out."))
    now = timezone.now()
    if send_at < now - SWEEP_INTERVAL:
        raise MailingError(
            _("That time has passed: start the mailing now, or choose a later time.")
        )
    _problems(mailing)
    with transaction.atomic():
        changed = Mailing.objects.filter(pk=mailing.pk, state__in=Mailing.STATES_EDITABLE).update(
            state=State.SCHEDULED, send_at=send_at, updated_at=now
        )
        if not changed:
            raise MailingError(_("Only a draft or a scheduled mailing can be scheduled."))
        audit_record(
            actor=by, action="mailings.schedule", target=mailing, details={"send_at": str(send_at)}
        )
        transaction.on_commit(sweep_ensure)
    mailing.refresh_from_db()
    return mailing


def mailing_start(*, mailing: Mailing, by: Any, confirm_late: bool = False) -> int:
    """Start sending now: snapshot the audience, one row each, and wake the workers.

    Returns how many recipients the snapshot holds. Raises MailingError when something
    blocks the send (an unknown or empty merge field, an empty or incomplete audience, a
    mailing already started), and LateStart for a scheduled mailing whose time passed
    more than MAILING_LATE_START_HOURS ago unless `confirm_late` says staff confirmed it.
    """
    _problems(mailing)
    with transaction.atomic():
        locked = Mailing.objects.select_for_update().get(pk=mailing.pk)
        if locked.state not in Mailing.STATES_EDITABLE:
            raise MailingError(
                _("This mailing has already been started (it is %(state)s).")
                % {"state": locked.get_state_display()}
            )
        if mailing_is_late(mailing=locked) and not confirm_late:
            raise LateStart(
                _(
                    "This mailing was scheduled for %(send_at)s, more than %(hours)s hours ago. "
                    "Confirm that it should still go out."
                )
                % {
                    "send_at": timezone.localtime(locked.send_at).strftime("%Y-%m-%d %H:%M"),
                    "hours": settings.MAILING_LATE_START_HOURS,
                }
            )
        try:
            audience = audience_queryset(mailing=locked)
        except AudienceError as error:
            raise MailingError(str(error)) from error
        total = _snapshot(locked, audience)
        if not total:
            # Rolls the (empty) snapshot back with the transaction.
            raise MailingError(_("Nobody is in this audience."))
        now = timezone.now()
        Mailing.objects.filter(pk=locked.pk).update(
            state=State.SENDING, total=total, started_at=now, finished_at=None, updated_at=now
        )
        # Written in this transaction: the tasks exist exactly when the rows do.
        _wake(locked.pk, count=settings.MAILING_WORKERS)
        audit_record(
            actor=by,
            action="mailings.start",
            target=locked,
            details={"recipients": total, "late_confirmed": bool(confirm_late)},
        )
        transaction.on_commit(sweep_ensure)
    mailing.refresh_from_db()
    logger.info("Mailing %s started: %s recipients", mailing.pk, total)
    return total


def mailing_confirm_late_start(*, mailing: Mailing, by: Any) -> int:
    """Start a scheduled mailing whose time is long past, as staff confirmed it should."""
    return mailing_start(mailing=mailing, by=by, confirm_late=True)


def _snapshot(mailing: Mailing, audience: Any) -> int:
    """INSERT one queued row per audience member in one statement; returns how many."""
    ids = audience.order_by().values(audience_member=F("pk")).distinct()
    select_sql, select_params = ids.query.get_compiler(using=ids.db).as_sql()
    quote = db_connection.ops.quote_name
    columns: list[str] = []
    expressions: list[str] = []
    params: list[Any] = []
    for model_field in Recipient._meta.concrete_fields:
        if model_field.primary_key:
            continue
        if model_field.attname == "mailing_id":
            columns.append(model_field.column)
            expressions.append("%s")
            params.append(mailing.pk)
        elif model_field.attname == "supporter_id":
            columns.append(model_field.column)
            expressions.append(f"audience.{quote('audience_member')}")
        elif model_field.has_default():
            columns.append(model_field.column)
            expressions.append("%s")
            params.append(model_field.get_db_prep_save(model_field.get_default(), db_connection))
        elif model_field.null:
            continue
        elif model_field.blank:
            columns.append(model_field.column)
            expressions.append("''")
        else:
            raise RuntimeError(f"Recipient.{model_field.name} needs a value in the snapshot")
    # Names come from the model, SQL from the ORM; values go as parameters.
    table = quote(Recipient._meta.db_table)
    names = ", ".join(quote(column) for column in columns)
    select = ", ".join(expressions)
    statement = f"INSERT INTO {table} ({names}) SELECT {select} FROM ({select_sql}) AS audience"  # noqa: S608
    with db_connection.cursor() as cursor:
        cursor.execute(statement, [*params, *select_params])
        return cursor.rowcount


def mailing_pause(*, mailing: Mailing, by: Any) -> bool:
    """Stop claiming new batches; batches already claimed finish. Returns whether it paused."""
    changed = Mailing.objects.filter(pk=mailing.pk, state=State.SENDING).update(
        state=State.PAUSED, updated_at=timezone.now()
    )
    if changed:
        audit_record(actor=by, action="mailings.pause", target=mailing)
    mailing.refresh_from_db()
    return bool(changed)


def mailing_resume(*, mailing: Mailing, by: Any) -> bool:
    """Carry on with a paused send where it stopped. Returns whether it resumed."""
    with transaction.atomic():
        changed = Mailing.objects.filter(pk=mailing.pk, state=State.PAUSED).update(
            state=State.SENDING, updated_at=timezone.now()
        )
        if changed:
            _wake(mailing.pk, count=settings.MAILING_WORKERS)
            audit_record(actor=by, action="mailings.resume", target=mailing)
            transaction.on_commit(sweep_ensure)
    mailing.refresh_from_db()
    return bool(changed)


def mailing_cancel(*, mailing: Mailing, by: Any) -> bool:
    """Stop a scheduled, sending or paused mailing for good. Returns whether it cancelled.

    Batches already claimed finish; every row still queued stays queued and unsent.
    """
    now = timezone.now()
    changed = Mailing.objects.filter(
        pk=mailing.pk, state__in=[State.SCHEDULED, State.SENDING, State.PAUSED]
    ).update(state=State.CANCELLED, finished_at=now, updated_at=now)
    if changed:
        audit_record(actor=by, action="mailings.cancel", target=mailing)
    mailing.refresh_from_db()
    return bool(changed)


def mailing_resend_failed(*, mailing: Mailing, by: Any) -> int:
    """Queue every failed row of this mailing again, with a fresh set of attempts.

    Failed rows were never accepted by the mail system, so this sends nobody a second
    copy. A mailing already sent goes back to sending until they are done. Returns how
    many rows were queued.
    """
    now = timezone.now()
    with transaction.atomic():
        locked = Mailing.objects.select_for_update().get(pk=mailing.pk)
        if locked.state not in {State.SENDING, State.PAUSED, State.SENT}:
            raise MailingError(_("Only a started mailing that was not cancelled can resend."))
        queued = Recipient.objects.filter(mailing=locked, status=Status.FAILED).update(
            status=Status.QUEUED,
            attempts=0,
            next_attempt_at=now,
            claimed_at=None,
            error="",
        )
        if queued and locked.state == State.SENT:
            Mailing.objects.filter(pk=locked.pk).update(
                state=State.SENDING, finished_at=None, updated_at=now
            )
        if queued and locked.state != State.PAUSED:
            _wake(locked.pk, count=settings.MAILING_WORKERS)
            transaction.on_commit(sweep_ensure)
        audit_record(
            actor=by, action="mailings.resend_failed", target=locked, details={"rows": queued}
        )
    mailing.refresh_from_db()
    return queued


def mailing_progress(*, mailing: Mailing) -> dict[str, Any]:
    """Where a send stands: sent, failed, total, rate (messages a second), seconds left, state.

    Also: queued, sending, skipped, bounced, complained. `sent` counts every message the
    mail system accepted (bounced and complained ones too). Counts are cached for two
    seconds, so any number of open progress bars cost one count.
    """
    key = f"mailings:progress:{mailing.pk}"
    counts = cache.get(key)
    if counts is None:
        counts = dict(
            Recipient.objects.filter(mailing_id=mailing.pk)
            .order_by()
            .values_list("status")
            .annotate(rows=Count("pk"))
        )
        cache.set(key, counts, PROGRESS_CACHE_SECONDS)
    state = Mailing.objects.filter(pk=mailing.pk).values_list("state", "total", "started_at")
    current, total, started_at = state.first() or (mailing.state, mailing.total, None)
    sent = sum(counts.get(status, 0) for status in Recipient.STATUS_DELIVERED)
    failed = counts.get(Status.FAILED, 0)
    skipped = counts.get(Status.SKIPPED, 0)
    pending = counts.get(Status.QUEUED, 0) + counts.get(Status.SENDING, 0)
    rate = _rate(mailing.pk, done=sent + failed + skipped, started_at=started_at)
    seconds_left = None
    if current == State.SENDING and rate > 0:
        seconds_left = math.ceil(pending / rate)
    elif current == State.SENT or (current == State.SENDING and not pending):
        seconds_left = 0
    return {
        "state": current,
        "total": total,
        "sent": sent,
        "failed": failed,
        "skipped": skipped,
        "bounced": counts.get(Status.BOUNCED, 0),
        "complained": counts.get(Status.COMPLAINED, 0),
        "queued": counts.get(Status.QUEUED, 0),
        "sending": counts.get(Status.SENDING, 0),
        "rate": round(rate, 1),
        "seconds_left": seconds_left,
    }


def _rate(mailing_id: int, *, done: int, started_at: datetime | None) -> float:
    """Rows finished a second over about the last minute, from samples kept in the cache."""
    key = f"mailings:progress-samples:{mailing_id}"
    now = time.time()
    samples = [s for s in cache.get(key, []) if now - s[0] <= RATE_WINDOW_SECONDS]
    if not samples or now - samples[-1][0] >= 1:
        samples.append((now, done))
    cache.set(key, samples, RATE_WINDOW_SECONDS * 2)
    oldest_at, oldest_done = samples[0]
    if now - oldest_at >= 5:
        return max(0.0, (done - oldest_done) / (now - oldest_at))
    if started_at is not None:
        elapsed = (timezone.now() - started_at).total_seconds()
        if elapsed > 0:
            return done / elapsed
    return 0.0


# --- claiming --------------------------------------------------------------------------


@dataclass
class Claim:
    rows: list[Recipient] = field(default_factory=list)
    skipped: int = 0


def recipients_claim(*, mailing_id: int, limit: int = CLAIM_BATCH) -> Claim | None:
    """Lock up to `limit` due rows, check consent now, mark them sending and commit.

    Returns None when the mailing is not sending (paused, cancelled, finished): nothing
    is claimed. Rows whose supporter may no longer receive the list become skipped.
    The claimed rows come back with their supporter, ready to send.
    """
    now = timezone.now()
    with transaction.atomic():
        mailing = Mailing.objects.filter(pk=mailing_id).values_list("state", "email_list").first()
        if mailing is None or mailing[0] != State.SENDING:
            return None
        email_list = mailing[1]
        rows = list(
            Recipient.objects.filter(mailing_id=mailing_id, status=Status.QUEUED)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .order_by()
            .select_for_update(skip_locked=True)
            .values_list("pk", "supporter_id")[:limit]
        )
        if not rows:
            return Claim()
        allowed = sendable_ids(email_list=email_list, supporter_ids=[s for _pk, s in rows])
        skipped = [pk for pk, supporter_id in rows if supporter_id not in allowed]
        claimed = [pk for pk, supporter_id in rows if supporter_id in allowed]
        if skipped:
            Recipient.objects.filter(pk__in=skipped).update(
                status=Status.SKIPPED, claimed_at=None, error=SKIPPED_ERROR
            )
        if claimed:
            # The Message-ID is fixed at the first claim and kept for every retry.
            token = get_random_string(8, "abcdefghijklmnopqrstuvwxyz0123456789")
            Recipient.objects.filter(pk__in=claimed, message_id="").update(
                message_id=Concat(
                    Value(f"<m{mailing_id}."),
                    Cast("pk", output_field=CharField()),
                    Value(f".{token}@{rendering.sending_domain()}>"),
                    output_field=CharField(),
                )
            )
            Recipient.objects.filter(pk__in=claimed).update(
                status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
            )
    if not claimed:
        return Claim(skipped=len(skipped))
    return Claim(
        rows=list(
            Recipient.objects.filter(pk__in=claimed).select_related("supporter").order_by("pk")
        ),
        skipped=len(skipped),
    )


# --- sending and recording -------------------------------------------------------------


def _is_connection_error(error: BaseException) -> bool:
    """Whether the failure is the mail server's (down, unreachable, closing) and not the row's."""
    if isinstance(error, smtplib.SMTPConnectError | smtplib.SMTPServerDisconnected):
        return True
    if isinstance(error, smtplib.SMTPResponseException):
        # 421: the server is closing the connection, whoever the message was for.
        return error.smtp_code == 421
    if isinstance(error, smtplib.SMTPRecipientsRefused | smtplib.SMTPSenderRefused):
        return False
    return isinstance(error, OSError)


class ServerUnavailable(Exception):
    def __init__(self, error: DeliveryError) -> None:
        super().__init__(error.reason)
        self.error = error


def _send(message: EmailMessage, connection: BaseEmailBackend | None) -> None:
    try:
        accepted = message.send() if connection is None else connection.send_messages([message])
    except Exception as error:
        if connection is not None:
            # Half-broken after an error: the next message opens a fresh one.
            _close_quietly(connection)
        classified = classify_error(error)
        if classified.temporary and _is_connection_error(error):
            raise ServerUnavailable(classified) from error
        raise classified from error
    if not accepted:
        raise DeliveryError("the mail system accepted nothing", temporary=True)


def _close_quietly(connection: BaseEmailBackend) -> None:
    try:
        connection.close()
    except Exception:  # closing a dead connection may fail; nothing to recover
        logger.debug("Closing the mail connection failed", exc_info=True)


def _open_quietly(connection: BaseEmailBackend) -> None:
    # If the server is down, the send that follows raises and is recorded properly.
    try:
        connection.open()
    except Exception:
        logger.debug("Opening the mail connection failed", exc_info=True)


def _record_sent(ids: list[int]) -> None:
    """Mark the rows the mail system accepted as sent, in one statement per batch."""
    if not ids:
        return
    now = timezone.now()
    # Queued too: if the sweep re-queued a row while this worker was slow, nobody has sent
    # it again yet, and marking it sent now saves a duplicate.
    Recipient.objects.filter(pk__in=ids, status__in=[Status.SENDING, Status.QUEUED]).update(
        status=Status.SENT, sent_at=now, claimed_at=None, error=""
    )
    # A provider may report a bounce before the batch is recorded: keep its status.
    Recipient.objects.filter(
        pk__in=ids, status__in=[Status.BOUNCED, Status.COMPLAINED], sent_at__isnull=True
    ).update(sent_at=now, claimed_at=None)


def _record_failure(row: Recipient, error: DeliveryError) -> str:
    now = timezone.now()
    # Only while this claim still holds the row (the sweep may have handed it on).
    owned = Recipient.objects.filter(pk=row.pk, status=Status.SENDING, claimed_at=row.claimed_at)
    if error.temporary and row.attempts < MAX_ATTEMPTS:
        owned.update(
            status=Status.QUEUED,
            next_attempt_at=now + retry_delay(row.attempts),
            claimed_at=None,
            error=error.reason[:500],
        )
        return Status.QUEUED
    reason = error.reason
    if error.temporary:
        reason = f"gave up after {row.attempts} attempts: {reason}"
    owned.update(status=Status.FAILED, claimed_at=None, error=reason[:500])
    logger.info("Mailing row %s failed: %s", row.pk, reason)
    return Status.FAILED


def _release(rows: list[Recipient], *, retry_at: datetime, reason: str) -> None:
    """Give back claimed rows that were never tried (the server went away), attempt uncounted."""
    for row in rows:
        Recipient.objects.filter(
            pk=row.pk, status=Status.SENDING, claimed_at=row.claimed_at
        ).update(
            status=Status.QUEUED,
            attempts=F("attempts") - 1,
            next_attempt_at=retry_at,
            claimed_at=None,
            error=reason[:500],
        )


@dataclass
class BatchResult:
    counts: Counter = field(default_factory=Counter)
    # Set when the mail server became unreachable: when to try again.
    retry_at: datetime | None = None


def recipients_send(
    mailing: Mailing,
    rows: list[Recipient],
    connection: BaseEmailBackend | None,
    throttle: Throttle,
) -> BatchResult:
    """Send claimed rows one by one over one connection, then record the sent ones together."""
    result = BatchResult()
    sent: list[int] = []
    try:
        for index, row in enumerate(rows):
            throttle.wait()
            if connection is not None and getattr(connection, "connection", None) is None:
                _open_quietly(connection)
            try:
                message = rendering.build_message(
                    mailing=mailing,
                    supporter=row.supporter,
                    message_id=row.message_id,
                    connection=connection,
                )
            except rendering.MergeError as error:
                result.counts[_record_failure(row, DeliveryError(str(error), temporary=False))] += 1
                continue
            except Exception as error:
                # A fault in building one message must not hold up the others: the row
                # is tried again later, like a temporary failure, and fails in the end.
                logger.exception("Mailing %s: building row %s's message failed", mailing.pk, row.pk)
                failure = DeliveryError(f"{type(error).__name__}: {error}", temporary=True)
                result.counts[_record_failure(row, failure)] += 1
                continue
            # Lets a provider's tracking event name the row even when it reports its own
            # message id rather than ours.
            message.metadata = {"mailing_recipient": str(row.pk)}
            try:
                _send(message, connection)
            except ServerUnavailable as unavailable:
                # Every message would fail the same way: stop the batch, hand back the rest.
                status = _record_failure(row, unavailable.error)
                result.counts[status] += 1
                result.retry_at = timezone.now() + retry_delay(row.attempts)
                _release(
                    rows[index + 1 :], retry_at=result.retry_at, reason=unavailable.error.reason
                )
                logger.warning(
                    "Mailing %s: the mail server is unavailable (%s); retrying at %s",
                    mailing.pk,
                    unavailable.error.reason,
                    result.retry_at.isoformat(),
                )
                break
            except DeliveryError as error:
                result.counts[_record_failure(row, error)] += 1
                continue
            sent.append(row.pk)
    finally:
        # Whatever stopped the loop, what went out is recorded.
        _record_sent(sent)
    result.counts[Status.SENT] += len(sent)
    return result


@contextmanager
def _session(connection: BaseEmailBackend | None) -> Iterator[BaseEmailBackend | None]:
    if connection is not None:
        yield connection
        return
    with mail_session() as session:
        yield session


def mailing_deliver(
    *,
    mailing_id: int,
    time_limit: float = RUN_SECONDS,
    connection: BaseEmailBackend | None = None,
    throttle: Throttle | None = None,
) -> dict[str, int]:
    """Send a mailing's due rows, a claimed batch at a time, for up to `time_limit` seconds.

    Then it hands over: to a fresh task at once when time ran out, to one task at the
    next retry time when only rows waiting to be retried are left, to none when the
    mailing is paused or cancelled; when no row is queued or sending it marks the mailing
    sent. Returns the rows handled, by outcome.
    """
    mailing = Mailing.objects.filter(pk=mailing_id).first()
    if mailing is None:
        return {}
    throttle = throttle or Throttle()
    counts: Counter = Counter()
    deadline = time.monotonic() + time_limit
    ended = "done"
    retry_at: datetime | None = None
    with _session(connection) as session:
        while True:
            if time.monotonic() >= deadline:
                ended = "time"
                break
            claim = recipients_claim(mailing_id=mailing_id, limit=batch_size(throttle.rate))
            if claim is None:
                ended = "stopped"
                break
            counts[Status.SKIPPED] += claim.skipped
            if not claim.rows:
                if claim.skipped:
                    continue
                break
            result = recipients_send(mailing, claim.rows, session, throttle)
            counts.update(result.counts)
            if result.retry_at is not None:
                ended, retry_at = "unavailable", result.retry_at
                break
    if ended == "time":
        deliver_mailing.using(priority=TASK_PRIORITY).enqueue(mailing_id)
    elif ended == "unavailable":
        deliver_mailing.using(priority=TASK_PRIORITY, run_after=retry_at).enqueue(mailing_id)
    elif ended == "done":
        mailing_finish_if_done(mailing_id=mailing_id)
    return {str(status): number for status, number in counts.items()}


def mailing_finish_if_done(*, mailing_id: int) -> bool:
    """Mark a sending mailing sent once no row is queued or sending; else make sure rows
    waiting for a retry have a task waiting for them. Returns whether it finished."""
    now = timezone.now()
    with transaction.atomic():
        # Locked, so a resend of failed rows cannot slip in between the count and the update.
        mailing = Mailing.objects.select_for_update().filter(pk=mailing_id).first()
        if mailing is None or mailing.state != State.SENDING:
            return False
        pending = Recipient.objects.filter(
            mailing_id=mailing_id, status__in=[Status.QUEUED, Status.SENDING]
        )
        if not pending.exists():
            Mailing.objects.filter(pk=mailing_id).update(
                state=State.SENT, finished_at=now, updated_at=now
            )
            logger.info("Mailing %s sent", mailing_id)
            return True
        waiting = (
            Recipient.objects.filter(
                mailing_id=mailing_id, status=Status.QUEUED, next_attempt_at__gt=now
            )
            .order_by()
            .aggregate(first=Min("next_attempt_at"))["first"]
        )
        if waiting is not None and not _waiting_tasks(mailing_id, by=waiting):
            deliver_mailing.using(priority=TASK_PRIORITY, run_after=waiting).enqueue(mailing_id)
    return False


# --- waking workers ----------------------------------------------------------------------


def _wake(mailing_id: int, *, count: int) -> None:
    """Enqueue `count` delivery tasks, each of which a different worker may take.

    Called inside the transaction that makes the rows due: the database backend writes
    the tasks in it, so they exist exactly when the rows do.
    """
    for _n in range(count):
        deliver_mailing.using(priority=TASK_PRIORITY).enqueue(mailing_id)


def _live_tasks(mailing_id: int) -> int:
    """Delivery tasks for this mailing that are waiting, or running and not long dead."""
    started_after = timezone.now() - stale_after()
    tasks = DBTaskResult.objects.filter(task_path=deliver_mailing.module_path).filter(
        Q(status=TaskResultStatus.READY)
        | Q(status=TaskResultStatus.RUNNING, started_at__gt=started_after)
    )
    return sum(
        1
        for args_kwargs in tasks.values_list("args_kwargs", flat=True)
        if list(args_kwargs.get("args", [])) == [mailing_id]
    )


def _waiting_tasks(mailing_id: int, *, by: datetime) -> int:
    """Delivery tasks for this mailing that will run by `by` (at once, or at a set time)."""
    tasks = DBTaskResult.objects.filter(
        # django-tasks-db stores "run at once" as the largest date.
        Q(run_after__lte=by) | Q(run_after=get_date_max()),
        task_path=deliver_mailing.module_path,
        status=TaskResultStatus.READY,
    )
    return sum(
        1
        for args_kwargs in tasks.values_list("args_kwargs", flat=True)
        if list(args_kwargs.get("args", [])) == [mailing_id]
    )


# --- the sweep ---------------------------------------------------------------------------


def recipients_requeue_stale(*, older_than: timedelta | None = None) -> int:
    """Queue again rows left "sending" by a worker that died; returns how many.

    Their Message-ID stays, so a message that did get out before the worker died and
    goes out again can be recognised as the same message.
    """
    now = timezone.now()
    cutoff = now - (older_than if older_than is not None else stale_after())
    # Cancelled ones too, for a day: their rows in flight when a worker died should not
    # stay "sending" for ever (queued, they are never claimed again).
    active = list(
        Mailing.objects.filter(
            Q(state__in=[State.SENDING, State.PAUSED])
            | Q(state=State.CANCELLED, finished_at__gt=now - timedelta(days=1))
        ).values_list("pk", flat=True)
    )
    if not active:
        return 0
    with transaction.atomic():
        stale = list(
            Recipient.objects.filter(
                mailing_id__in=active, status=Status.SENDING, claimed_at__lt=cutoff
            )
            .order_by()
            .select_for_update(skip_locked=True)
            .values_list("pk", "attempts")
        )
        requeue = [pk for pk, attempts in stale if attempts < MAX_ATTEMPTS]
        give_up = [pk for pk, attempts in stale if attempts >= MAX_ATTEMPTS]
        Recipient.objects.filter(pk__in=requeue).update(
            status=Status.QUEUED, next_attempt_at=now, claimed_at=None, error=REQUEUED_ERROR
        )
        Recipient.objects.filter(pk__in=give_up).update(
            status=Status.FAILED,
            claimed_at=None,
            error=f"gave up after {MAX_ATTEMPTS} attempts: the worker stopped while sending",
        )
    if stale:
        logger.warning(
            "Mailings sweep re-queued %s row(s) left by a stopped worker, failed %s",
            len(requeue),
            len(give_up),
        )
    return len(requeue)


def mailings_start_due(*, now: datetime | None = None) -> int:
    """Start scheduled mailings whose time has come (and is not long past); returns how many."""
    now = now or timezone.now()
    due = Mailing.objects.filter(
        state=State.SCHEDULED, send_at__lte=now, send_at__gte=now - late_after()
    ).order_by("send_at")
    started = 0
    for mailing in due:
        try:
            mailing_start(mailing=mailing, by=None)
        except MailingError as error:
            logger.warning("Scheduled mailing %s cannot start: %s", mailing.pk, error)
            continue
        started += 1
    return started


def mailings_sweep() -> dict[str, int]:
    """Re-queue rows of dead workers, start due mailings, finish done ones, wake stalled ones."""
    requeued = recipients_requeue_stale()
    started = mailings_start_due()
    finished = woken = 0
    now = timezone.now()
    for mailing_id in Mailing.objects.filter(state=State.SENDING).values_list("pk", flat=True):
        due = (
            Recipient.objects.filter(mailing_id=mailing_id, status=Status.QUEUED)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .exists()
        )
        if not due:
            # Done (marked sent), or only retries and rows in flight left (a task waits
            # for the earliest retry): the one place that reads every waiting row.
            finished += mailing_finish_if_done(mailing_id=mailing_id)
            continue
        missing = settings.MAILING_WORKERS - _live_tasks(mailing_id)
        if missing > 0:
            # Workers that died took their tasks with them: keep the send going.
            _wake(mailing_id, count=missing)
            woken += missing
    return {"requeued": requeued, "started": started, "finished": finished, "woken": woken}


def sweep_pending() -> bool:
    """Whether a sweep is already waiting in the task queue."""
    return DBTaskResult.objects.filter(
        task_path=sweep_mailings.module_path, status=TaskResultStatus.READY
    ).exists()


def sweep_schedule(*, delay: timedelta = timedelta(0)) -> bool:
    """Enqueue a sweep `delay` from now unless one is waiting; returns whether it did."""
    if sweep_pending():
        return False
    sweep_mailings.using(run_after=timezone.now() + delay).enqueue()
    return True


_sweep_seen_at: float | None = None


def sweep_ensure() -> None:
    """Start the sweep chain if it is not running, checking at most once a SWEEP_INTERVAL."""
    global _sweep_seen_at
    now = time.monotonic()
    if _sweep_seen_at is not None and now - _sweep_seen_at < SWEEP_INTERVAL.total_seconds():
        return
    sweep_schedule(delay=SWEEP_INTERVAL)
    _sweep_seen_at = now


# --- provider tracking -------------------------------------------------------------------

# Reported event -> row status (mailings.tracking decides which events are hard bounces).
# A complaint wins over an earlier bounce, never the other way round.
_TRACKED = {"bounced": Status.BOUNCED, "complained": Status.COMPLAINED}
_TRACKED_FROM = {
    Status.BOUNCED: [Status.SENDING, Status.SENT],
    Status.COMPLAINED: [Status.SENDING, Status.SENT, Status.BOUNCED],
}


def recipient_track(
    *, event_type: str, message_id: str = "", recipient_id: Any = None, description: str = ""
) -> int:
    """Apply a provider's bounce or complaint report to the row it names; returns rows changed.

    The row is found by its Message-ID (with or without angle brackets) or, for providers
    that report their own message id, by the row id sent along as metadata.
    """
    status = _TRACKED.get(event_type)
    if status is None:
        return 0
    match = Q(pk__in=[])
    bare = (message_id or "").strip().strip("<>")
    if bare:
        match |= Q(message_id__in={f"<{bare}>", bare})
    if str(recipient_id or "").isdigit():
        match |= Q(pk=int(recipient_id))
    return Recipient.objects.filter(match, status__in=_TRACKED_FROM[status]).update(
        status=status, error=(description or event_type)[:500]
    )


# --- tasks: wake-up calls that take ids; the rows are the record ------------------------


@task(priority=TASK_PRIORITY)
def deliver_mailing(mailing_id: int) -> dict[str, int]:
    """Send one mailing's due rows for a while, then hand over (see mailing_deliver)."""
    return mailing_deliver(mailing_id=mailing_id)


@task
def sweep_mailings() -> dict[str, int]:
    """Re-queue rows of dead workers, start due mailings, then schedule the next sweep."""
    result = mailings_sweep()
    sweep_schedule(delay=SWEEP_INTERVAL)
    return result
