"""Every email the petitions app sends: one function per message (see core.mail)."""

from django.urls import reverse
from django.utils import translation

from core import signing
from core.mail import absolute, send_templated
from core.signing import Purpose
from petitions.models import Signature


def signature_confirmation(*, signature: Signature) -> None:
    """Ask the signer to confirm their signature with a signed link, in their language."""
    language = signature.supporter.email_language
    token = signing.make(Purpose.SIGNATURE_CONFIRM, signature.pk)
    # Addresses are built in the signer's language: /es/… for Spanish speakers.
    with translation.override(language):
        path = reverse("petitions:confirm", kwargs={"token": token})
        petition_url = absolute(signature.petition.get_absolute_url())
    send_templated(
        "signature_confirmation",
        to=signature.supporter.email,
        context={
            "petition": signature.petition,
            "first_name": signature.supporter.first_name,
            "confirm_url": absolute(path),
            "petition_url": petition_url,
        },
        language=language,
    )
