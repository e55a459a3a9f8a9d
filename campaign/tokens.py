"""Signed links for the email list: confirm a signup, leave the list.

The links carry only the subscription's id (never an address) and are signed with
SECRET_KEY, so nobody can confirm or unsubscribe someone else by guessing.
"""

from dataclasses import dataclass

from django.core import signing

from campaign.models import ListSubscription

CONFIRM_SALT = "campaign.list.confirm"
UNSUBSCRIBE_SALT = "campaign.list.unsubscribe"
# A confirmation link is good for a week; after that the person simply signs up again.
CONFIRM_MAX_AGE = 7 * 24 * 60 * 60


class TokenInvalid(Exception):
    """The link was altered, truncated or made with another key."""


class TokenExpired(Exception):
    """The link was genuine but is too old."""


@dataclass(frozen=True)
class ConfirmClaim:
    subscription_id: int
    # When the request the link answers was made; a newer signup replaces older links.
    requested: int


def _request_stamp(subscription: ListSubscription) -> int:
    return int(subscription.requested_at.timestamp())


def confirm_token_make(*, subscription: ListSubscription) -> str:
    payload = {"s": subscription.pk, "r": _request_stamp(subscription)}
    return signing.dumps(payload, salt=CONFIRM_SALT, compress=True)


def confirm_token_read(*, token: str) -> ConfirmClaim:
    try:
        payload = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired:
        raise TokenExpired from None
    except signing.BadSignature:
        raise TokenInvalid from None
    try:
        return ConfirmClaim(subscription_id=int(payload["s"]), requested=int(payload["r"]))
    except (KeyError, TypeError, ValueError):
        raise TokenInvalid from None


def confirm_token_matches(*, claim: ConfirmClaim, subscription: ListSubscription) -> bool:
    return claim.requested == _request_stamp(subscription)


# Unsubscribe links never expire: a message read months later must still let people leave.
def unsubscribe_token_make(*, subscription: ListSubscription) -> str:
    return signing.dumps({"s": subscription.pk}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_token_read(*, token: str) -> int:
    try:
        payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        return int(payload["s"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise TokenInvalid from None
