"""The signed links the site emails, made as the site makes them (core.signing)."""

from core import signing
from core.signing import Purpose


def signature_confirm_token(*, signature) -> str:
    return signing.make(Purpose.SIGNATURE_CONFIRM, signature.pk)


def letter_confirm_token(submission) -> str:
    return signing.make(Purpose.LETTER_CONFIRM, submission.pk)


def confirm_token_make(*, subscription) -> str:
    return signing.make(
        Purpose.LIST_CONFIRM, {"s": subscription.pk, "r": subscription.request_stamp}
    )


def unsubscribe_token_make(*, subscription) -> str:
    return signing.make(Purpose.LIST_UNSUBSCRIBE, {"s": subscription.pk})
