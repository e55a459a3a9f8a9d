"""Every email about the list: one function per message (see core.mail for rendering)."""

from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from core import signing
from core.mail import absolute, send_templated
from core.signing import Purpose
from supporters import lists
from supporters.models import ListSubscription


def list_unsubscribe_url(*, subscription: ListSubscription) -> str:
    token = signing.make(Purpose.LIST_UNSUBSCRIBE, {"s": subscription.pk})
    return absolute(reverse("campaign:list_unsubscribe", kwargs={"token": token}))


def list_unsubscribe_headers(*, subscription: ListSubscription) -> dict[str, str]:
    """RFC 2369 and RFC 8058 headers: mail programs show their own one-click unsubscribe."""
    return {
        "List-Unsubscribe": f"<{list_unsubscribe_url(subscription=subscription)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def list_confirmation(*, subscription: ListSubscription) -> EmailMultiAlternatives:
    """The double opt-in message: nothing counts until the link in it is followed."""
    token = signing.make(
        Purpose.LIST_CONFIRM, {"s": subscription.pk, "r": subscription.request_stamp}
    )
    return send_templated(
        "list_confirmation",
        to=subscription.supporter.email,
        context={
            "subscription": subscription,
            "confirm_url": absolute(reverse("campaign:list_confirm", kwargs={"token": token})),
        },
    )


def list_welcome(*, subscription: ListSubscription) -> EmailMultiAlternatives:
    """First list message after confirming; carries the one-click unsubscribe headers."""
    return send_templated(
        "list_welcome",
        to=subscription.supporter.email,
        context={
            "subscription": subscription,
            "unsubscribe_url": list_unsubscribe_url(subscription=subscription),
            "preferences_url": lists.preferences_url(supporter_id=subscription.supporter_id),
            "events_url": absolute(reverse("campaign:event_list")),
        },
        headers=list_unsubscribe_headers(subscription=subscription),
    )
