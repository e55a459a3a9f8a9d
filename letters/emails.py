"""Every email the letters app sends: letters to offices, the supporter's copy, and the
notice that letters were stopped because their member left office."""

import re
import unicodedata
from dataclasses import dataclass
from email.headerregistry import Address
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from core import signing
from core.mail import absolute, message_id, send_templated
from core.signing import Purpose
from legislators.models import Chamber, Legislator, lawmaker_order
from letters.models import ConfirmationState, Letter, LetterSubmission

_SPACES = re.compile(r"\s+")


def clean_header_text(value: str, *, max_length: int = 100) -> str:
    """A single line safe for a header: control characters (CR, LF, tabs...) become spaces."""
    flattened = "".join(
        " " if unicodedata.category(char).startswith("C") else char for char in value
    )
    return _SPACES.sub(" ", flattened).strip()[:max_length]


def _campaign_sender() -> str:
    # DEFAULT_FROM_EMAIL may carry a display name ("Press One <campaign@example.org>").
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def letter_from_header(submission: LetterSubmission) -> str:
    """'<Supporter> via <campaign>' at the campaign's own address, never the supporter's."""
    name = clean_header_text(submission.full_name) or clean_header_text(
        str(submission.supporter.email)
    )
    display = clean_header_text(f"{name} via {settings.CAMPAIGN_NAME}", max_length=200)
    return str(Address(display_name=display, addr_spec=_campaign_sender()))


def letter_message(letter: Letter, *, to: str) -> EmailMessage:
    """The email that carries one letter to one office, plain text as stored."""
    submission = letter.submission
    reply_to = str(
        Address(
            display_name=clean_header_text(submission.full_name),
            addr_spec=submission.supporter.email,
        )
    )
    return EmailMessage(
        subject=clean_header_text(letter.subject, max_length=255),
        body=letter.body,
        from_email=letter_from_header(submission),
        to=[to],
        reply_to=[reply_to],
        headers={"Message-ID": letter.message_id},
    )


@dataclass(frozen=True)
class LetterSigner:
    """Who signs a letter: the block under the text that tells the office who wrote."""

    first_name: str
    last_name: str
    street: str
    city: str
    state: str
    zip_code: str
    email: str
    street_2: str = ""
    phone: str = ""

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @classmethod
    def from_submission(cls, submission: LetterSubmission) -> "LetterSigner":
        return cls(
            first_name=submission.first_name,
            last_name=submission.last_name,
            street=submission.street,
            street_2=submission.street_2,
            city=submission.city,
            state=submission.state,
            zip_code=submission.zip_code,
            phone=submission.phone,
            email=str(submission.supporter.email),
        )


def letter_signature(*, signer: LetterSigner) -> str:
    """What follows the supporter's text in every letter: signature block and footer.

    Always in English, whatever language the supporter reads the site in: it speaks to
    the office, and offices answer in English.
    """
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            "emails/letter_body.txt",
            {"signer": signer, "campaign_name": settings.CAMPAIGN_NAME},
        ).strip()


def letter_body(*, text: str, signer: LetterSigner) -> str:
    """The letter as mailed: the supporter's text, then who they are and where they live.

    The preview on /write/ is built by this same function, so what the supporter
    reads before sending is, character for character, what the office receives.
    """
    return f"{text.strip()}\n\n{letter_signature(signer=signer)}\n"


def _confirm_url(submission: LetterSubmission) -> str:
    token = signing.make(Purpose.LETTER_CONFIRM, submission.pk)
    return absolute(reverse("letters:write_confirm", args=[token]))


def submission_language(submission: LetterSubmission) -> str:
    """The language of the supporter's emails about this submission.

    The one they wrote in, else the one their supporter row remembers.
    """
    return submission.language.split("-")[0] or submission.supporter.email_language


def submission_copy(
    submission: LetterSubmission, *, connection: BaseEmailBackend | None = None
) -> None:
    """Send the supporter one email with a copy of every letter (and a confirm link if needed).

    `connection` is an open mail session to reuse (the one that just sent the letters).
    """
    letters = sorted(
        submission.letters.select_related("legislator"),
        key=lambda letter: lawmaker_order(letter.legislator),
    )
    # The letters themselves are quoted as sent; everything around them is in the
    # supporter's language, and the confirm link opens the page in it.
    with translation.override(submission_language(submission)):
        message = _submission_copy_message(submission, letters)
    if connection is None:
        message.send()
    else:
        connection.send_messages([message])


def _submission_copy_message(
    submission: LetterSubmission, letters: list[Letter]
) -> EmailMultiAlternatives:
    context = {
        "submission": submission,
        "campaign": submission.campaign,
        "letters": letters,
        "needs_confirmation": submission.confirmation == ConfirmationState.PENDING,
        "confirm_url": _confirm_url(submission),
        "campaign_name": settings.CAMPAIGN_NAME,
        "site_url": settings.SITE_URL,
    }
    subject = clean_header_text(
        render_to_string("emails/letter_copy_subject.txt", context), max_length=200
    )
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("emails/letter_copy_body.txt", context),
        to=[submission.supporter.email],
        # The same domain as the letters' own Message-IDs, never the server's host name.
        headers={"Message-ID": message_id("letter-copy")},
    )
    message.attach_alternative(
        render_to_string("emails/letter_copy_body.html", context), "text/html"
    )
    return message


@dataclass(frozen=True)
class Departure:
    """A member who left office (or moved to the other chamber) before a supporter's
    letter reached them, and who holds their old seat now."""

    member: Legislator
    # Who holds the seat now; None when nobody does (or the seat cannot be told).
    successor: Legislator | None
    # Still in office, in the other chamber (`member` shows the new seat).
    moved: bool = False

    @property
    def vacant(self) -> bool:
        # A senator without a known class cannot be matched to a seat: never call it vacant.
        seat_known = self.member.chamber != Chamber.SENATE or self.member.senate_class
        return not self.moved and self.successor is None and bool(seat_known)


def letters_stopped(
    *,
    to: str,
    first_name: str,
    departures: list[Departure],
    write_url: str,
    language: str | None = None,
) -> EmailMultiAlternatives:
    """Tell a supporter that members they wrote to left office (or moved to the other
    chamber), so their letters were not sent.

    Names who holds each seat now (or says it is vacant) and links to /write/ for their
    ZIP code. Sent in `language`, the one they used on the site.
    """
    return send_templated(
        "letters_stopped",
        to=to,
        context={
            "first_name": first_name,
            "departures": departures,
            "departed": [departure for departure in departures if not departure.moved],
            "moved": [departure for departure in departures if departure.moved],
            "write_url": write_url,
        },
        language=language,
    )
