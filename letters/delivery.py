"""Delivering letters to offices: claim, send, record, retry, sweep, release, track.

The letter row is the durable record and the only source of truth; tasks just wake
a worker up. A letter moves queued -> sending (claimed, in one transaction) -> sent,
and only a queued letter can be claimed, so:

- two workers never send the same letter: the claim locks rows with
  SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL (SQLite serialises writers);
- a letter recorded as sent is never sent again: nothing moves it back to queued,
  and a database constraint forbids a sent letter in a sendable state;
- a worker that dies mid-send leaves its claimed batch in "sending" (sent letters
  are recorded per batch); `letters_sweep` re-queues them once they are older than
  STALE_AFTER. Some may already have reached the office, so they can arrive twice,
  with the same Message-ID, which lets the office's mail system recognise the
  duplicate. Losing a letter is worse;
- no letter goes to someone no longer in office: the claim holds letters whose
  member's term has ended (noon Eastern on the roster's end date) and stops letters
  whose member a roster import found gone. Held letters go out once an import shows
  the member seated again; a departure stops them for good ("stopped" is never sent
  and never retried), and the supporter is told once per submission.
"""

import logging
import os
import smtplib
import socket
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.mail import mailers
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import transaction
from django.db.models import Case, Count, Exists, F, OuterRef, QuerySet, Value, When
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode

from core.mail import absolute
from legislators.models import Chamber, Legislator
from letters import emails
from letters.models import (
    LETTER_RETRYABLE_STATUSES,
    LETTER_SENT_STATUSES,
    NO_ADDRESS_ERROR,
    ConfirmationState,
    HoldReason,
    Letter,
    LetterStatus,
    LetterSubmission,
)

logger = logging.getLogger(__name__)

# Temporary failures are retried after 1, 2, 4, 8 ... minutes, capped at six hours;
# after MAX_ATTEMPTS tries (about a day of trying) the letter fails for staff to see.
MAX_ATTEMPTS = 10
RETRY_BASE = timedelta(minutes=1)
RETRY_CAP = timedelta(hours=6)
# Far longer than any SMTP timeout (SMTP_TIMEOUT, 20 s by default), so a letter
# still being sent is never mistaken for one whose worker died.
STALE_AFTER = timedelta(minutes=10)
# How many letters one claim takes; small, so one slow office delays few others.
CLAIM_BATCH = 20
# How many letters one "deliver due" run sends before handing over to a new task.
DUE_RUN_LIMIT = 500
# Above this many letters at once, wake one batch task instead of one task per letter.
PER_LETTER_TASKS = 10
# Submissions per "stopped letters" notice task: a departure may touch thousands.
NOTICE_BATCH = 200

TERM_ENDED_ERROR = "held: the member's term ended"
STOPPED_ERROR = "stopped: the member left office"
MOVED_ERROR = "stopped: the member moved to the other chamber"


class DeliveryError(Exception):
    """Why a send did not work, and whether trying again later may help."""

    def __init__(self, reason: str, *, temporary: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.temporary = temporary


@dataclass(frozen=True)
class Outcome:
    letter_id: int
    status: str


def worker_name() -> str:
    """Who claims a letter: host, process and thread, so racing threads differ too."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"[-64:]


def retry_delay(attempts: int) -> timedelta:
    return min(RETRY_BASE * (2 ** max(attempts - 1, 0)), RETRY_CAP)


def classify_error(error: BaseException) -> DeliveryError:
    """Sort a mail-system exception into temporary (retry) or permanent (fail)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        detail = "; ".join(
            f"{address}: {code} {_text(message)}"
            for address, (code, message) in error.recipients.items()
        )
        temporary = bool(codes) and all(400 <= code < 500 for code in codes)
        return DeliveryError(f"recipient refused: {detail}", temporary=temporary)
    if isinstance(error, smtplib.SMTPResponseException):
        temporary = 400 <= error.smtp_code < 500
        return DeliveryError(
            f"SMTP {error.smtp_code} {_text(error.smtp_error)}", temporary=temporary
        )
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return DeliveryError(f"SMTP server disconnected: {error}", temporary=True)
    if isinstance(error, OSError):
        # Connection refused, timeouts, DNS and TLS trouble: the server may come back.
        return DeliveryError(f"{type(error).__name__}: {error}", temporary=True)
    if isinstance(error, smtplib.SMTPException):
        return DeliveryError(f"{type(error).__name__}: {error}", temporary=True)
    anymail_error = _classify_anymail(error)
    if anymail_error is not None:
        return anymail_error
    if isinstance(error, ValueError):
        # Django refuses malformed addresses and headers; retrying cannot fix them.
        return DeliveryError(f"invalid message: {error}", temporary=False)
    return DeliveryError(f"{type(error).__name__}: {error}", temporary=True)


def _classify_anymail(error: BaseException) -> DeliveryError | None:
    from anymail.exceptions import AnymailAPIError, AnymailError, AnymailRecipientsRefused

    if isinstance(error, AnymailRecipientsRefused):
        return DeliveryError(f"provider refused the recipient: {_safe_str(error)}", temporary=False)
    if isinstance(error, AnymailAPIError):
        status = getattr(error, "status_code", None)
        # No answer, rate limiting or a provider outage may pass; other 4xx will not.
        temporary = status is None or status == 429 or status >= 500
        return DeliveryError(f"provider error {status}: {_safe_str(error)}", temporary=temporary)
    if isinstance(error, AnymailError):
        return DeliveryError(f"provider error: {_safe_str(error)}", temporary=False)
    return None


def _safe_str(error: BaseException) -> str:
    # Some providers' errors describe their HTTP response in __str__ and fail without one.
    try:
        return str(error)
    except Exception:
        return " ".join(str(arg) for arg in error.args)


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


# --- claiming --------------------------------------------------------------------


def _claim(candidates: QuerySet[Letter], *, worker: str, limit: int) -> list[Letter]:
    """Lock up to `limit` letters, move them to "sending" and commit before any mail goes out.

    Checked now, at send time: letters to a member a roster import found gone are
    stopped, letters to a member whose term has ended are held until an import shows
    them seated again, and letters whose office has no delivery address are held.
    """
    now = timezone.now()
    # Serving by the roster's dates too: from noon Eastern on a term's end date the
    # member is out of office, even before the new roster is imported.
    in_office = Exists(Legislator.objects.serving(at=now).filter(pk=OuterRef("legislator_id")))
    with transaction.atomic():
        # Lock the letters only (of=self): locking their offices too would make a second
        # worker skip every letter to the same office while the first one claims.
        rows = list(
            candidates.order_by("next_attempt_at", "pk")
            .select_for_update(skip_locked=True, of=("self",))
            .annotate(in_office=in_office)
            .values_list("pk", "legislator__delivery_email", "legislator__is_serving", "in_office")[
                :limit
            ]
        )
        if not rows:
            return []
        departed = [pk for pk, _address, serving, _in_office in rows if not serving]
        term_ended = [pk for pk, _address, serving, in_office in rows if serving and not in_office]
        sendable = [(pk, address) for pk, address, _serving, in_office in rows if in_office]
        without_address = [pk for pk, address in sendable if not address]
        claimed = [pk for pk, address in sendable if address]
        if departed:
            _stop(Letter.objects.filter(pk__in=departed), now=now)
        if term_ended:
            Letter.objects.filter(pk__in=term_ended).update(
                status=LetterStatus.HELD,
                hold_reason=HoldReason.TERM_ENDED,
                last_error=TERM_ENDED_ERROR,
                updated_at=now,
            )
        if without_address:
            Letter.objects.filter(pk__in=without_address).update(
                status=LetterStatus.HELD,
                hold_reason=HoldReason.NO_ADDRESS,
                last_error=NO_ADDRESS_ERROR,
                updated_at=now,
            )
        if not claimed:
            return []
        Letter.objects.filter(pk__in=claimed).update(
            status=LetterStatus.SENDING,
            claimed_by=worker,
            claimed_at=now,
            attempts=F("attempts") + 1,
            updated_at=now,
        )
    return list(
        Letter.objects.filter(pk__in=claimed)
        .select_related("legislator", "submission__supporter")
        .order_by("pk")
    )


def letters_claim(
    *,
    worker: str,
    limit: int = CLAIM_BATCH,
    letter_id: int | None = None,
    submission_id: int | None = None,
) -> list[Letter]:
    """Claim due letters (or only one letter's, or one submission's) for this worker."""
    candidates = Letter.objects.due(timezone.now())
    if letter_id is not None:
        candidates = candidates.filter(pk=letter_id)
    if submission_id is not None:
        candidates = candidates.filter(submission_id=submission_id)
    return _claim(candidates, worker=worker, limit=limit)


# --- sending and recording -------------------------------------------------------


def _send(letter: Letter, connection: BaseEmailBackend | None = None) -> str:
    """Hand one claimed letter to the mail system; returns the provider's message id."""
    message = emails.letter_message(letter, to=letter.legislator.delivery_email)
    try:
        sender = connection.send_messages if connection is not None else _send_alone
        accepted = sender([message])
    except Exception as error:
        if connection is not None:
            # The connection may be half-broken: start afresh for the next letter.
            _close_quietly(connection)
        raise classify_error(error) from error
    if not accepted:
        raise DeliveryError("the mail system accepted nothing", temporary=True)
    status = getattr(message, "anymail_status", None)
    provider_id = getattr(status, "message_id", None) if status is not None else None
    return letter.message_id if provider_id in (None, "") else str(provider_id)


def _record_sent(sent: list[tuple[Letter, str]]) -> None:
    """Mark letters the mail system accepted as sent, in one statement.

    `sent` pairs each letter with the provider's message id. One statement per
    claimed batch rather than per letter: the bookkeeping cost more than the send.
    If the worker dies before this runs, the batch stays "sending" and the sweep
    re-queues it, as for a worker that dies mid-send.
    """
    if not sent:
        return
    now = timezone.now()
    ids = [letter.pk for letter, _provider_id in sent]
    # Queued too: if the sweep re-queued a letter while we were slow, nobody has
    # sent it again yet, and marking it sent now stops a duplicate.
    updated = Letter.objects.filter(
        pk__in=ids, status__in=[LetterStatus.SENDING, LetterStatus.QUEUED]
    ).update(
        status=LetterStatus.SENT,
        sent_at=now,
        sent_to=_per_letter({letter.pk: letter.legislator.delivery_email for letter, _ in sent}),
        provider_message_id=(
            # Over SMTP the provider's id is the letter's own Message-ID.
            F("message_id")
            if all(provider_id == letter.message_id for letter, provider_id in sent)
            else _per_letter({letter.pk: provider_id[:255] for letter, provider_id in sent})
        ),
        last_error="",
        claimed_at=None,
        updated_at=now,
    )
    if updated < len(ids):
        recorded = set(
            Letter.objects.filter(pk__in=ids, status=LetterStatus.SENT, sent_at=now).values_list(
                "pk", flat=True
            )
        )
        for pk in sorted(set(ids) - recorded):
            logger.warning("Letter %s was sent but its status had already changed", pk)


def _per_letter(values: dict[int, str]) -> Value | Case:
    """An expression giving each letter (by pk) its value, with one branch per distinct value."""
    by_value: dict[str, list[int]] = {}
    for pk, value in values.items():
        by_value.setdefault(value, []).append(pk)
    if len(by_value) == 1:
        return Value(next(iter(by_value)))
    return Case(*(When(pk__in=pks, then=Value(value)) for value, pks in by_value.items()))


def _record_failure(letter: Letter, error: DeliveryError) -> str:
    now = timezone.now()
    owned = Letter.objects.filter(
        pk=letter.pk, status=LetterStatus.SENDING, claimed_by=letter.claimed_by
    )
    if error.temporary and letter.attempts < MAX_ATTEMPTS:
        next_attempt = now + retry_delay(letter.attempts)
        updated = owned.update(
            status=LetterStatus.QUEUED,
            next_attempt_at=next_attempt,
            last_error=error.reason[:2000],
            claimed_at=None,
            updated_at=now,
        )
        if updated:
            _wake([letter.pk], run_after=next_attempt)
        logger.info(
            "Letter %s: temporary failure (attempt %s), retry at %s",
            letter.pk,
            letter.attempts,
            next_attempt.isoformat(),
        )
        return LetterStatus.QUEUED
    reason = error.reason
    if error.temporary:
        reason = f"gave up after {letter.attempts} attempts: {reason}"
    owned.update(
        status=LetterStatus.FAILED, last_error=reason[:2000], claimed_at=None, updated_at=now
    )
    logger.warning("Letter %s failed: %s", letter.pk, reason)
    return LetterStatus.FAILED


def _send_alone(messages: list) -> int:
    return sum(message.send() for message in messages)


def _close_quietly(connection: BaseEmailBackend) -> None:
    try:
        connection.close()
    except Exception:  # closing a dead connection may fail; nothing to recover
        logger.debug("Closing the mail connection failed", exc_info=True)


def _deliver_claimed(letters: list[Letter], connection: BaseEmailBackend | None) -> list[Outcome]:
    """Send claimed letters one by one, then record the sent ones together."""
    outcomes: list[Outcome] = []
    sent: list[tuple[Letter, str]] = []
    try:
        for letter in letters:
            if connection is not None and connection.connection is None:
                # Opened lazily, and again after a failure closed it.
                _open_quietly(connection)
            try:
                provider_message_id = _send(letter, connection)
            except DeliveryError as error:
                outcomes.append(Outcome(letter.pk, _record_failure(letter, error)))
                continue
            sent.append((letter, provider_message_id))
            outcomes.append(Outcome(letter.pk, LetterStatus.SENT))
    finally:
        # Whatever stopped the loop, what went out is recorded.
        _record_sent(sent)
    return outcomes


def letter_deliver(*, letter_id: int, worker: str | None = None) -> str:
    """Send one letter if it is due and nobody else has it; returns what became of it."""
    claimed = letters_claim(worker=worker or worker_name(), limit=1, letter_id=letter_id)
    if not claimed:
        return "skipped"
    [outcome] = _deliver_claimed(claimed, None)
    return outcome.status


@contextmanager
def mail_session() -> Iterator[BaseEmailBackend | None]:
    """One open SMTP session for a run of letters (None for other backends).

    A session per letter costs more than the letter. Other backends send each
    message alone, so the file backend still writes one file per letter.
    """
    backend = mailers.default
    if not isinstance(backend, SMTPBackend):
        yield None
        return
    try:
        yield backend
    finally:
        _close_quietly(backend)


def letters_deliver_due(
    *,
    worker: str | None = None,
    limit: int = DUE_RUN_LIMIT,
    submission_id: int | None = None,
    connection: BaseEmailBackend | None = None,
) -> list[Outcome]:
    """Send every due letter, a batch at a time, up to `limit` letters in this run.

    With `submission_id`, that submission's letters go first. With `connection`
    (from `mail_session`), the run shares that session; otherwise it opens its own.
    """
    if connection is None:
        with mail_session() as session:
            return _deliver_due(worker or worker_name(), limit, submission_id, session)
    return _deliver_due(worker or worker_name(), limit, submission_id, connection)


def _deliver_due(
    worker: str, limit: int, submission_id: int | None, connection: BaseEmailBackend | None
) -> list[Outcome]:
    outcomes: list[Outcome] = []
    if submission_id is not None:
        own = letters_claim(worker=worker, limit=limit, submission_id=submission_id)
        outcomes += _deliver_claimed(own, connection)
    while len(outcomes) < limit:
        batch = letters_claim(worker=worker, limit=min(CLAIM_BATCH, limit - len(outcomes)))
        if not batch:
            break
        outcomes += _deliver_claimed(batch, connection)
    return outcomes


def _open_quietly(connection: BaseEmailBackend) -> None:
    # If the server is down, the send that follows raises and is recorded properly.
    try:
        connection.open()
    except Exception:
        logger.debug("Opening the mail connection failed", exc_info=True)


# --- waking workers --------------------------------------------------------------


def _wake(letter_ids: Iterable[int], *, run_after: datetime | None = None) -> None:
    """Enqueue delivery once the current transaction commits (the row is the record)."""
    ids = list(letter_ids)
    if not ids:
        return

    def enqueue() -> None:
        if len(ids) > PER_LETTER_TASKS:
            task = deliver_due_letters
            if run_after is not None:
                task = task.using(run_after=run_after)
            task.enqueue()
            return
        task = deliver_letter
        if run_after is not None:
            task = task.using(run_after=run_after)
        for letter_id in ids:
            task.enqueue(letter_id)

    transaction.on_commit(enqueue)


def letters_wake(*, letter_ids: Iterable[int]) -> None:
    """Ask the workers to deliver these letters (after the current transaction commits)."""
    _wake(letter_ids)


# --- the sweep -------------------------------------------------------------------


def letters_sweep(*, stale_after: timedelta = STALE_AFTER) -> int:
    """Re-queue letters left in "sending" by a worker that died; returns how many."""
    now = timezone.now()
    with transaction.atomic():
        stale = list(
            Letter.objects.filter(status=LetterStatus.SENDING, claimed_at__lt=now - stale_after)
            .select_for_update(skip_locked=True)
            .values_list("pk", "attempts")
        )
        requeue = [pk for pk, attempts in stale if attempts < MAX_ATTEMPTS]
        give_up = [pk for pk, attempts in stale if attempts >= MAX_ATTEMPTS]
        Letter.objects.filter(pk__in=requeue).update(
            status=LetterStatus.QUEUED,
            next_attempt_at=now,
            claimed_at=None,
            last_error="the worker stopped while sending; queued again",
            updated_at=now,
        )
        Letter.objects.filter(pk__in=give_up).update(
            status=LetterStatus.FAILED,
            claimed_at=None,
            last_error=f"gave up after {MAX_ATTEMPTS} attempts: the worker stopped while sending",
            updated_at=now,
        )
        _wake(requeue)
    if stale:
        logger.warning(
            "Sweep re-queued %s stalled letter(s), failed %s", len(requeue), len(give_up)
        )
    return len(requeue)


# --- members leaving office ---------------------------------------------------------


def letters_release_term_ended(*, legislator_ids: Iterable[int] | None = None) -> int:
    """Queue letters held at a term's end whose member is in office again; returns how many.

    A roster import that lists the member with a new term (or staff correcting the
    term) puts them back in office. `legislator_ids` limits it to those members.
    """
    now = timezone.now()
    with transaction.atomic():
        letters = Letter.objects.held_term_ended().filter(
            legislator__in=Legislator.objects.serving(at=now)
        )
        if legislator_ids is not None:
            letters = letters.filter(legislator_id__in=list(legislator_ids))
        ids = list(letters.values_list("pk", flat=True))
        # Still held at the update: a departure may have stopped some meanwhile.
        Letter.objects.held_term_ended().filter(pk__in=ids).update(
            status=LetterStatus.QUEUED,
            hold_reason=HoldReason.NONE,
            next_attempt_at=now,
            last_error="",
            updated_at=now,
        )
        _wake(ids)
    if ids:
        logger.info("Released %s letter(s) held at the end of a term", len(ids))
    return len(ids)


def letters_stop_departed(
    *, legislator_ids: Iterable[int], dry_run: bool = False, why: str = STOPPED_ERROR
) -> dict[int, int]:
    """Stop every undelivered letter to members who left office, or left the seat the
    letters were written to for the other chamber; {legislator_id: count}.

    Runs inside the roster import's transaction. Each supporter whose letters stop
    is told once (a task per batch of submissions, written in the same transaction).
    With `dry_run` it only counts: nothing changes and no email is queued. `why` is
    what staff read on each letter.
    """
    letters = Letter.objects.undelivered().filter(legislator_id__in=list(legislator_ids))
    counts = dict(
        letters.order_by()
        .values("legislator_id")
        .annotate(total=Count("pk"))
        .values_list("legislator_id", "total")
    )
    if dry_run or not counts:
        return counts
    _stop(letters, now=timezone.now(), why=why)
    return counts


def _stop(letters: QuerySet[Letter], *, now: datetime, why: str = STOPPED_ERROR) -> None:
    """Mark letters stopped and queue the notice to their supporters (same transaction)."""
    submission_ids = sorted(set(letters.values_list("submission_id", flat=True)))
    # Still undelivered at the update: a letter a worker has just claimed is on its way,
    # and recording it as stopped would hide that it went out.
    Letter.objects.undelivered().filter(pk__in=list(letters.values_list("pk", flat=True))).update(
        status=LetterStatus.STOPPED,
        hold_reason=HoldReason.NONE,
        last_error=why,
        claimed_at=None,
        updated_at=now,
    )
    for start in range(0, len(submission_ids), NOTICE_BATCH):
        send_stopped_notices.enqueue(submission_ids[start : start + NOTICE_BATCH])


def seat_holder(member: Legislator, *, at: datetime) -> Legislator | None:
    """Who holds `member`'s seat at `at`: the same state, chamber and district or class."""
    holders = Legislator.objects.serving(at=at).filter(state=member.state, chamber=member.chamber)
    if member.chamber == Chamber.SENATE:
        if member.senate_class is None:
            return None  # which of the state's two seats is unknown
        holders = holders.filter(senate_class=member.senate_class)
    else:
        holders = holders.filter(district=member.district)
    return holders.exclude(pk=member.pk).order_by("-term_start", "pk").first()


def stopped_notices_send(*, submission_ids: Iterable[int]) -> int:
    """Tell supporters that letters of theirs were stopped; returns how many emails went out.

    One email per supporter covers all their listed submissions, and a submission is
    only ever covered once, so letters stopped by a later import bring no second
    email. The submissions are marked before sending (two workers never both send)
    and unmarked if sending fails, so the sweep tries again. Submissions still
    waiting for the supporter to confirm their address are left alone: that address
    was never confirmed.
    """
    submissions = list(
        LetterSubmission.objects.filter(
            pk__in=list(submission_ids),
            stopped_notice_sent_at__isnull=True,
            letters__status=LetterStatus.STOPPED,
        )
        .exclude(confirmation=ConfirmationState.PENDING)
        .distinct()
        .select_related("supporter", "campaign")
        .order_by("-created_at", "-pk")
    )
    by_supporter: dict[int, list[LetterSubmission]] = {}
    for submission in submissions:
        by_supporter.setdefault(submission.supporter_id, []).append(submission)
    sent = 0
    for group in by_supporter.values():
        now = timezone.now()
        with transaction.atomic():
            claimed = set(
                LetterSubmission.objects.select_for_update()
                .filter(pk__in=[s.pk for s in group], stopped_notice_sent_at__isnull=True)
                .values_list("pk", flat=True)
            )
            LetterSubmission.objects.filter(pk__in=claimed).update(stopped_notice_sent_at=now)
        group = [submission for submission in group if submission.pk in claimed]
        if not group:
            continue
        try:
            _send_stopped_notice(group, at=now)
        except Exception:
            LetterSubmission.objects.filter(pk__in=claimed).update(stopped_notice_sent_at=None)
            logger.exception(
                "The notice of stopped letters to supporter %s failed", group[0].supporter_id
            )
            continue
        sent += 1
    return sent


def _send_stopped_notice(group: list[LetterSubmission], *, at: datetime) -> None:
    newest = group[0]
    stopped = (
        Letter.objects.filter(submission__in=group, status=LetterStatus.STOPPED)
        .select_related("legislator")
        .order_by("legislator__chamber", "legislator__state", "legislator__district", "pk")
    )
    members: dict[int, Legislator] = {}
    moved: set[int] = set()
    for letter in stopped:
        members.setdefault(letter.legislator_id, letter.legislator)
        if letter.last_error == MOVED_ERROR:
            moved.add(letter.legislator_id)
    # A member who moved to the other chamber holds a new seat: the /write/ link finds
    # the supporter's members now, so no holder of the old seat is named.
    departures = [
        emails.Departure(
            member=member,
            successor=None if pk in moved else seat_holder(member, at=at),
            moved=pk in moved,
        )
        for pk, member in members.items()
    ]
    query = {"zip": newest.zip_code[:5]}
    if newest.campaign.is_open:
        query["campaign"] = newest.campaign.slug
    language = emails.submission_language(newest)
    with translation.override(language):
        write_url = absolute(f"{reverse('letters:write')}?{urlencode(query)}")
    emails.letters_stopped(
        to=newest.supporter.email,
        first_name=newest.first_name,
        departures=departures,
        write_url=write_url,
        language=language,
    )


def stopped_notices_resend(*, older_than: timedelta, within: timedelta) -> int:
    """Queue the notices that have not gone out (their task failed or was lost)."""
    now = timezone.now()
    ids = list(
        LetterSubmission.objects.filter(
            stopped_notice_sent_at__isnull=True,
            letters__status=LetterStatus.STOPPED,
            letters__updated_at__lt=now - older_than,
            letters__updated_at__gt=now - within,
        )
        .exclude(confirmation=ConfirmationState.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )
    for start in range(0, len(ids), NOTICE_BATCH):
        send_stopped_notices.enqueue(ids[start : start + NOTICE_BATCH])
    return len(ids)


# --- held letters and staff actions ------------------------------------------------


def letters_release_held(*, legislator_id: int) -> int:
    """Queue every letter held for want of this office's address, if it has one now."""
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            Letter.objects.held_without_address()
            .filter(legislator_id=legislator_id)
            .exclude(legislator__delivery_email="")
            .values_list("pk", flat=True)
        )
        Letter.objects.filter(pk__in=ids).update(
            status=LetterStatus.QUEUED,
            hold_reason=HoldReason.NONE,
            next_attempt_at=now,
            last_error="",
            updated_at=now,
        )
        _wake(ids)
    if ids:
        logger.info("Released %s held letter(s) for legislator %s", len(ids), legislator_id)
    return len(ids)


def letters_retry(*, letter_ids: Iterable[int]) -> int:
    """Queue failed, held or cancelled letters again, with a fresh set of attempts.

    Letters that were ever sent are left alone: a sent letter is never sent twice.
    Stopped letters too: their member has left office.
    """
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            Letter.objects.filter(
                pk__in=list(letter_ids),
                status__in=LETTER_RETRYABLE_STATUSES,
                sent_at__isnull=True,
            ).values_list("pk", flat=True)
        )
        Letter.objects.filter(pk__in=ids).update(
            status=LetterStatus.QUEUED,
            hold_reason=HoldReason.NONE,
            attempts=0,
            next_attempt_at=now,
            last_error="",
            updated_at=now,
        )
        _wake(ids)
    return len(ids)


def letters_hold(*, letter_ids: Iterable[int]) -> int:
    """Stop queued or failed letters from going out until staff retry them."""
    return Letter.objects.filter(
        pk__in=list(letter_ids), status__in=[LetterStatus.QUEUED, LetterStatus.FAILED]
    ).update(status=LetterStatus.HELD, hold_reason=HoldReason.STAFF, updated_at=timezone.now())


def letters_cancel(*, letter_ids: Iterable[int]) -> int:
    """Cancel letters that have not gone out; sent ones stay as they are."""
    return Letter.objects.filter(
        pk__in=list(letter_ids),
        status__in=[LetterStatus.QUEUED, LetterStatus.HELD, LetterStatus.FAILED],
    ).update(status=LetterStatus.CANCELLED, hold_reason=HoldReason.NONE, updated_at=timezone.now())


# --- provider tracking -------------------------------------------------------------

# Anymail event type -> letter status. Later reports win except that "delivered"
# never hides an earlier bounce or complaint.
_TRACKED = {
    "delivered": LetterStatus.DELIVERED,
    "bounced": LetterStatus.BOUNCED,
    "rejected": LetterStatus.BOUNCED,
    "complained": LetterStatus.COMPLAINED,
}


def letter_track(
    *, event_type: str, message_id: str, timestamp: datetime | None = None, description: str = ""
) -> int:
    """Apply a provider's delivery report to the letter it names; returns letters changed."""
    status = _TRACKED.get(event_type)
    if status is None or not message_id:
        return 0
    bare = message_id.strip().strip("<>")
    letters = Letter.objects.filter(status__in=LETTER_SENT_STATUSES).filter(
        provider_message_id__in={message_id, bare, f"<{bare}>"}
    ) | Letter.objects.filter(status__in=LETTER_SENT_STATUSES).filter(
        message_id__in={message_id, f"<{bare}>"}
    )
    if status == LetterStatus.DELIVERED:
        letters = letters.filter(status=LetterStatus.SENT)
    now = timezone.now()
    # The provider's own time when it is a usable one: aware and not ahead of ours.
    usable = isinstance(timestamp, datetime) and timezone.is_aware(timestamp)
    changes: dict = {"status": status, "tracked_at": min(timestamp, now) if usable else now}
    if status != LetterStatus.DELIVERED:
        changes["last_error"] = (description or event_type)[:2000]
    return Letter.objects.filter(pk__in=list(letters.values_list("pk", flat=True))).update(
        **changes, updated_at=now
    )


# --- tasks: wake-up calls that take ids; the letter rows are the record ---------------


@task
def deliver_letter(letter_id: int) -> str:
    """Deliver one letter (retries and staff actions wake this)."""
    return letter_deliver(letter_id=letter_id)


@task
def send_stopped_notices(submission_ids: list[int]) -> int:
    """Tell the supporters behind these submissions that letters of theirs were stopped."""
    return stopped_notices_send(submission_ids=submission_ids)


@task
def deliver_due_letters() -> int:
    """Deliver what is due, handing over to a fresh task when the run limit is reached."""
    outcomes = letters_deliver_due()
    if len(outcomes) >= DUE_RUN_LIMIT:
        # More may be waiting: hand over to a fresh task so other work gets a turn.
        deliver_due_letters.enqueue()
    return len(outcomes)
