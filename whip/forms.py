from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from whip.models import EDITABLE_WHIP_CHOICES


class WhipQuickForm(forms.Form):
    """The short form in each row of the whip board."""

    status = forms.ChoiceField(label=_("Status"), choices=EDITABLE_WHIP_CHOICES)
    last_contact = forms.DateField(
        label=_("Last contact"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(
        label=_("Note on this change"), required=False, max_length=2000, strip=True
    )


class WhipFullForm(WhipQuickForm):
    """Everything staff keep on a member, on the member's own whip page."""

    organizer = forms.ModelChoiceField(label=_("Assigned organizer"), queryset=None, required=False)
    notes = forms.CharField(
        label=_("Standing notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
    )
    field_order = ["status", "last_contact", "organizer", "notes", "note"]

    def __init__(self, *args: Any, organizers: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organizer"].queryset = (
            get_user_model()
            .objects.filter(pk__in=[user.pk for user in organizers])
            .order_by("username")
        )
