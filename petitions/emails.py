"""Emails sent by the petitions app: one function per message."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from petitions.models import Signature


def _send(*, name: str, to: str, context: dict) -> None:
    context = {"campaign_name": settings.CAMPAIGN_NAME, "site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"emails/{name}_subject.txt", context).split())
    text = render_to_string(f"emails/{name}_body.txt", context)
    html = render_to_string(f"emails/{name}_body.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()


def signature_confirmation(*, signature: Signature) -> None:
    """Ask the signer to confirm their signature with a signed link."""
    from petitions.services import confirmation_token

    token = confirmation_token(signature=signature)
    path = reverse("petitions:confirm", kwargs={"token": token})
    _send(
        name="signature_confirmation",
        to=signature.supporter.email,
        context={
            "petition": signature.petition,
            "first_name": signature.supporter.first_name,
            "confirm_url": f"{settings.SITE_URL}{path}",
            "petition_url": f"{settings.SITE_URL}{signature.petition.get_absolute_url()}",
        },
    )
