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


def one_click_token(*, supporter, email_list: str) -> str:
    return signing.make_permanent(Purpose.LIST_ONE_CLICK, {"s": supporter.pk, "l": email_list})


def preferences_token(*, supporter) -> str:
    return signing.make(Purpose.LIST_PREFERENCES, {"s": supporter.pk})
