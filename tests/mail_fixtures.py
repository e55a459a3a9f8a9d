"""A real SMTP server (aiosmtpd) the tests can stop, restart and make refuse mail."""

import email
import email.policy
import socket
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command


@pytest.fixture
def run_tasks(monkeypatch):
    """Run the enqueued tasks with the real worker, inside the test's transaction.

    The worker closes "old" connections between tasks; on PostgreSQL that would
    close the connection holding the test transaction, so it is a no-op here.
    """
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )

    def run() -> None:
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    return run


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class RecordingHandler:
    """Keeps every accepted message; `reply` makes it answer DATA with an error instead."""

    envelopes: list = field(default_factory=list)
    reply: str | None = None
    refused: int = 0
    # Per-recipient answers, to fail one letter among several.
    replies_for: dict = field(default_factory=dict)
    # The client's address and port for each accepted message: one per SMTP connection.
    peers: list = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope) -> str:
        reply = self.reply or next(
            (self.replies_for[rcpt] for rcpt in envelope.rcpt_tos if rcpt in self.replies_for),
            None,
        )
        if reply:
            self.refused += 1
            return reply
        self.envelopes.append(envelope)
        self.peers.append(session.peer)
        return "250 OK"


class SmtpServer:
    def __init__(self) -> None:
        self.port = free_port()
        self.handler = RecordingHandler()
        self.controller: Controller | None = None

    @property
    def mailers(self) -> dict:
        return {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": self.port, "timeout": 5},
            }
        }

    def start(self) -> None:
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def messages(self) -> list[email.message.EmailMessage]:
        return [
            email.message_from_bytes(envelope.original_content, policy=email.policy.default)
            for envelope in self.handler.envelopes
        ]

    def messages_to(self, address: str) -> list[email.message.EmailMessage]:
        return [
            message
            for envelope, message in zip(self.handler.envelopes, self.messages, strict=True)
            if address in envelope.rcpt_tos
        ]


@pytest.fixture
def smtp_server(settings):
    """A running SMTP server on a free port, with the default mailer pointed at it.

    Django's test setup swaps MAILERS for the in-memory backend, so the fixture
    sets it again here, after that setup.
    """
    server = SmtpServer()
    server.start()
    settings.MAILERS = server.mailers
    yield server
    server.stop()
