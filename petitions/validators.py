"""Validators shared by the public forms."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ZIP_RE = re.compile(r"^\d{5}(?:-?\d{4})?$")


def reject_control_characters(value: str) -> None:
    """Refuse invisible control characters (a one-line field has no use for them)."""
    if any(unicodedata.category(char) in {"Cc", "Cf", "Cs", "Co"} for char in value):
        raise ValidationError(
            _("Please remove the invisible control characters from this field."),
            code="control_characters",
        )


def reject_control_characters_multiline(value: str) -> None:
    """Like reject_control_characters, but line breaks and tabs are fine in longer text."""
    reject_control_characters(value.replace("\r", "").replace("\n", "").replace("\t", ""))


def normalise_zip(value: str) -> str:
    """Five digits from '12345', '12345-6789' or '123456789'; ValidationError otherwise."""
    value = value.strip()
    if not ZIP_RE.match(value):
        raise ValidationError(_("Enter a five-digit ZIP code, like 43215."), code="invalid_zip")
    return value[:5]
