"""Forms of the letter flow: who the supporter is, and the letters they approve."""

import unicodedata
from functools import lru_cache

from django import forms
from django.core.exceptions import ValidationError
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from legislators.models import Legislator
from legislators.states import state_choices
from letters.services import MAX_LETTER_LENGTH

MAX_SUBJECT_LENGTH = 200


def single_line(value: str) -> str:
    """Refuse line breaks and other control characters: names end up in email headers."""
    if any(unicodedata.category(char).startswith("C") for char in value):
        raise ValidationError(
            _("Please use a single line without special characters."), code="control_characters"
        )
    return " ".join(value.split())


def _text(label: str, *, max_length: int, required: bool = True, **attrs: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=forms.TextInput(attrs=attrs),
    )


class ConstituentForm(forms.Form):
    """Name, email and the postal address: offices answer their own constituents only."""

    first_name = _text(_("First name"), max_length=100, autocomplete="given-name")
    last_name = _text(_("Last name"), max_length=100, autocomplete="family-name")
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("We send you a copy of your letters. Offices reply to this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    street = _text(_("Street address"), max_length=200, autocomplete="address-line1")
    street_2 = _text(
        _("Apartment, suite (optional)"),
        max_length=200,
        required=False,
        autocomplete="address-line2",
    )
    city = _text(_("City"), max_length=100, autocomplete="address-level2")
    state = forms.ChoiceField(
        label=_("State"),
        choices=[("", _("Choose your state")), *state_choices()],
        widget=forms.Select(attrs={"autocomplete": "address-level1"}),
    )
    zip_code = forms.RegexField(
        label=_("ZIP code"),
        regex=r"^\d{5}(-\d{4})?$",
        max_length=10,
        error_messages={"invalid": _("Enter a five-digit ZIP code, for example 20001.")},
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    phone = forms.RegexField(
        label=_("Phone (optional)"),
        regex=r"^[0-9+().\- ]{7,30}$",
        max_length=30,
        required=False,
        error_messages={"invalid": _("Enter a phone number using digits, spaces and dashes.")},
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    # Each email list its own box, both unticked; the view keeps them apart from the
    # letters' signer details.
    list_opt_in = forms.BooleanField(
        label=_("Send me the campaign newsletter (you can leave any time)"),
        required=False,
        label_suffix="",
    )
    alerts_opt_in = forms.BooleanField(
        label=_("Send me action alerts when a vote or a call matters (you can leave any time)"),
        required=False,
        label_suffix="",
    )

    def __init__(self, *args: object, states: list[str] | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # The letters go to one state's members: the address must be in that state.
        self.allowed_states = states or []

    def as_div(self) -> SafeString:
        # Everyone arriving with the same ZIP code gets the same blank form, and rendering it
        # (the state list alone is some 60 <option> templates) was most of the page's cost.
        blank = not self.is_bound and set(self.initial) <= {"zip_code", "state"}
        if not blank or self.prefix is not None or self.auto_id != "id_%s":
            return super().as_div()
        return _blank_constituent_form(
            get_language(), self.initial.get("zip_code", ""), self.initial.get("state", "")
        )

    def clean_first_name(self) -> str:
        return single_line(self.cleaned_data["first_name"])

    def clean_last_name(self) -> str:
        return single_line(self.cleaned_data["last_name"])

    def clean_street(self) -> str:
        return single_line(self.cleaned_data["street"])

    def clean_street_2(self) -> str:
        return single_line(self.cleaned_data["street_2"])

    def clean_city(self) -> str:
        return single_line(self.cleaned_data["city"])

    def clean_state(self) -> str:
        state = self.cleaned_data["state"]
        if self.allowed_states and state not in self.allowed_states:
            raise ValidationError(
                _("Your lawmakers represent %(states)s; enter an address there."),
                params={"states": ", ".join(self.allowed_states)},
                code="other_state",
            )
        return state


@lru_cache(maxsize=1024)
def _blank_constituent_form(language: str | None, zip_code: str, state: str) -> SafeString:
    """The blank details form as HTML, per language and initial values, kept per process."""
    form = ConstituentForm(initial={"zip_code": zip_code, "state": state})
    return super(ConstituentForm, form).as_div()


class LettersForm(forms.Form):
    """One subject and body per member; read-only unless the campaign lets supporters edit."""

    def __init__(
        self,
        *args: object,
        members: list[Legislator],
        initial_texts: dict[int, tuple[str, str]],
        editable: bool,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.members = members
        self.editable = editable
        self.initial_texts = initial_texts
        if not editable:
            return
        for member in members:
            subject, body = initial_texts[member.pk]
            self.fields[f"subject_{member.pk}"] = forms.CharField(
                label=_("Subject"), max_length=MAX_SUBJECT_LENGTH, initial=subject
            )
            self.fields[f"body_{member.pk}"] = forms.CharField(
                label=_("Your letter to %(name)s") % {"name": f"{member.title} {member.name}"},
                max_length=MAX_LETTER_LENGTH,
                initial=body,
                widget=forms.Textarea(attrs={"rows": 14}),
                help_text=_("Up to %(count)s characters. Plain text.")
                % {"count": MAX_LETTER_LENGTH},
            )

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.editable:
            for member in self.members:
                key = f"subject_{member.pk}"
                if key in cleaned:
                    try:
                        cleaned[key] = single_line(cleaned[key])
                    except ValidationError as error:
                        self.add_error(key, error)
        return cleaned

    def texts(self) -> dict[int, tuple[str, str]]:
        """(subject, body) per member id: as edited, or the campaign's own text."""
        if not self.editable:
            return dict(self.initial_texts)
        return {
            member.pk: (
                self.cleaned_data[f"subject_{member.pk}"],
                self.cleaned_data[f"body_{member.pk}"].replace("\r\n", "\n").strip(),
            )
            for member in self.members
        }

    def rows(self) -> list[dict]:
        return [
            {
                "member": member,
                "subject": self[f"subject_{member.pk}"] if self.editable else None,
                "body": self[f"body_{member.pk}"] if self.editable else None,
                "text": self.initial_texts[member.pk],
            }
            for member in self.members
        ]


class AddressForm(forms.Form):
    """The street address, asked only when the ZIP code spans House districts."""

    address = forms.CharField(
        label=_("Street address"),
        max_length=200,
        help_text=_("Your ZIP code is split between districts; your street tells us which."),
        widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),
    )
