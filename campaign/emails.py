"""Every email the campaign app sends: one function per message.

Each renders `templates/emails/<name>_subject.txt`, `_body.txt` and `_body.html` and
sends through Django's configured mailer. Tasks call these, never views.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from campaign.models import EventRegistration, ListSubscription
from campaign.tokens import confirm_token_make, unsubscribe_token_make


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _send(
    name: str, *, to: str, context: dict, headers: dict[str, str] | None = None
) -> EmailMultiAlternatives:
    context = {"campaign_name": settings.CAMPAIGN_NAME, "site_url": settings.SITE_URL, **context}
    # Workers have no request; mail goes out in the site's language.
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"emails/{name}_subject.txt", context).split())
        text = render_to_string(f"emails/{name}_body.txt", context)
        html = render_to_string(f"emails/{name}_body.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to], headers=headers or {})
    message.attach_alternative(html, "text/html")
    message.send()
    return message


def list_unsubscribe_url(*, subscription: ListSubscription) -> str:
    token = unsubscribe_token_make(subscription=subscription)
    return _absolute(reverse("campaign:list_unsubscribe", kwargs={"token": token}))


def list_unsubscribe_headers(*, subscription: ListSubscription) -> dict[str, str]:
    """RFC 2369 and RFC 8058 headers: mail programs show their own one-click unsubscribe."""
    return {
        "List-Unsubscribe": f"<{list_unsubscribe_url(subscription=subscription)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def event_registration_confirmation(*, registration: EventRegistration) -> EmailMultiAlternatives:
    """Tell the local's contact their registration is in and what comes next."""
    event = registration.event
    return _send(
        "event_registration_confirmation",
        to=registration.supporter.email,
        context={
            "registration": registration,
            "event": event,
            "event_url": _absolute(event.get_absolute_url()),
            "calendar_url": _absolute(reverse("campaign:event_ics", kwargs={"slug": event.slug})),
        },
    )


def list_confirmation(*, subscription: ListSubscription) -> EmailMultiAlternatives:
    """The double opt-in message: nothing counts until the link in it is followed."""
    token = confirm_token_make(subscription=subscription)
    return _send(
        "list_confirmation",
        to=subscription.supporter.email,
        context={
            "subscription": subscription,
            "confirm_url": _absolute(reverse("campaign:list_confirm", kwargs={"token": token})),
        },
    )


def list_welcome(*, subscription: ListSubscription) -> EmailMultiAlternatives:
    """First list message after confirming; carries the one-click unsubscribe headers."""
    return _send(
        "list_welcome",
        to=subscription.supporter.email,
        context={
            "subscription": subscription,
            "unsubscribe_url": list_unsubscribe_url(subscription=subscription),
            "events_url": _absolute(reverse("campaign:event_list")),
        },
        headers=list_unsubscribe_headers(subscription=subscription),
    )
