from django import forms
from django.utils.translation import gettext_lazy as _

from campaign.validators import (
    US_STATES,
    normalise_local_number,
    normalise_us_phone,
    normalise_zip,
)
from petitions.models import normalise_email

MAX_EXPECTED_PARTICIPANTS = 10_000


class HoneypotMixin(forms.Form):
    """A field people never see; bots that fill every input give themselves away."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def visible_fields(self) -> list:
        return [field for field in super().visible_fields() if field.name != "website"]


class EventRegistrationForm(HoneypotMixin, forms.Form):
    local_number = forms.CharField(
        label=_("Local number"),
        max_length=20,
        help_text=_("Digits only, for example 1101."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    contact_name = forms.CharField(
        label=_("Contact name"),
        min_length=2,
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        help_text=_("With area code, for example 202-555-0143."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    street = forms.CharField(
        label=_("Street address"),
        max_length=200,
        help_text=_("Where we ship your materials box; include suite or room if needed."),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    city = forms.CharField(
        label=_("City"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    state = forms.ChoiceField(
        label=_("State"),
        choices=[("", _("Choose a state")), *US_STATES],
        widget=forms.Select(attrs={"autocomplete": "address-level1"}),
    )
    zip_code = forms.CharField(
        label=_("ZIP code"),
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    expected_participants = forms.IntegerField(
        label=_("Expected participants"),
        min_value=1,
        max_value=MAX_EXPECTED_PARTICIPANTS,
        help_text=_("About how many members will take part."),
    )

    def clean_local_number(self) -> str:
        return normalise_local_number(self.cleaned_data["local_number"])

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data["email"])

    def clean_phone(self) -> str:
        return normalise_us_phone(self.cleaned_data["phone"])

    def clean_zip_code(self) -> str:
        return normalise_zip(self.cleaned_data["zip_code"])


class ListSignupForm(HoneypotMixin, forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        min_length=2,
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    zip_code = forms.CharField(
        label=_("ZIP code"),
        max_length=5,
        help_text=_("So we can tell you about your own lawmakers and local actions."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data["email"])

    def clean_zip_code(self) -> str:
        return normalise_zip(self.cleaned_data["zip_code"], allow_plus_four=False)
