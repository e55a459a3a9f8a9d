"""Background work for petitions and letters. Tasks take ids and call a service."""

from datetime import timedelta
from time import monotonic

from django.tasks import TaskResultStatus, task
from django.utils import timezone

from petitions import delivery, emails
from petitions.models import Signature

# The sweep runs about once a minute while anything is scheduled; see `sweep_letters`.


@task
def send_signature_confirmation(*, signature_id: int) -> None:
    """Email the confirmation link for one signature (skipped once it is confirmed or gone)."""
    signature = (
        Signature.objects.select_related("petition", "supporter").filter(pk=signature_id).first()
    )
    if signature is None or signature.is_confirmed:
        return
    emails.signature_confirmation(signature=signature)


SWEEP_INTERVAL = timedelta(minutes=1)
# Supporters' copies that failed are tried again by the sweep for this long.
COPY_RETRY_WINDOW = timedelta(days=2)


@task
def deliver_submission(submission_id: int) -> dict[str, int]:
    """A new submission: its letters, anything else due, then the supporter's copy."""
    from petitions import services

    return services.submission_deliver(submission_id=submission_id)


# Still woken for retries and staff actions, and queued by earlier versions.
@task
def deliver_letter(letter_id: int) -> str:
    return delivery.letter_deliver(letter_id=letter_id)


@task
def deliver_due_letters() -> int:
    outcomes = delivery.letters_deliver_due()
    if len(outcomes) >= delivery.DUE_RUN_LIMIT:
        # More may be waiting: hand over to a fresh task so other work gets a turn.
        deliver_due_letters.enqueue()
    return len(outcomes)


@task
def sweep_letters() -> dict[str, int]:
    """Re-queue stalled letters, send anything due, then schedule the next sweep.

    Each run enqueues the next one SWEEP_INTERVAL later unless another sweep is
    already waiting, so the chain stays single even if it was started twice.
    """
    from petitions import services

    requeued = delivery.letters_sweep()
    sent = len(delivery.letters_deliver_due())
    copies = services.submission_copies_resend(
        older_than=delivery.STALE_AFTER, within=COPY_RETRY_WINDOW
    )
    sweep_schedule(delay=SWEEP_INTERVAL)
    return {"requeued": requeued, "delivered": sent, "copies": copies}


# Queued by the sweep for copies that did not go out, and by earlier versions.
@task
def send_submission_copy(submission_id: int) -> bool:
    from petitions import services

    return services.submission_copy_send(submission_id=submission_id)


def sweep_pending() -> bool:
    """Whether a sweep is already waiting in the task queue."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=sweep_letters.module_path, status=TaskResultStatus.READY
    ).exists()


def sweep_schedule(*, delay: timedelta = timedelta(0)) -> bool:
    """Enqueue a sweep `delay` from now unless one is waiting; returns whether it did."""
    if sweep_pending():
        return False
    sweep_letters.using(run_after=timezone.now() + delay).enqueue()
    return True


# When this process last saw a sweep waiting (monotonic seconds); see `sweep_ensure`.
_sweep_seen_at: float | None = None


def sweep_ensure() -> None:
    """Start the sweep chain if it is not running, checking at most once a SWEEP_INTERVAL.

    Every letter submission calls this. The sweep renews itself, so the check only
    matters if the chain broke; looking for it on every submission would scan the
    whole waiting queue each time, just when the queue is longest.
    """
    global _sweep_seen_at
    now = monotonic()
    if _sweep_seen_at is not None and now - _sweep_seen_at < SWEEP_INTERVAL.total_seconds():
        return
    sweep_schedule(delay=SWEEP_INTERVAL)
    _sweep_seen_at = now
