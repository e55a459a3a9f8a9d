"""A new Congress: letters wait when a term ends at noon Eastern on 2027-01-03, go out when
the roster shows the member seated again, and are stopped (the supporter told once) when
the roster shows them gone."""

import csv
import datetime
import io
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext
from django_tasks_db.models import DBTaskResult

from legislators.models import Legislator, RosterImport, Stance
from letters import delivery, emails
from letters.models import HoldReason, Letter, LetterStatus, LetterSubmission
from letters.services import (
    Constituent,
    LetterDraft,
    NobodyInOffice,
    submission_create,
)
from tests.letters.factories import LetterCampaignFactory, LetterFactory, LetterSubmissionFactory

pytestmark = pytest.mark.django_db

ROSTERS = Path(__file__).resolve().parents[1] / "data" / "rosters"
EASTERN = ZoneInfo("America/New_York")
# The fictional rosters (tests/data/rosters/README.md): the 119th, then the 120th as
# published on January 3, 2027, then with the elected successor of Florida's appointee.
DECEMBER = datetime.datetime(2026, 12, 3, 9, tzinfo=EASTERN)
BEFORE_NOON = datetime.datetime(2027, 1, 3, 11, 59, tzinfo=EASTERN)
AFTER_NOON = datetime.datetime(2027, 1, 3, 12, 1, tzinfo=EASTERN)
# The congress-legislators project merges its new roster hours after noon.
ROSTER_ARRIVES = datetime.datetime(2027, 1, 3, 17, tzinfo=EASTERN)


def import_roster(name: str, *extra: str) -> str:
    out = StringIO()
    call_command(
        "import_legislators",
        "--file",
        str(ROSTERS / name),
        "--social-file",
        str(ROSTERS / "social_empty.yaml"),
        "--min-members",
        "1",
        *extra,
        stdout=out,
    )
    return out.getvalue()


@pytest.fixture
def members(time_machine) -> dict[str, Legislator]:
    """The 119th roster imported in December, each office with a delivery address."""
    time_machine.move_to(DECEMBER, tick=False)
    import_roster("roster_119.yaml")
    by_name = {}
    for member in Legislator.objects.all():
        member.delivery_email = f"office-{member.bioguide_id.lower()}@example.org"
        member.save(update_fields=["delivery_email"])
        by_name[member.last_name.lower()] = member
    # ada (OH-S1, to 2031), outgoing (OH-S3, leaves; Edna takes the seat), stays (OH-03,
    # re-elected), leaves (OH-15, leaves; nobody seated yet), climber (OH-01, moves to
    # OH-S3), appointee (FL-S3, serves until a successor), floridian (FL-S1).
    return by_name


def queued_letter(member: Legislator, *, due: datetime.datetime, **extra) -> Letter:
    return LetterFactory(legislator=member, next_attempt_at=due, **extra)


def constituent(**overrides) -> Constituent:
    values = {
        "email": "lucia.reyes@example.com",
        "first_name": "Lucía",
        "last_name": "Reyes",
        "street": "12 High St",
        "city": "Columbus",
        "state": "OH",
        "zip_code": "43215-1234",
    }
    return Constituent(**(values | overrides))


def drafts_to(*members: Legislator) -> list[LetterDraft]:
    return [
        LetterDraft(
            legislator=member,
            stance=Stance.NOT_COSPONSOR,
            subject="Please cosponsor the bill",
            text=f"Dear {member.title} {member.last_name},\n\nPlease cosponsor the bill.",
        )
        for member in members
    ]


def notices(mailoutbox) -> list:
    # By the Message-ID core.mail gives it: the subject is in the supporter's language.
    return [m for m in mailoutbox if "letters-stopped" in m.extra_headers.get("Message-ID", "")]


def status_of(letter: Letter) -> tuple[str, str]:
    letter.refresh_from_db()
    return letter.status, letter.hold_reason


# --- noon Eastern on January 3 ----------------------------------------------------------


def test_a_letter_due_after_noon_on_the_end_date_is_held_not_sent(
    members, time_machine, mailoutbox
) -> None:
    before = queued_letter(members["stays"], due=BEFORE_NOON)
    after = queued_letter(members["stays"], due=AFTER_NOON)
    continuing = queued_letter(members["senior"], due=AFTER_NOON)

    time_machine.move_to(BEFORE_NOON, tick=False)
    delivery.letters_deliver_due()
    assert status_of(before) == (LetterStatus.SENT, "")
    assert status_of(after) == (LetterStatus.QUEUED, "")

    time_machine.move_to(AFTER_NOON, tick=False)
    delivery.letters_deliver_due()

    # Cora Stays's term ended at noon and no roster says she was re-elected yet.
    assert status_of(after) == (LetterStatus.HELD, HoldReason.TERM_ENDED)
    after.refresh_from_db()
    assert after.sent_at is None and after.sent_to == ""
    # A senator halfway through a six-year term is not affected.
    assert status_of(continuing) == (LetterStatus.SENT, "")
    assert sorted(message.to[0] for message in mailoutbox) == [
        "office-z800001@example.org",
        "office-z800003@example.org",
    ]


def test_a_single_letter_task_after_noon_holds_instead_of_sending(
    members, time_machine, mailoutbox
) -> None:
    letter = queued_letter(members["leaves"], due=BEFORE_NOON)
    time_machine.move_to(AFTER_NOON, tick=False)

    assert delivery.letter_deliver(letter_id=letter.pk) == "skipped"

    assert status_of(letter) == (LetterStatus.HELD, HoldReason.TERM_ENDED)
    assert mailoutbox == []


def test_staff_retrying_a_held_letter_cannot_send_it_before_the_member_returns(
    members, time_machine, mailoutbox
) -> None:
    letter = queued_letter(members["stays"], due=BEFORE_NOON)
    time_machine.move_to(AFTER_NOON, tick=False)
    delivery.letters_deliver_due()

    assert delivery.letters_retry(letter_ids=[letter.pk]) == 1
    delivery.letters_deliver_due()

    assert status_of(letter) == (LetterStatus.HELD, HoldReason.TERM_ENDED)
    assert mailoutbox == []


def test_no_new_letter_is_written_to_a_member_whose_term_ended(members, time_machine) -> None:
    campaign = LetterCampaignFactory()
    time_machine.move_to(AFTER_NOON, tick=False)

    submission, created = submission_create(
        campaign=campaign,
        constituent=constituent(),
        drafts=drafts_to(members["senior"], members["stays"]),
    )

    assert created
    assert [letter.legislator for letter in submission.letters.all()] == [members["senior"]]
    with pytest.raises(NobodyInOffice):
        submission_create(
            campaign=LetterCampaignFactory(),
            constituent=constituent(),
            drafts=drafts_to(members["stays"], members["leaves"]),
        )
    assert LetterSubmission.objects.count() == 1


def test_the_letter_flow_says_so_when_a_term_ends_while_the_supporter_writes(
    members, time_machine, client
) -> None:
    campaign = LetterCampaignFactory(targets="representative")
    time_machine.move_to(BEFORE_NOON, tick=False)
    session = client.session
    session["letters.write"] = {
        "campaign": campaign.pk,
        "zip": "43215",
        "states": ["OH"],
        "members": [members["leaves"].pk],
        "stances": {str(members["leaves"].pk): Stance.NOT_COSPONSOR},
        "constituent": {
            "email": "lucia.reyes@example.com",
            "first_name": "Lucía",
            "last_name": "Reyes",
            "street": "12 High St",
            "street_2": "",
            "city": "Columbus",
            "state": "OH",
            "zip_code": "43215",
            "phone": "",
        },
    }
    session.save()
    time_machine.move_to(AFTER_NOON, tick=False)

    response = client.post(
        reverse("letters:write"),
        {
            "step": "send",
            "campaign": campaign.slug,
            f"subject_{members['leaves'].pk}": "Please cosponsor",
            f"body_{members['leaves'].pk}": "Please cosponsor the bill.",
        },
    )

    assert response.status_code == 400
    assert "have left office" in response.content.decode()
    assert not Letter.objects.exists()


# --- the roster import -------------------------------------------------------------------


def test_the_import_releases_the_reelected_and_stops_the_departed(
    members, time_machine, mailoutbox
) -> None:
    stays = queued_letter(members["stays"], due=BEFORE_NOON)
    climber = queued_letter(members["climber"], due=BEFORE_NOON)
    outgoing = queued_letter(members["outgoing"], due=BEFORE_NOON)
    leaves = [queued_letter(members["leaves"], due=BEFORE_NOON) for _ in range(2)]
    unconfirmed = queued_letter(
        members["leaves"],
        due=BEFORE_NOON,
        status=LetterStatus.HELD,
        hold_reason=HoldReason.UNCONFIRMED,
    )
    already_sent = queued_letter(
        members["leaves"], due=BEFORE_NOON, status=LetterStatus.SENT, sent_at=DECEMBER
    )
    time_machine.move_to(AFTER_NOON, tick=False)
    delivery.letters_deliver_due()
    assert {status_of(letter) for letter in [stays, climber, outgoing, *leaves]} == {
        (LetterStatus.HELD, HoldReason.TERM_ENDED)
    }

    time_machine.move_to(ROSTER_ARRIVES, tick=False)
    out = import_roster("roster_120.yaml")

    # Re-elected to the same seat: the letter goes out.
    assert status_of(stays) == (LetterStatus.QUEUED, "")
    # Gone, or moved to the Senate (the letter was written to OH-01's representative, for
    # the House office that closed): every undelivered letter is stopped.
    for letter in [climber, outgoing, *leaves, unconfirmed]:
        assert status_of(letter) == (LetterStatus.STOPPED, "")
    # Staff read why on each letter.
    assert outgoing.last_error == "stopped: the member left office"
    assert climber.last_error == "stopped: the member moved to the other chamber"
    assert status_of(already_sent) == (LetterStatus.SENT, "")
    # The import's report counts them per departure, and so does its record.
    assert "Departure: Bert Outgoing (Z800002), OH-S3; undelivered letters: 1" in out
    assert "Departure: Dale Leaves (Z800004), OH-15; undelivered letters: 3" in out
    assert (
        "Seat change: Edna Climber (Z800005), OH-01 -> OH-S3; undelivered letters to the old "
        "seat: 1; office address cleared (enter the new office's)"
    ) in out
    record = RosterImport.objects.first()
    assert {
        change["bioguide_id"]: change["letters"]
        for change in record.changes
        if change["kind"] == "departure"
    } == {"Z800002": 1, "Z800004": 3}

    delivery.letters_deliver_due()
    assert status_of(stays) == (LetterStatus.SENT, "")
    offices = sorted(message.to[0] for message in mailoutbox if message not in notices(mailoutbox))
    assert offices == ["office-z800003@example.org"]
    # Stopped letters are never sent, and staff cannot queue them again.
    assert delivery.letters_retry(letter_ids=[outgoing.pk]) == 0
    assert status_of(outgoing) == (LetterStatus.STOPPED, "")


def test_a_dry_run_counts_the_letters_and_changes_nothing(members, time_machine) -> None:
    outgoing = queued_letter(members["outgoing"], due=BEFORE_NOON)
    held = queued_letter(members["leaves"], due=BEFORE_NOON)
    time_machine.move_to(AFTER_NOON, tick=False)
    delivery.letters_deliver_due()
    tasks_before = DBTaskResult.objects.count()

    time_machine.move_to(ROSTER_ARRIVES, tick=False)
    out = import_roster("roster_120.yaml", "--dry-run")

    assert "Departure: Bert Outgoing (Z800002), OH-S3; undelivered letters: 1" in out
    assert "Departure: Dale Leaves (Z800004), OH-15; undelivered letters: 1" in out
    assert status_of(outgoing) == (LetterStatus.HELD, HoldReason.TERM_ENDED)
    assert status_of(held) == (LetterStatus.HELD, HoldReason.TERM_ENDED)
    assert DBTaskResult.objects.count() == tasks_before
    assert not LetterSubmission.objects.filter(stopped_notice_sent_at__isnull=False).exists()


def test_a_letter_to_a_departed_member_is_stopped_when_claimed(
    members, time_machine, mailoutbox
) -> None:
    time_machine.move_to(ROSTER_ARRIVES, tick=False)
    import_roster("roster_120.yaml")
    # Queued after the import (say, staff queued it again by hand in the database).
    letter = queued_letter(members["outgoing"], due=ROSTER_ARRIVES)

    delivery.letters_deliver_due()

    assert status_of(letter) == (LetterStatus.STOPPED, "")
    assert [message.to for message in mailoutbox] == []
    assert DBTaskResult.objects.filter(task_path=delivery.send_stopped_notices.module_path).exists()


# --- the supporter's one email -------------------------------------------------------------


@pytest.fixture
def language_spy(monkeypatch) -> list[str | None]:
    """The language each notice was sent in."""
    languages: list[str | None] = []
    send = emails.send_templated

    def spy(name: str, **kwargs):
        if name == "letters_stopped":
            languages.append(kwargs.get("language"))
        return send(name, **kwargs)

    monkeypatch.setattr(emails, "send_templated", spy)
    return languages


def test_the_supporter_gets_one_email_in_their_language(
    members, time_machine, mailoutbox, run_tasks, language_spy, settings
) -> None:
    settings.SITE_URL = "https://pressone.example.org"
    campaign = LetterCampaignFactory()
    time_machine.move_to(BEFORE_NOON - datetime.timedelta(hours=1), tick=False)
    with translation.override("es"):
        submission, _created = submission_create(
            campaign=campaign,
            constituent=constituent(),
            drafts=drafts_to(members["senior"], members["outgoing"], members["leaves"]),
        )
    assert submission.language == "es"
    # A letter of the same submission (held by staff) whose member, Florida's appointed
    # senator, leaves only with a later roster.
    appointee = LetterFactory(
        submission=submission,
        legislator=members["appointee"],
        status=LetterStatus.HELD,
        hold_reason=HoldReason.STAFF,
    )
    mailoutbox.clear()

    # The workers were busy until after noon: only the senator still in office gets hers.
    time_machine.move_to(AFTER_NOON, tick=False)
    run_tasks()
    assert {
        letter.legislator.last_name: status_of(letter) for letter in submission.letters.all()
    } == {
        "Senior": (LetterStatus.SENT, ""),
        "Outgoing": (LetterStatus.HELD, HoldReason.TERM_ENDED),
        "Leaves": (LetterStatus.HELD, HoldReason.TERM_ENDED),
        "Appointee": (LetterStatus.HELD, HoldReason.STAFF),
    }
    assert notices(mailoutbox) == []

    time_machine.move_to(ROSTER_ARRIVES, tick=False)
    import_roster("roster_120.yaml")
    run_tasks()

    [notice] = notices(mailoutbox)
    assert notice.to == ["lucia.reyes@example.com"]
    assert language_spy == ["es"]
    text = notice.body
    # Each line in Spanish, as the catalogue words it (never the English).
    with translation.override("es"):
        expected = [
            gettext("Hello %(name)s,") % {"name": "Lucía"},
            gettext("%(name)s (%(seat)s) has left office.")
            % {"name": "Bert Outgoing", "seat": "OH"},
            gettext("The seat is now held by %(title)s %(name)s.")
            % {"title": "Sen.", "name": "Edna Climber"},
            gettext("%(name)s (%(seat)s) has left office.")
            % {"name": "Dale Leaves", "seat": "OH-15"},
            gettext("The seat is vacant for now: nobody holds it yet."),
        ]
    for line in expected:
        assert line in text
    assert "has left office" not in text
    # The link opens /write/ in Spanish, the language she wrote in.
    write_url = f"https://pressone.example.org/es/write/?zip=43215&campaign={campaign.slug}"
    assert write_url in text
    html = notice.alternatives[0].content
    assert 'lang="es"' in html
    assert write_url.replace("&", "&amp;") in html
    submission.refresh_from_db()
    assert submission.stopped_notice_sent_at == ROSTER_ARRIVES

    # Months later the appointee's elected successor arrives: that letter stops too,
    # but the supporter has already been told.
    assert status_of(appointee) == (LetterStatus.HELD, HoldReason.STAFF)
    time_machine.move_to(ROSTER_ARRIVES + datetime.timedelta(days=60), tick=False)
    out = import_roster("roster_120_successor.yaml")
    run_tasks()

    assert "Departure: Gale Appointee (Z800007), FL-S3; undelivered letters: 1" in out
    assert status_of(appointee) == (LetterStatus.STOPPED, "")
    assert len(notices(mailoutbox)) == 1


def test_a_representative_elected_senator_their_supporter_is_asked_to_write_again(
    members, time_machine, mailoutbox, run_tasks, django_capture_on_commit_callbacks
) -> None:
    campaign = LetterCampaignFactory()
    time_machine.move_to(BEFORE_NOON - datetime.timedelta(hours=1), tick=False)
    submission, _created = submission_create(
        campaign=campaign,
        constituent=constituent(zip_code="45202"),
        drafts=drafts_to(members["climber"]),
    )
    [letter] = submission.letters.all()
    assert letter.body.startswith("Dear Rep. Climber")
    time_machine.move_to(AFTER_NOON, tick=False)
    run_tasks()
    assert status_of(letter) == (LetterStatus.HELD, HoldReason.TERM_ENDED)

    time_machine.move_to(ROSTER_ARRIVES, tick=False)
    import_roster("roster_120.yaml")
    run_tasks()

    # Never sent: "Dear Rep." to a senator, at the House office that closed.
    assert status_of(letter) == (LetterStatus.STOPPED, "")
    assert letter.last_error == "stopped: the member moved to the other chamber"
    climber = Legislator.objects.get(bioguide_id="Z800005")
    assert climber.is_serving and climber.seat_key == "OH-S3"
    assert climber.delivery_email == ""
    [notice] = notices(mailoutbox)
    assert notice.subject == "A member of Congress you wrote to has moved to the other chamber"
    text = notice.body
    assert (
        "Edna Climber now serves in the Senate, so the letter you wrote to them as your "
        "representative was not sent."
    ) in text
    assert "left office" not in text and "vacant" not in text
    assert f"/write/?zip=45202&campaign={campaign.slug}" in text
    assert [m.to for m in mailoutbox if m.to[0].startswith("office-")] == []

    # A letter she is sent as senator waits for the Senate office's address.
    new = LetterFactory(legislator=climber)
    delivery.letters_deliver_due()
    assert status_of(new) == (LetterStatus.HELD, HoldReason.NO_ADDRESS)
    climber.delivery_email = "senator-climber@example.org"
    with django_capture_on_commit_callbacks(execute=True):
        climber.save()
    delivery.letters_deliver_due()
    assert status_of(new) == (LetterStatus.SENT, "")
    assert status_of(letter) == (LetterStatus.STOPPED, "")


def test_the_notice_of_a_move_is_in_spanish_for_a_supporter_who_wrote_in_spanish(
    members, time_machine, mailoutbox, run_tasks
) -> None:
    time_machine.move_to(BEFORE_NOON - datetime.timedelta(hours=1), tick=False)
    with translation.override("es"):
        submission_create(
            campaign=LetterCampaignFactory(),
            constituent=constituent(),
            drafts=drafts_to(members["climber"]),
        )
    time_machine.move_to(ROSTER_ARRIVES, tick=False)
    import_roster("roster_120.yaml")
    run_tasks()

    [notice] = notices(mailoutbox)
    with translation.override("es"):
        subject = ngettext(
            "A member of Congress you wrote to has moved to the other chamber",
            "Members of Congress you wrote to have moved to the other chamber",
            1,
        )
        line = gettext(
            "%(name)s now serves in the Senate, so the letter you wrote to them as your "
            "representative was not sent."
        ) % {"name": "Edna Climber"}
    assert notice.subject == subject == "Un congresista al que le escribiste pasó a la otra cámara"
    assert line in notice.body
    assert "/es/write/?zip=43215" in notice.body


def test_a_dry_run_keeps_the_office_address_of_a_member_who_changes_chamber(
    members, time_machine
) -> None:
    letter = queued_letter(members["climber"], due=BEFORE_NOON)
    time_machine.move_to(ROSTER_ARRIVES, tick=False)
    out = import_roster("roster_120.yaml", "--dry-run")
    assert "OH-01 -> OH-S3; undelivered letters to the old seat: 1; office address cleared" in out
    members["climber"].refresh_from_db()
    assert members["climber"].delivery_email == "office-z800005@example.org"
    assert members["climber"].seat_key == "OH-01"
    assert status_of(letter)[0] != LetterStatus.STOPPED


def test_several_submissions_stopped_together_bring_one_email(
    members, time_machine, mailoutbox, run_tasks
) -> None:
    first = LetterSubmissionFactory(language="en")
    second = LetterSubmissionFactory(supporter=first.supporter, language="en")
    for submission in (first, second):
        queued_letter(members["outgoing"], due=AFTER_NOON, submission=submission)
        queued_letter(members["leaves"], due=AFTER_NOON, submission=submission)
    other = queued_letter(members["leaves"], due=AFTER_NOON)

    time_machine.move_to(ROSTER_ARRIVES, tick=False)
    import_roster("roster_120.yaml")
    run_tasks()

    assert sorted(message.to[0] for message in notices(mailoutbox)) == sorted(
        [first.supporter.email, other.submission.supporter.email]
    )
    [notice] = [m for m in notices(mailoutbox) if m.to == [first.supporter.email]]
    # Each member who left is named once, however many letters went to them.
    assert notice.body.count("Dale Leaves (OH-15) has left office.") == 1
    # Sending the same batch again (a retried task) sends nothing more.
    assert delivery.stopped_notices_send(submission_ids=[first.pk, second.pk]) == 0


def test_no_notice_to_an_address_that_was_never_confirmed(
    members, time_machine, mailoutbox, run_tasks
) -> None:
    submission = LetterSubmissionFactory(confirmation="pending")
    letter = queued_letter(
        members["leaves"],
        due=AFTER_NOON,
        submission=submission,
        status=LetterStatus.HELD,
        hold_reason=HoldReason.UNCONFIRMED,
    )

    time_machine.move_to(ROSTER_ARRIVES, tick=False)
    import_roster("roster_120.yaml")
    run_tasks()

    assert status_of(letter) == (LetterStatus.STOPPED, "")
    assert notices(mailoutbox) == []


def test_a_failed_notice_is_sent_again_by_the_sweep(
    members, time_machine, mailoutbox, run_tasks, monkeypatch
) -> None:
    submission = LetterSubmissionFactory()
    queued_letter(members["leaves"], due=AFTER_NOON, submission=submission)

    working = emails.letters_stopped

    def broken(**kwargs):
        raise ConnectionRefusedError("the mail server is down")

    monkeypatch.setattr(emails, "letters_stopped", broken)
    time_machine.move_to(ROSTER_ARRIVES, tick=False)
    import_roster("roster_120.yaml")
    run_tasks()
    submission.refresh_from_db()
    assert submission.stopped_notice_sent_at is None

    # Not monkeypatch.undo(): that would also undo run_tasks's own patch.
    monkeypatch.setattr(emails, "letters_stopped", working)
    time_machine.move_to(ROSTER_ARRIVES + datetime.timedelta(minutes=15), tick=False)
    assert (
        delivery.stopped_notices_resend(
            older_than=delivery.STALE_AFTER, within=datetime.timedelta(days=2)
        )
        == 1
    )
    run_tasks()

    assert len(notices(mailoutbox)) == 1
    submission.refresh_from_db()
    assert submission.stopped_notice_sent_at is not None


# --- staff -----------------------------------------------------------------------------


def test_staff_see_stopped_and_term_ended_letters_per_office(
    members, time_machine, organizer
) -> None:
    queued_letter(members["outgoing"], due=AFTER_NOON)
    queued_letter(members["outgoing"], due=AFTER_NOON)
    queued_letter(members["stays"], due=AFTER_NOON)
    time_machine.move_to(AFTER_NOON, tick=False)
    delivery.letters_deliver_due()
    time_machine.move_to(ROSTER_ARRIVES, tick=False)
    import_roster("roster_120.yaml")
    queued_letter(members["floridian"], due=ROSTER_ARRIVES)
    held = queued_letter(members["climber"], due=ROSTER_ARRIVES)
    Letter.objects.filter(pk=held.pk).update(
        status=LetterStatus.HELD, hold_reason=HoldReason.TERM_ENDED
    )

    organizer.force_login(organizer.user)  # staff sessions do not last a month
    response = organizer.get(reverse("admin:letters_letter_offices"))

    assert response.status_code == 200
    offices = {
        office["legislator__official_name"]: office for office in response.context["offices"]
    }
    assert offices["Bert Outgoing"]["stopped"] == 2
    assert offices["Edna Climber"]["held_term_ended"] == 1
    assert response.context["stopped_total"] == 2
    content = response.content.decode()
    assert "2 letters were stopped because their members left office" in content

    listing = organizer.get(offices["Bert Outgoing"]["stopped_url"])
    assert listing.status_code == 200
    assert {letter.legislator_id for letter in listing.context["cl"].result_list} == {
        members["outgoing"].pk
    }
    assert listing.context["cl"].result_count == 2


def test_staff_correcting_a_term_release_its_held_letters(
    members, time_machine, django_capture_on_commit_callbacks
) -> None:
    letter = queued_letter(members["stays"], due=AFTER_NOON)
    time_machine.move_to(AFTER_NOON, tick=False)
    delivery.letters_deliver_due()
    assert status_of(letter) == (LetterStatus.HELD, HoldReason.TERM_ENDED)
    member = members["stays"]

    with django_capture_on_commit_callbacks(execute=True):
        member.term_start = datetime.date(2027, 1, 3)
        member.term_end = datetime.date(2029, 1, 3)
        member.save()

    assert status_of(letter) == (LetterStatus.QUEUED, "")


def test_stopped_letters_are_left_out_of_the_office_export(members, organizer) -> None:
    queued_letter(
        members["leaves"],
        due=DECEMBER,
        status=LetterStatus.HELD,
        hold_reason=HoldReason.STAFF,
        subject="Still waiting",
    )
    queued_letter(members["leaves"], due=DECEMBER, status=LetterStatus.STOPPED, subject="Gone")
    organizer.force_login(organizer.user)

    response = organizer.get(reverse("admin:letters_letter_export", args=[members["leaves"].pk]))

    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode())))
    assert [row["subject"] for row in rows] == ["Still waiting"]
