"""Rendering and sending one templated email; every app's emails.py builds on this.

A message named `<name>` renders `templates/emails/<name>_subject.txt`, `_body.txt`
and `_body.html`, and goes out through Django's configured mailers.
"""

from email.utils import make_msgid, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string
from django.utils import translation


def absolute(path: str) -> str:
    """A site path as the full URL an email needs."""
    return f"{settings.SITE_URL}{path}"


def message_id(kind: str) -> str:
    """A Message-ID at the domain we send from, not the machine's own host name.

    Django would use the server's DNS name (often "localhost"), which looks like spam
    to receiving servers and differs from one app server to the next.
    """
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return make_msgid(idstring=kind, domain=domain)


def send_templated(
    name: str,
    *,
    to: str,
    context: dict,
    headers: dict[str, str] | None = None,
    connection: BaseEmailBackend | None = None,
    language: str | None = None,
) -> EmailMultiAlternatives:
    """Render and send one message; returns it (tests and callers read its headers)."""
    context = {"campaign_name": settings.CAMPAIGN_NAME, "site_url": settings.SITE_URL, **context}
    # Workers have no request: mail goes out in the given language, else the site's.
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"emails/{name}_subject.txt", context).split())
        text = render_to_string(f"emails/{name}_body.txt", context)
        html = render_to_string(f"emails/{name}_body.html", context)
    headers = {"Message-ID": message_id(name.replace("_", "-")), **(headers or {})}
    message = EmailMultiAlternatives(
        subject=subject, body=text, to=[to], headers=headers, connection=connection
    )
    message.attach_alternative(html, "text/html")
    message.send()
    return message
