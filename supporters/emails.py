"""Every email about the list: one function per message (see core.mail for rendering)."""

from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import translation

from core import signing
from core.mail import absolute, send_templated
from core.signing import Purpose
from supporters import lists
from supporters.models import EmailList, ListSubscription


def welcome_lists(*, subscription: ListSubscription) -> list[str]:
    """The lists a welcome is for: those the request asked for that the person is on now."""
    on = lists.consents_of(supporter=subscription.supporter)
    asked = [value for value in subscription.requested_list_values if on[value]]
    return asked or [value for value, active in on.items() if active]


def list_confirmation(*, subscription: ListSubscription) -> EmailMultiAlternatives:
    """The double opt-in message: nothing counts until the link in it is followed."""
    token = signing.make(
        Purpose.LIST_CONFIRM, {"s": subscription.pk, "r": subscription.request_stamp}
    )
    language = subscription.supporter.email_language
    with translation.override(language):
        confirm_url = absolute(reverse("campaign:list_confirm", kwargs={"token": token}))
    return send_templated(
        "list_confirmation",
        to=subscription.supporter.email,
        context={"subscription": subscription, "confirm_url": confirm_url},
        language=language,
    )


def list_welcome(*, subscription: ListSubscription) -> EmailMultiAlternatives:
    """First list message after confirming.

    It belongs to the first list the person joined: its one-click unsubscribe headers
    (RFC 2369, RFC 8058) leave that list. The body has a link to leave each list joined and
    one to the preferences page, where they can leave them all. Its links open the pages in
    the supporter's language.
    """
    joined = welcome_lists(subscription=subscription) or [EmailList.NEWSLETTER.value]
    supporter_id = subscription.supporter_id
    language = subscription.supporter.email_language
    with translation.override(language):
        leave_links = [
            (
                EmailList(value).label,
                lists.unsubscribe_url(supporter_id=supporter_id, email_list=value),
            )
            for value in joined
        ]
        preferences_url = lists.preferences_url(supporter_id=supporter_id)
        events_url = absolute(reverse("campaign:event_list"))
        headers = lists.unsubscribe_headers(supporter_id=supporter_id, email_list=joined[0])
    return send_templated(
        "list_welcome",
        to=subscription.supporter.email,
        context={
            "subscription": subscription,
            "leave_links": leave_links,
            "preferences_url": preferences_url,
            "events_url": events_url,
        },
        headers=headers,
        language=language,
    )
