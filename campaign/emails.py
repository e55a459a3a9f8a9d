"""Every email the campaign app sends: one function per message.

Each renders `templates/emails/<name>_subject.txt`, `_body.txt` and `_body.html` and
sends through Django's configured mailer. Tasks call these, never views.
"""

from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import translation

from campaign.models import EventRegistration
from core.mail import absolute, send_templated


def event_registration_confirmation(*, registration: EventRegistration) -> EmailMultiAlternatives:
    """Tell the local's contact their registration is in and what comes next."""
    event = registration.event
    language = registration.supporter.email_language
    with translation.override(language):
        event_url = absolute(event.get_absolute_url())
        calendar_url = absolute(reverse("campaign:event_ics", kwargs={"slug": event.slug}))
    return send_templated(
        "event_registration_confirmation",
        to=registration.supporter.email,
        context={
            "registration": registration,
            "event": event,
            "event_url": event_url,
            "calendar_url": calendar_url,
        },
        language=language,
    )
