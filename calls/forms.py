"""Forms of the call flow: the ZIP step, one reported call, and the optional alerts sign-up."""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from calls.models import CallOutcome


def _single_line(value: str) -> str:
    if any(unicodedata.category(char).startswith("C") for char in value):
        raise ValidationError(
            _("Please use a single line without special characters."), code="control_characters"
        )
    return " ".join(value.split())


class StartForm(forms.Form):
    """The ZIP code, and the city the scripts mention (optional)."""

    zip = forms.CharField(label=_("Your ZIP code"), max_length=20)
    city = forms.CharField(label=_("Your city (optional)"), max_length=100, required=False)

    def clean_city(self) -> str:
        return _single_line(self.cleaned_data["city"])


class ReportForm(forms.Form):
    """How one call went: which office, and the outcome; where the caller lives to find them."""

    zip = forms.CharField(max_length=20)
    seat = forms.CharField(max_length=10, required=False)
    legislator = forms.IntegerField(min_value=1, max_value=2**31 - 1)
    outcome = forms.ChoiceField(choices=CallOutcome.choices)


class AlertsForm(forms.Form):
    """An optional email for the action alerts; joining needs the box ticked."""

    email = forms.EmailField(label=_("Email"), max_length=254)
    consent = forms.BooleanField(
        label=_("Yes, email me when the next call or vote matters. I can unsubscribe any time."),
    )
    zip = forms.CharField(max_length=20, required=False, widget=forms.HiddenInput)
