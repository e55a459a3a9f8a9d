"""The placeholders staff may use in what supporters send or say (letter drafts, call
scripts), and how they are filled.

Drafts are filled with a regular expression over this fixed set, never with the
template engine, so neither staff drafts nor supporter text can run code or read
other data. Every `{...}` in a draft must be one of these names; anything else is
rejected when the campaign is saved. Letters and calls are sibling apps, so the one set
of names lives here and both read it.

    {lawmaker_title}       Sen., Rep. or Del.
    {lawmaker_first_name}  the member's first name
    {lawmaker_last_name}   the member's last name
    {lawmaker_full_name}   the member's official full name
    {supporter_name}       the supporter's full name
    {supporter_first_name} the supporter's first name
    {city}                 the supporter's city
    {state}                the supporter's state (two letters)
"""

import re
from dataclasses import dataclass
from typing import Protocol

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Member(Protocol):
    """What filling needs from a member of Congress (legislators.models.Legislator)."""

    title: str
    first_name: str
    last_name: str
    official_name: str


PLACEHOLDERS: dict[str, str | Promise] = {
    "lawmaker_title": _("Sen., Rep. or Del."),
    "lawmaker_first_name": _("the member's first name"),
    "lawmaker_last_name": _("the member's last name"),
    "lawmaker_full_name": _("the member's official full name"),
    "supporter_name": _("the supporter's full name"),
    "supporter_first_name": _("the supporter's first name"),
    "city": _("the supporter's city"),
    "state": _("the supporter's state"),
}

# Anything between braces counts, so a typo such as "{ lawmaker title }" is caught
# instead of being mailed to an office.
_TOKEN = re.compile(r"\{([^{}\n]*)\}")


@dataclass(frozen=True)
class PlaceholderValues:
    """What a draft or script may mention; built from a member and the supporter's answers."""

    lawmaker_title: str = ""
    lawmaker_first_name: str = ""
    lawmaker_last_name: str = ""
    lawmaker_full_name: str = ""
    supporter_name: str = ""
    supporter_first_name: str = ""
    city: str = ""
    state: str = ""

    @classmethod
    def for_letter(
        cls, *, legislator: Member, first_name: str, last_name: str, city: str, state: str
    ) -> "PlaceholderValues":
        return cls(
            lawmaker_title=legislator.title,
            lawmaker_first_name=legislator.first_name,
            lawmaker_last_name=legislator.last_name,
            lawmaker_full_name=legislator.official_name,
            supporter_name=f"{first_name.strip()} {last_name.strip()}".strip(),
            supporter_first_name=first_name.strip(),
            city=city.strip(),
            state=state.strip().upper(),
        )


def unknown_placeholders(template: str) -> list[str]:
    return [name for name in _TOKEN.findall(template) if name not in PLACEHOLDERS]


def validate_template(template: str) -> None:
    """Raise ValidationError naming every placeholder that is not in the documented set."""
    unknown = unknown_placeholders(template)
    if unknown:
        raise ValidationError(
            _("Unknown placeholder(s): %(names)s. Use only: %(allowed)s."),
            code="unknown_placeholder",
            params={
                "names": ", ".join("{" + name + "}" for name in dict.fromkeys(unknown)),
                "allowed": ", ".join("{" + name + "}" for name in PLACEHOLDERS),
            },
        )


def fill(template: str, values: PlaceholderValues) -> str:
    """Replace each known placeholder with its value; values are inserted literally."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in PLACEHOLDERS:
            return getattr(values, name)
        # Drafts are validated on save; an unknown name here is left visible, not guessed.
        return match.group(0)

    return _TOKEN.sub(replace, template)
