"""Background work for petitions. Tasks take ids and call a service or an email function."""

from django.tasks import task

from petitions import emails
from petitions.models import Signature


@task
def send_signature_confirmation(*, signature_id: int) -> None:
    """Email the confirmation link for one signature (skipped once it is confirmed or gone)."""
    signature = (
        Signature.objects.select_related("petition", "supporter").filter(pk=signature_id).first()
    )
    if signature is None or signature.is_confirmed:
        return
    emails.signature_confirmation(signature=signature)
