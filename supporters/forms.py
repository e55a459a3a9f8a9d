"""The preferences form: every list, each its own box."""

from django import forms
from django.utils.translation import gettext_lazy as _

from supporters.models import EmailList


class PreferencesForm(forms.Form):
    lists = forms.MultipleChoiceField(
        label=_("Send me"),
        choices=EmailList.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
