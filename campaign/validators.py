"""Checks for what locals and supporters type into our forms."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

US_STATES = [
    ("AL", "Alabama"), ("AK", "Alaska"), ("AZ", "Arizona"), ("AR", "Arkansas"),
    ("CA", "California"), ("CO", "Colorado"), ("CT", "Connecticut"), ("DE", "Delaware"),
    ("DC", "District of Columbia"), ("FL", "Florida"), ("GA", "Georgia"), ("HI", "Hawaii"),
    ("ID", "Idaho"), ("IL", "Illinois"), ("IN", "Indiana"), ("IA", "Iowa"), ("KS", "Kansas"),
    ("KY", "Kentucky"), ("LA", "Louisiana"), ("ME", "Maine"), ("MD", "Maryland"),
    ("MA", "Massachusetts"), ("MI", "Michigan"), ("MN", "Minnesota"), ("MS", "Mississippi"),
    ("MO", "Missouri"), ("MT", "Montana"), ("NE", "Nebraska"), ("NV", "Nevada"),
    ("NH", "New Hampshire"), ("NJ", "New Jersey"), ("NM", "New Mexico"), ("NY", "New York"),
    ("NC", "North Carolina"), ("ND", "North Dakota"), ("OH", "Ohio"), ("OK", "Oklahoma"),
    ("OR", "Oregon"), ("PA", "Pennsylvania"), ("RI", "Rhode Island"), ("SC", "South Carolina"),
    ("SD", "South Dakota"), ("TN", "Tennessee"), ("TX", "Texas"), ("UT", "Utah"),
    ("VT", "Vermont"), ("VA", "Virginia"), ("WA", "Washington"), ("WV", "West Virginia"),
    ("WI", "Wisconsin"), ("WY", "Wyoming"), ("AS", "American Samoa"), ("GU", "Guam"),
    ("MP", "Northern Mariana Islands"), ("PR", "Puerto Rico"), ("VI", "U.S. Virgin Islands"),
]  # fmt: skip

_ZIP = re.compile(r"^\d{5}(-\d{4})?$")
_ZIP5 = re.compile(r"^\d{5}$")
_LOCAL = re.compile(r"^\d{1,6}$")


def normalise_zip(value: str, *, allow_plus_four: bool = True) -> str:
    value = (value or "").strip()
    pattern = _ZIP if allow_plus_four else _ZIP5
    if not pattern.match(value):
        if allow_plus_four:
            raise ValidationError(
                _("Enter a ZIP code of five digits, like 20001 or 20001-1234."), code="zip"
            )
        raise ValidationError(_("Enter a five-digit ZIP code, like 20001."), code="zip")
    return value


def normalise_local_number(value: str) -> str:
    """'Local 1101', '#1101' and '1101' all mean local 1101."""
    cleaned = re.sub(r"^(local|loc\.?)\s*", "", (value or "").strip(), flags=re.IGNORECASE)
    cleaned = cleaned.lstrip("#").strip().lstrip("0") or "0"
    if not _LOCAL.match(cleaned) or cleaned == "0":
        raise ValidationError(
            _("Enter your local's number in digits, like 1101."), code="local_number"
        )
    return cleaned


def normalise_us_phone(value: str) -> str:
    """A ten-digit US number, stored as 202-555-0143 (no leading + for spreadsheets to misread)."""
    digits = re.sub(r"[\s().\-+]", "", (value or "").strip())
    if not digits.isdigit():
        raise ValidationError(
            _("Enter a US phone number with area code, like 202-555-0143."), code="phone"
        )
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) != 10 or digits[0] in "01" or digits[3] in "01":
        raise ValidationError(
            _("Enter a US phone number with area code, like 202-555-0143."), code="phone"
        )
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
