"""The mailing's own MIME form: what arrives over SMTP is what Django would have sent."""

import email
import email.policy

import pytest
from django.core.mail import EmailMultiAlternatives, mailers

from mailings.mime import MailingMessage

pytestmark = pytest.mark.django_db

HEADERS = {
    "Message-ID": "<m7.41@pressone.example>",
    "List-Id": '"Press One Newsletter" <newsletter.pressone.example>',
    "List-Unsubscribe": "<https://pressone.example/lists/unsubscribe/"
    + "eyJzIjozMjMsImwiOiJuZXdzbGV0dGVyIn0:plLlt3mBUfJ1RspOQ7FJhRaF9RZvTljOj6CWBgg1nyU/>",
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    "Precedence": "bulk",
}


def pair(kind: type[EmailMultiAlternatives]) -> EmailMultiAlternatives:
    message = kind(
        subject="¿Qué pasó este mes, José Ñúñez?",
        body="Hola José,\n\nLa votación es el martes = llama hoy.\n" + "Línea larga " * 40,
        from_email="Campaña Press One <news@pressone.example>",
        to=["José Ñúñez <jose@example.com>"],
        reply_to=["organizers@pressone.example"],
        headers=HEADERS,
    )
    message.attach_alternative("<p>Hola <b>José</b> = ¡llama hoy!</p>", "text/html")
    return message


def text_of(part) -> str:
    return part.get_content().replace("\r\n", "\n")


def test_the_message_arrives_with_the_same_headers_and_bodies_as_djangos(smtp_server):
    with mailers.default as connection:
        connection.send_messages([pair(MailingMessage), pair(EmailMultiAlternatives)])
    ours, djangos = smtp_server.messages
    for name in ["Subject", "From", "To", "Reply-To", *HEADERS]:
        assert str(ours[name]) == str(djangos[name]), name
    # The same text for the reader (MIME text ends its lines in CRLF, however it is encoded).
    assert [text_of(part) for part in ours.iter_parts()] == [
        text_of(part) for part in djangos.iter_parts()
    ]
    assert [part.get_content_type() for part in ours.iter_parts()] == ["text/plain", "text/html"]


def test_lines_end_in_crlf_and_the_unsubscribe_header_is_one_line(smtp_server):
    raw = pair(MailingMessage).message().as_bytes()
    assert b"\n" not in raw.replace(b"\r\n", b"")
    [line] = [line for line in raw.split(b"\r\n") if line.startswith(b"List-Unsubscribe:")]
    assert line.endswith(b"/>") and len(line) < 998
    assert max(len(line) for line in raw.split(b"\r\n")) < 998


def test_the_date_and_message_id_are_always_there():
    message = MailingMessage(subject="Hi", body="Hello", to=["a@example.com"])
    parsed = email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)
    assert parsed["Date"] and parsed["Message-ID"]
