"""Letters go to a real SMTP server: headers, body, copies, retries, failures, holds, sweep."""

import datetime as dt
from email.utils import parseaddr

import pytest
import time_machine
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone

from legislators.models import Stance
from letters import delivery
from letters.models import HoldReason, Letter, LetterStatus, LetterSubmission
from letters.services import Constituent, LetterDraft, submission_create
from tests.letters.factories import LetterCampaignFactory
from tests.petitions.factories import LegislatorFactory, SenatorFactory

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def constituent(**overrides) -> Constituent:
    values = {
        "email": "alex.rivera@example.com",
        "first_name": "Alex",
        "last_name": "Rivera",
        "street": "1 Main St",
        "street_2": "Apt 2",
        "city": "Columbus",
        "state": "OH",
        "zip_code": "43215",
        "phone": "614-555-0123",
    }
    return Constituent(**(values | overrides))


def submit(*legislators, campaign=None, stance=Stance.NOT_COSPONSOR, **overrides):
    campaign = campaign or LetterCampaignFactory()
    drafts = [
        LetterDraft(
            legislator=member,
            stance=stance,
            subject="Please cosponsor the Keep Call Centers in America Act",
            text=f"Dear {member.title} {member.last_name},\n\nPlease cosponsor the bill.",
        )
        for member in legislators
    ]
    submission, created = submission_create(
        campaign=campaign, constituent=constituent(**overrides), drafts=drafts
    )
    assert created
    return submission


def test_letter_reaches_the_office_with_the_right_headers_and_body(smtp_server, settings):
    settings.CAMPAIGN_NAME = "Press One"
    settings.DEFAULT_FROM_EMAIL = "Press One <campaign@example.org>"
    member = LegislatorFactory(bioguide_id="R000001", last_name="Osei")
    submission = submit(member)
    letter = submission.letters.get()

    run_worker()

    letter.refresh_from_db()
    assert letter.status == LetterStatus.SENT
    assert letter.attempts == 1
    assert letter.sent_to == "office-r000001@example.org"
    [message] = smtp_server.messages_to("office-r000001@example.org")
    assert message["From"].addresses[0].display_name == "Alex Rivera via Press One"
    assert message["From"].addresses[0].addr_spec == "campaign@example.org"
    assert parseaddr(str(message["Reply-To"]))[1] == "alex.rivera@example.com"
    assert str(message["To"]) == "office-r000001@example.org"
    assert message["Message-ID"] == letter.message_id
    assert message["Subject"] == "Please cosponsor the Keep Call Centers in America Act"
    assert message.get_content_type() == "text/plain"
    body = message.get_content()
    assert body.startswith("Dear Rep. Osei,")
    for line in ["Alex Rivera", "1 Main St", "Apt 2", "Columbus, OH 43215", "614-555-0123"]:
        assert line in body
    assert body.replace("\r\n", "\n") == letter.body
    # The envelope sender is the campaign's too, never the supporter's.
    assert smtp_server.handler.envelopes[-1].mail_from == "campaign@example.org"


def test_supporter_gets_one_copy_of_every_letter(smtp_server):
    senator = SenatorFactory(last_name="Okafor")
    rep = LegislatorFactory(last_name="Osei")
    submit(senator, rep)

    run_worker()
    run_worker()

    [copy] = smtp_server.messages_to("alex.rivera@example.com")
    text = copy.get_body(("plain",)).get_content()
    assert "Dear Sen. Okafor," in text
    assert "Dear Rep. Osei," in text
    assert "202-555-0100" in text
    assert copy.get_body(("html",)) is not None
    assert LetterSubmission.objects.get().copy_sent_at is not None
    assert len(smtp_server.messages) == 3


def test_names_with_line_breaks_cannot_inject_headers(smtp_server):
    member = LegislatorFactory()
    submission = submit(
        member,
        first_name="Eve\r\nBcc: victim@example.net",
        last_name="X\nSubject: spam",
    )
    letter = submission.letters.get()

    assert delivery.letter_deliver(letter_id=letter.pk) == LetterStatus.SENT

    [envelope] = smtp_server.handler.envelopes
    assert envelope.rcpt_tos == [member.delivery_email]
    [message] = smtp_server.messages
    assert message["Bcc"] is None
    assert message.get_all("Subject") == ["Please cosponsor the Keep Call Centers in America Act"]
    assert "\n" not in str(message["From"])
    assert message["From"].addresses[0].addr_spec == "campaign@example.org"


def test_smtp_down_then_back_delivers_exactly_once(smtp_server):
    member = LegislatorFactory()
    letter = submit(member).letters.get()
    smtp_server.stop()

    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert delivery.letter_deliver(letter_id=letter.pk) == LetterStatus.QUEUED
        letter.refresh_from_db()
        assert letter.attempts == 1
        assert "Connection" in letter.last_error or "refused" in letter.last_error.lower()
        assert letter.next_attempt_at == timezone.now() + dt.timedelta(minutes=1)

        # Not due yet: nobody sends it early.
        assert delivery.letter_deliver(letter_id=letter.pk) == "skipped"

        clock.shift(dt.timedelta(minutes=1))
        assert delivery.letter_deliver(letter_id=letter.pk) == LetterStatus.QUEUED
        letter.refresh_from_db()
        assert letter.attempts == 2
        assert letter.next_attempt_at == timezone.now() + dt.timedelta(minutes=2)

        smtp_server.start()
        clock.shift(dt.timedelta(minutes=2))
        run_worker()
        letter.refresh_from_db()
        assert letter.status == LetterStatus.SENT

        clock.shift(dt.timedelta(hours=1))
        run_worker()
        call_command("letters_sweep", verbosity=0)

    assert len(smtp_server.messages_to(member.delivery_email)) == 1
    assert delivery.letter_deliver(letter_id=letter.pk) == "skipped"


def test_4xx_is_retried_with_backoff_then_delivered(smtp_server):
    member = LegislatorFactory()
    letter = submit(member).letters.get()
    smtp_server.handler.reply = "451 4.3.0 Mailbox busy, try later"

    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert delivery.letter_deliver(letter_id=letter.pk) == LetterStatus.QUEUED
        letter.refresh_from_db()
        assert letter.status == LetterStatus.QUEUED
        assert letter.last_error.startswith("SMTP 451")
        clock.shift(dt.timedelta(minutes=1))
        assert delivery.letter_deliver(letter_id=letter.pk) == LetterStatus.QUEUED

        smtp_server.handler.reply = None
        clock.shift(dt.timedelta(minutes=2))
        assert delivery.letter_deliver(letter_id=letter.pk) == LetterStatus.SENT

    letter.refresh_from_db()
    assert letter.attempts == 3
    assert smtp_server.handler.refused == 2
    assert len(smtp_server.messages_to(member.delivery_email)) == 1


def test_temporary_failures_give_up_after_the_limit(smtp_server, monkeypatch):
    monkeypatch.setattr(delivery, "MAX_ATTEMPTS", 3)
    letter = submit(LegislatorFactory()).letters.get()
    smtp_server.handler.reply = "421 4.7.0 Too many connections"

    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _attempt in range(3):
            delivery.letter_deliver(letter_id=letter.pk)
            clock.shift(dt.timedelta(hours=7))

    letter.refresh_from_db()
    assert letter.status == LetterStatus.FAILED
    assert letter.attempts == 3
    assert letter.last_error.startswith("gave up after 3 attempts: SMTP 421")


def test_5xx_fails_at_once_with_the_reason(smtp_server):
    letter = submit(LegislatorFactory()).letters.get()
    smtp_server.handler.reply = "550 5.1.1 No such mailbox here"

    assert delivery.letter_deliver(letter_id=letter.pk) == LetterStatus.FAILED

    letter.refresh_from_db()
    assert letter.status == LetterStatus.FAILED
    assert letter.attempts == 1
    assert letter.last_error == "SMTP 550 5.1.1 No such mailbox here"
    assert letter.sent_at is None


def test_letter_to_office_without_address_is_held_then_released(smtp_server):
    member = LegislatorFactory(delivery_email="")
    letter = submit(member).letters.get()
    assert letter.status == LetterStatus.HELD
    assert letter.hold_reason == HoldReason.NO_ADDRESS
    # What staff read in the admin, the same whichever step held the letter.
    assert letter.last_error == "held: no office address"

    run_worker()
    call_command("letters_sweep", verbosity=0)
    assert smtp_server.messages_to("office@example.org") == []
    letter.refresh_from_db()
    assert letter.status == LetterStatus.HELD

    member.delivery_email = "office@example.org"
    member.save()
    letter.refresh_from_db()
    assert letter.status == LetterStatus.QUEUED

    run_worker()

    letter.refresh_from_db()
    assert letter.status == LetterStatus.SENT
    assert len(smtp_server.messages_to("office@example.org")) == 1


def test_address_removed_after_queueing_holds_the_letter(smtp_server):
    member = LegislatorFactory()
    letter = submit(member).letters.get()
    type(member).objects.filter(pk=member.pk).update(delivery_email="")

    assert delivery.letter_deliver(letter_id=letter.pk) == "skipped"

    letter.refresh_from_db()
    assert (letter.status, letter.hold_reason) == (LetterStatus.HELD, HoldReason.NO_ADDRESS)
    assert letter.last_error == "held: no office address"
    assert letter.attempts == 0


def test_killed_workers_letter_is_requeued_by_the_sweep_and_sent_once(smtp_server):
    member = LegislatorFactory()
    letter = submit(member).letters.get()
    # A worker claimed it and died before sending.
    [claimed] = delivery.letters_claim(worker="dead-worker", letter_id=letter.pk)
    assert claimed.status == LetterStatus.SENDING

    with time_machine.travel(timezone.now() + dt.timedelta(minutes=5)):
        assert delivery.letters_sweep() == 0
        run_worker()
    letter.refresh_from_db()
    assert letter.status == LetterStatus.SENDING
    assert smtp_server.messages_to(member.delivery_email) == []

    with time_machine.travel(timezone.now() + dt.timedelta(minutes=11)):
        call_command("letters_sweep", "--no-deliver", verbosity=0)
        letter.refresh_from_db()
        assert letter.status == LetterStatus.QUEUED
        run_worker()
        call_command("letters_sweep", verbosity=0)

    letter.refresh_from_db()
    assert letter.status == LetterStatus.SENT
    assert letter.attempts == 2
    assert len(smtp_server.messages_to(member.delivery_email)) == 1


def test_sent_letter_is_never_sent_again(smtp_server):
    member = LegislatorFactory()
    letter = submit(member).letters.get()
    assert delivery.letter_deliver(letter_id=letter.pk) == LetterStatus.SENT

    assert delivery.letters_retry(letter_ids=[letter.pk]) == 0
    assert delivery.letters_cancel(letter_ids=[letter.pk]) == 0
    assert delivery.letters_deliver_due() == []
    run_worker()

    assert len(smtp_server.messages_to(member.delivery_email)) == 1
    letter.refresh_from_db()
    assert letter.status == LetterStatus.SENT


def test_sweep_task_reschedules_itself_once(smtp_server):
    from django_tasks_db.models import DBTaskResult

    from letters import services as tasks
    from letters.services import sweep_schedule

    assert sweep_schedule() is True
    assert sweep_schedule() is False
    letter = submit(LegislatorFactory()).letters.get()
    Letter.objects.filter(pk=letter.pk).update(next_attempt_at=timezone.now())

    run_worker()

    sweeps = DBTaskResult.objects.filter(task_path=tasks.sweep_letters.module_path)
    assert sweeps.filter(status=TaskResultStatus.SUCCESSFUL).count() == 1
    [waiting] = sweeps.filter(status=TaskResultStatus.READY)
    assert waiting.run_after > timezone.now()
    letter.refresh_from_db()
    assert letter.status == LetterStatus.SENT


def test_supporters_copy_is_retried_by_the_sweep_after_smtp_was_down(smtp_server):
    from letters import services as tasks

    submit(LegislatorFactory())
    smtp_server.stop()
    run_worker()
    submission = LetterSubmission.objects.get()
    assert submission.copy_sent_at is None

    smtp_server.start()
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=11)):
        tasks.sweep_letters.call()
        run_worker()

    assert len(smtp_server.messages_to("alex.rivera@example.com")) == 1
    submission.refresh_from_db()
    assert submission.copy_sent_at is not None


def test_one_refused_letter_does_not_stop_the_others_in_a_run(smtp_server):
    first, refused, last = LegislatorFactory(), LegislatorFactory(), LegislatorFactory()
    submission = submit(first, refused, last)
    smtp_server.handler.replies_for = {refused.delivery_email: "550 5.1.1 No such office"}

    outcomes = delivery.letters_deliver_due()

    assert sorted(outcome.status for outcome in outcomes) == ["failed", "sent", "sent"]
    statuses = dict(submission.letters.values_list("legislator_id", "status"))
    assert statuses == {
        first.pk: LetterStatus.SENT,
        refused.pk: LetterStatus.FAILED,
        last.pk: LetterStatus.SENT,
    }
    assert len(smtp_server.messages_to(last.delivery_email)) == 1


def test_a_submission_is_one_task_sending_its_letters_then_the_copy_on_one_connection(
    smtp_server,
):
    from django_tasks_db.models import DBTaskResult

    from letters import services as tasks

    senator, rep = SenatorFactory(), LegislatorFactory()
    submission = submit(senator, rep)

    [task] = DBTaskResult.objects.exclude(task_path=tasks.sweep_letters.module_path)
    assert task.task_path == tasks.deliver_submission.module_path
    assert task.args_kwargs == {"args": [submission.pk], "kwargs": {}}

    run_worker()

    assert set(submission.letters.values_list("status", flat=True)) == {LetterStatus.SENT}
    recipients = [envelope.rcpt_tos for envelope in smtp_server.handler.envelopes]
    assert sorted(recipients[:2]) == sorted([[senator.delivery_email], [rep.delivery_email]])
    assert recipients[2] == ["alex.rivera@example.com"]
    assert len(set(smtp_server.handler.peers)) == 1
    submission.refresh_from_db()
    assert submission.copy_sent_at is not None


def test_a_burst_of_submissions_goes_out_on_one_connection_each_letter_once(smtp_server):
    members = [SenatorFactory(), SenatorFactory(), LegislatorFactory()]
    campaign = LetterCampaignFactory()
    writers = [f"writer{n}@example.com" for n in range(4)]
    submissions = [submit(*members, campaign=campaign, email=writer) for writer in writers]

    run_worker()

    letters = Letter.objects.filter(submission__in=submissions)
    assert letters.count() == 12
    assert set(letters.values_list("status", flat=True)) == {LetterStatus.SENT}
    expected = sorted(letters.values_list("message_id", flat=True))
    offices = {member.delivery_email for member in members}
    to_offices = [
        (message["Message-ID"], peer)
        for envelope, message, peer in zip(
            smtp_server.handler.envelopes,
            smtp_server.messages,
            smtp_server.handler.peers,
            strict=True,
        )
        if set(envelope.rcpt_tos) <= offices
    ]
    assert sorted(message_id for message_id, _peer in to_offices) == expected
    # The first task found every waiting letter and sent them all on its connection.
    assert len({peer for _message_id, peer in to_offices}) == 1
    for writer in writers:
        assert len(smtp_server.messages_to(writer)) == 1


def test_submissions_look_for_the_sweep_at_most_once_a_minute(monkeypatch):
    from django_tasks_db.models import DBTaskResult

    from letters import services as tasks

    clock = [1000.0]
    monkeypatch.setattr(tasks, "monotonic", lambda: clock[0])
    monkeypatch.setattr(tasks, "_sweep_seen_at", None)
    looked = []
    schedule = tasks.sweep_schedule

    def counting_schedule(**kwargs: object) -> bool:
        looked.append(kwargs)
        return schedule(**kwargs)

    monkeypatch.setattr(tasks, "sweep_schedule", counting_schedule)
    campaign = LetterCampaignFactory()
    member = LegislatorFactory()

    submit(member, campaign=campaign, email="first@example.com")
    submit(member, campaign=campaign, email="second@example.com")
    assert len(looked) == 1
    sweeps = DBTaskResult.objects.filter(task_path=tasks.sweep_letters.module_path)
    [waiting] = sweeps.filter(status=TaskResultStatus.READY)
    assert waiting.run_after > timezone.now()

    clock[0] += tasks.SWEEP_INTERVAL.total_seconds() + 1
    submit(member, campaign=campaign, email="third@example.com")
    assert len(looked) == 2
    assert sweeps.filter(status=TaskResultStatus.READY).count() == 1


def test_sweep_command_reports_and_schedules_once():
    from io import StringIO

    out = StringIO()
    call_command("letters_sweep", "--schedule", "--no-deliver", stdout=out)
    call_command("letters_sweep", "--schedule", stdout=out)

    text = out.getvalue()
    assert "Re-queued 0 stalled letter(s)." in text
    assert "Scheduled the sweep task." in text
    assert "The sweep task was already waiting." in text
    assert "Tried 0 due letter(s)." in text
