"""Workflows with side effects for letter campaigns, submissions and letters.

Views, forms, admin and commands call these functions; they hold the rules.
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from time import monotonic

from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.tasks import TaskResultStatus, task
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from core.mail import message_id
from core.placeholders import PlaceholderValues, fill
from legislators.models import Bill, Cosponsorship, Legislator, Stance
from legislators.services import stances_for
from letters import delivery, emails
from letters.models import (
    NO_ADDRESS_ERROR,
    ConfirmationState,
    HoldReason,
    Letter,
    LetterCampaign,
    LetterStatus,
    LetterSubmission,
)
from supporters import lists
from supporters.models import EmailList, Supporter
from supporters.services import supporter_get_or_create

logger = logging.getLogger(__name__)

# Longest letter text a supporter may send (before the signature block we add).
MAX_LETTER_LENGTH = 5000


class NobodyInOffice(ValueError):
    """Every member the supporter was writing to has left office (a term just ended)."""


@dataclass(frozen=True)
class LetterDraft:
    """One letter as the supporter approved it, before the signature is added."""

    legislator: Legislator
    stance: str
    subject: str
    text: str


@dataclass(frozen=True)
class Constituent:
    """Who is writing: name, email and the postal address offices need."""

    email: str
    first_name: str
    last_name: str
    street: str
    city: str
    state: str
    zip_code: str
    street_2: str = ""
    phone: str = ""


def letter_drafts(
    *,
    campaign: LetterCampaign,
    legislators: Sequence[Legislator],
    stances: dict[int, str],
    first_name: str,
    last_name: str,
    city: str,
    state: str,
) -> list[LetterDraft]:
    """The campaign's draft for each member, by stance (see `LetterCampaign.draft_for`).

    Thanks for (co)sponsors, "sign on again" for cosponsors of an earlier version,
    the ask otherwise.
    """
    drafts = []
    for legislator in legislators:
        stance = stances.get(legislator.pk, Stance.NOT_COSPONSOR)
        subject, body = campaign.draft_for(stance)
        values = PlaceholderValues.for_letter(
            legislator=legislator,
            first_name=first_name,
            last_name=last_name,
            city=city,
            state=state,
        )
        drafts.append(
            LetterDraft(
                legislator=legislator,
                stance=stance,
                subject=fill(subject, values),
                text=fill(body, values),
            )
        )
    return drafts


def stances_for_letters(
    *, legislators: Sequence[Legislator], campaign: LetterCampaign | None = None
) -> dict[int, str]:
    """Each member's stance on the campaign's bill (else the current bill); {} without one.

    A member who is not on the bill but sponsored or cosponsored an earlier version
    of it (the same family in an earlier Congress, either chamber's bill) is
    "past_cosponsor".
    """
    bill = (campaign.bill if campaign is not None else None) or Bill.objects.current()
    if bill is None:
        return {}
    stances = stances_for(bill=bill, legislators=legislators)
    asked = [pk for pk, stance in stances.items() if stance == Stance.NOT_COSPONSOR]
    if asked and bill.family_id is not None:
        for pk in _backed_earlier_versions(bill=bill, legislator_ids=asked):
            stances[pk] = Stance.PAST_COSPONSOR
    return stances


def _backed_earlier_versions(*, bill: Bill, legislator_ids: list[int]) -> set[int]:
    """Which of these members sponsored or cosponsored an earlier version of `bill` (2 queries)."""
    earlier = Bill.objects.filter(family_id=bill.family_id, congress__lt=bill.congress)
    bill_ids: set[int] = set()
    backed: set[int] = set()
    wanted = set(legislator_ids)
    # A version's companion counts as that version even if it was never put in the family.
    for values in earlier.values_list("pk", "sponsor_id", "companion_id", "companion__sponsor_id"):
        pk, sponsor_id, companion_id, companion_sponsor_id = values
        bill_ids.update(filter(None, (pk, companion_id)))
        backed.update({sponsor_id, companion_sponsor_id} & wanted)
    if bill_ids:
        backed.update(
            Cosponsorship.objects.active()
            .filter(bill_id__in=bill_ids, legislator_id__in=legislator_ids)
            .values_list("legislator_id", flat=True)
        )
    return backed


def _message_id() -> str:
    return message_id("letter")


def submission_dedupe_key(*, campaign: LetterCampaign, supporter: Supporter) -> str:
    return f"{campaign.pk}:{supporter.pk}:{timezone.localdate().isoformat()}"


def _supporter_for(constituent: Constituent) -> Supporter:
    supporter, _created = supporter_get_or_create(
        email=constituent.email,
        first_name=constituent.first_name,
        last_name=constituent.last_name,
        zip_code=constituent.zip_code[:5],
    )
    return supporter


def submission_create(
    *,
    campaign: LetterCampaign,
    constituent: Constituent,
    drafts: Sequence[LetterDraft],
    email_lists: Sequence[str] = (),
) -> tuple[LetterSubmission, bool]:
    """Record one supporter's letters, one per office, and queue them for delivery.

    Returns (submission, created). Writing again to the same campaign on the same
    day returns the first submission untouched, so double clicks, the back button
    and second visits never send duplicate letters. No letter is written to a member
    out of office (a term that ended at noon Eastern counts, before any roster
    import); raises NobodyInOffice when that leaves no letter at all. The email lists
    ticked are joined when the address is confirmed (at once when the campaign asks
    for no confirmation).
    """
    email_lists = [value for value in EmailList.values if value in set(email_lists)]
    if not drafts:
        raise ValueError("A submission needs at least one letter.")
    for draft in drafts:
        if len(draft.text) > MAX_LETTER_LENGTH:
            raise ValueError("Letter text is too long.")
    in_office = set(
        Legislator.objects.serving(at=timezone.now())
        .filter(pk__in=[draft.legislator.pk for draft in drafts])
        .values_list("pk", flat=True)
    )
    drafts = [draft for draft in drafts if draft.legislator.pk in in_office]
    if not drafts:
        raise NobodyInOffice("Every member written to has left office.")
    with transaction.atomic():
        supporter = _supporter_for(constituent)
        key = submission_dedupe_key(campaign=campaign, supporter=supporter)
        existing = LetterSubmission.objects.filter(dedupe_key=key).first()
        if existing is not None:
            return existing, False
        pending = campaign.require_confirmation
        try:
            with transaction.atomic():
                submission = LetterSubmission.objects.create(
                    campaign=campaign,
                    supporter=supporter,
                    first_name=constituent.first_name,
                    last_name=constituent.last_name,
                    street=constituent.street,
                    street_2=constituent.street_2,
                    city=constituent.city,
                    state=constituent.state,
                    zip_code=constituent.zip_code,
                    phone=constituent.phone,
                    lists_requested=",".join(email_lists),
                    # The language of this request: later emails (the notice of stopped
                    # letters) are written in it.
                    language=translation.get_language() or "",
                    confirmation=(
                        ConfirmationState.PENDING if pending else ConfirmationState.NOT_NEEDED
                    ),
                    dedupe_key=key,
                )
        except IntegrityError:
            # A simultaneous request (a double click) won the race.
            return LetterSubmission.objects.get(dedupe_key=key), False
        signer = emails.LetterSigner.from_submission(submission)
        letters = []
        for draft in drafts:
            if pending:
                status, reason = LetterStatus.HELD, HoldReason.UNCONFIRMED
            elif not draft.legislator.delivery_email:
                status, reason = LetterStatus.HELD, HoldReason.NO_ADDRESS
            else:
                status, reason = LetterStatus.QUEUED, HoldReason.NONE
            letters.append(
                Letter(
                    submission=submission,
                    legislator=draft.legislator,
                    stance=draft.stance,
                    subject=emails.clean_header_text(draft.subject, max_length=255),
                    body=emails.letter_body(text=draft.text, signer=signer),
                    status=status,
                    hold_reason=reason,
                    last_error=NO_ADDRESS_ERROR if reason == HoldReason.NO_ADDRESS else "",
                    message_id=_message_id(),
                )
            )
        Letter.objects.bulk_create(letters)
        if not pending:
            _join_lists(submission=submission)
        # One task per submission, written in this transaction so it exists exactly
        # when the letters do: it sends them and then the supporter's copy.
        deliver_submission.enqueue(submission.pk)
        transaction.on_commit(sweep_ensure)
    return submission, True


def submission_deliver(*, submission_id: int) -> dict[str, int]:
    """Send a submission's letters, then anything else due, then the supporter's copy.

    All over one mail session. The letters go first: the copy is a courtesy, and if
    it fails the sweep sends it again later. Returns letters by outcome and whether
    the copy went out now.
    """
    with delivery.mail_session() as connection:
        outcomes = delivery.letters_deliver_due(submission_id=submission_id, connection=connection)
        copied = submission_copy_send(submission_id=submission_id, connection=connection)
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    return counts | {"copy": int(copied)}


def submission_copy_send(*, submission_id: int, connection: BaseEmailBackend | None = None) -> bool:
    """Email the supporter their copies once; returns False if it was already sent.

    The row is marked before sending (so two workers never both send) and unmarked
    if sending fails, so the sweep tries again later.
    """
    claimed = LetterSubmission.objects.filter(pk=submission_id, copy_sent_at__isnull=True).update(
        copy_sent_at=timezone.now()
    )
    if not claimed:
        return False
    submission = LetterSubmission.objects.select_related("supporter", "campaign").get(
        pk=submission_id
    )
    try:
        emails.submission_copy(submission, connection=connection)
    except Exception:
        LetterSubmission.objects.filter(pk=submission_id).update(copy_sent_at=None)
        raise
    return True


def submission_copies_resend(*, older_than: timedelta, within: timedelta) -> int:
    """Queue the copies that have not gone out (their task failed or was lost)."""
    now = timezone.now()
    ids = list(
        LetterSubmission.objects.filter(
            copy_sent_at__isnull=True,
            created_at__lt=now - older_than,
            created_at__gt=now - within,
        ).values_list("pk", flat=True)
    )
    for submission_id in ids:
        send_submission_copy.enqueue(submission_id)
    return len(ids)


def _join_lists(*, submission: LetterSubmission) -> None:
    for email_list in submission.lists_requested.split(","):
        if email_list in EmailList.values:
            lists.consent_give(
                supporter=submission.supporter, email_list=email_list, source=lists.SOURCE_LETTER
            )


def submission_confirm(*, submission: LetterSubmission) -> int:
    """The supporter confirmed their email: queue their held letters; returns how many."""
    now = timezone.now()
    with transaction.atomic():
        updated = LetterSubmission.objects.filter(
            pk=submission.pk, confirmation=ConfirmationState.PENDING
        ).update(confirmation=ConfirmationState.CONFIRMED, confirmed_at=now)
        if not updated:
            return 0
        submission.refresh_from_db(fields=["lists_requested"])
        _join_lists(submission=submission)
        waiting = Letter.objects.filter(
            submission=submission, status=LetterStatus.HELD, hold_reason=HoldReason.UNCONFIRMED
        )
        waiting.filter(legislator__delivery_email="").update(
            hold_reason=HoldReason.NO_ADDRESS, last_error=NO_ADDRESS_ERROR, updated_at=now
        )
        ids = list(waiting.values_list("pk", flat=True))
        Letter.objects.filter(pk__in=ids).update(
            status=LetterStatus.QUEUED, hold_reason=HoldReason.NONE, next_attempt_at=now
        )
        delivery.letters_wake(letter_ids=ids)
    return len(ids)


def letter_counts_by_legislator(
    *, campaign: LetterCampaign | None = None
) -> dict[int, dict[str, int]]:
    """Letters per office and status: {legislator_id: {"sent": 3, "held": 1, ...}}."""
    letters = Letter.objects.all()
    if campaign is not None:
        letters = letters.filter(submission__campaign=campaign)
    counts: dict[int, dict[str, int]] = {}
    rows = letters.order_by().values("legislator_id", "status").annotate(total=Count("pk"))
    for row in rows:
        counts.setdefault(row["legislator_id"], {})[row["status"]] = row["total"]
    return counts


OFFICE_EXPORT_COLUMNS = [
    "written_at",
    "campaign",
    "status",
    "first_name",
    "last_name",
    "street",
    "street_2",
    "city",
    "state",
    "zip_code",
    "phone",
    "email",
    "subject",
    "body",
]


def letters_for_office(
    *, legislator_id: int, campaign: LetterCampaign | None = None
) -> list[list[object]]:
    """Rows of OFFICE_EXPORT_COLUMNS for every letter to one office (not cancelled or stopped).

    Stopped letters stay out: the member left office, and staff delivering by hand
    must not carry them to whoever holds the office now.
    """
    letters = (
        Letter.objects.filter(legislator_id=legislator_id)
        .exclude(status__in=[LetterStatus.CANCELLED, LetterStatus.STOPPED])
        .select_related("submission__campaign", "submission__supporter")
        .order_by("created_at", "pk")
    )
    if campaign is not None:
        letters = letters.filter(submission__campaign=campaign)
    rows = []
    for letter in letters:
        submission = letter.submission
        rows.append(
            [
                timezone.localtime(letter.created_at).isoformat(timespec="minutes"),
                submission.campaign.title,
                letter.status,
                submission.first_name,
                submission.last_name,
                submission.street,
                submission.street_2,
                submission.city,
                submission.state,
                submission.zip_code,
                submission.phone,
                submission.supporter.email,
                letter.subject,
                letter.body,
            ]
        )
    return rows


DEMO_CAMPAIGN_SLUG = "keep-call-centers-in-america"


@dataclass(frozen=True)
class LettersDemoReport:
    campaign: LetterCampaign
    campaign_created: bool
    addresses_added: int
    letters_released: int


def letters_demo_load(*, office_addresses: bool = True) -> LettersDemoReport:
    """Demo letter campaign plus example.org delivery addresses for offices that have none.

    The addresses are on the reserved example.org domain, so nothing reaches a real
    office; a real address entered by staff is never replaced. Idempotent.
    """
    campaign, created = LetterCampaign.objects.get_or_create(
        slug=DEMO_CAMPAIGN_SLUG,
        defaults={
            "title": "Write to Congress: keep call center jobs in America",
            "intro": (
                "Call center work keeps families and towns going. Ask your senators and your "
                "representative to back the Keep Call Centers in America Act, or thank them "
                "if they already do. It takes two minutes, and every office counts the letters "
                "it gets from home."
            ),
            "targets": "both",
            "ask_subject": "Please cosponsor the Keep Call Centers in America Act",
            "ask_body": (
                "Dear {lawmaker_title} {lawmaker_last_name},\n\n"
                "I live in {city}, {state}, and I am writing to ask you to cosponsor the Keep "
                "Call Centers in America Act.\n\n"
                "When a company moves its call center overseas, a town loses steady jobs and "
                "callers lose the right to know who they are talking to. The bill asks "
                "offshore call centers to say where they are, lets any caller ask for an agent "
                "in the United States, and keeps federal grants and loans away from companies "
                "that send this work abroad.\n\n"
                "Please add your name to the bill and let me know where you stand.\n\n"
                "Sincerely,"
            ),
            "thanks_subject": "Thank you for cosponsoring the Keep Call Centers in America Act",
            "thanks_body": (
                "Dear {lawmaker_title} {lawmaker_last_name},\n\n"
                "Thank you for cosponsoring the Keep Call Centers in America Act. As your "
                "constituent in {city}, {state}, I am grateful that you stand with the people "
                "who answer our calls.\n\n"
                "Please keep pushing to bring the bill to a vote.\n\n"
                "Sincerely,"
            ),
        },
    )
    added = released = 0
    if office_addresses:
        missing = Legislator.objects.serving().filter(delivery_email="")
        for legislator in missing:
            legislator.delivery_email = f"office-{legislator.bioguide_id.lower()}@example.org"
        Legislator.objects.bulk_update(missing, ["delivery_email"], batch_size=500)
        added = len(missing)
        # bulk_update sends no signals, so release held letters here.
        for legislator in missing:
            released += delivery.letters_release_held(legislator_id=legislator.pk)
    return LettersDemoReport(
        campaign=campaign,
        campaign_created=created,
        addresses_added=added,
        letters_released=released,
    )


# --- tasks and the sweep: wake-up calls that take ids; the rows are the record --------

SWEEP_INTERVAL = timedelta(minutes=1)
# Supporters' copies that failed are tried again by the sweep for this long.
COPY_RETRY_WINDOW = timedelta(days=2)


@task
def deliver_submission(submission_id: int) -> dict[str, int]:
    """A new submission: its letters, anything else due, then the supporter's copy."""
    return submission_deliver(submission_id=submission_id)


@task
def sweep_letters() -> dict[str, int]:
    """Re-queue stalled letters, send anything due, then schedule the next sweep.

    Each run enqueues the next one SWEEP_INTERVAL later unless another sweep is
    already waiting, so the chain stays single even if it was started twice.
    """
    requeued = delivery.letters_sweep()
    # Normally done by the roster import itself; this catches members put back in office
    # some other way (a term corrected in bulk).
    released = delivery.letters_release_term_ended()
    sent = len(delivery.letters_deliver_due())
    copies = submission_copies_resend(older_than=delivery.STALE_AFTER, within=COPY_RETRY_WINDOW)
    notices = delivery.stopped_notices_resend(
        older_than=delivery.STALE_AFTER, within=COPY_RETRY_WINDOW
    )
    sweep_schedule(delay=SWEEP_INTERVAL)
    return {
        "requeued": requeued,
        "released": released,
        "delivered": sent,
        "copies": copies,
        "notices": notices,
    }


# Queued by the sweep for copies that did not go out.
@task
def send_submission_copy(submission_id: int) -> bool:
    return submission_copy_send(submission_id=submission_id)


def sweep_pending() -> bool:
    """Whether a sweep is already waiting in the task queue."""
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
