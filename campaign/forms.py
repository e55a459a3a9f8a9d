import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from campaign.models import Topic
from campaign.validators import (
    US_STATES,
    normalise_local_number,
    normalise_us_phone,
    normalise_zip,
)
from supporters.models import EmailList, normalise_email

SEARCH_MAX_LENGTH = 100


EARLIEST_YEAR, LATEST_YEAR = 1990, 2100


def _within_archive(day: datetime.date | None) -> datetime.date | None:
    # Far-off years are typing slips, and year 9999 would overflow date arithmetic.
    if day and not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise forms.ValidationError(
            _("Choose a date between %(first)d and %(last)d."),
            params={"first": EARLIEST_YEAR, "last": LATEST_YEAR},
        )
    return day


class NewsFilterForm(forms.Form):
    """The news list's search, topic and "published between" filters (a GET form)."""

    q = forms.CharField(
        label=_("Keywords"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        error_messages={
            "max_length": _("Please use %(limit_value)d characters or fewer in your search."),
        },
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All topics"),
        error_messages={"invalid_choice": _("We have no such topic; showing all topics.")},
    )
    published_from = forms.DateField(
        label=_("Published from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "invalid": _("Enter the start date as YYYY-MM-DD, for example 2018-05-01.")
        },
    )
    published_to = forms.DateField(
        label=_("Published until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter the end date as YYYY-MM-DD, for example 2018-05-31.")},
    )

    def clean_published_from(self) -> datetime.date | None:
        return _within_archive(self.cleaned_data["published_from"])

    def clean_published_to(self) -> datetime.date | None:
        return _within_archive(self.cleaned_data["published_to"])

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].split())

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("published_from"), cleaned.get("published_to")
        if start and end and start > end:
            self.add_error(
                "published_to", _("The end date is before the start date; swap them and try again.")
            )
        return cleaned

    def valid_filters(self) -> dict:
        """Every filter that parsed, even when another one did not (a bad date keeps the search)."""
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in self.errors and value not in (None, "")
        }


MAX_EXPECTED_PARTICIPANTS = 10_000


class EventRegistrationForm(forms.Form):
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
        widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),
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


class ListSignupForm(forms.Form):
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
    # Each list is its own consent, so each has its own box.
    lists = forms.MultipleChoiceField(
        label=_("What would you like to get?"),
        choices=EmailList.choices,
        initial=[EmailList.NEWSLETTER],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # Tells a form with the boxes from one sent before they existed (a page still open
    # in someone's browser): that one asked for the newsletter.
    lists_shown = forms.CharField(initial="1", required=False, widget=forms.HiddenInput)

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data["email"])

    def clean_zip_code(self) -> str:
        return normalise_zip(self.cleaned_data["zip_code"], allow_plus_four=False)

    def clean(self) -> dict:
        cleaned = super().clean()
        if not cleaned.get("lists") and "lists" not in self.errors:
            if cleaned.get("lists_shown"):
                self.add_error("lists", _("Tick at least one list to join."))
            else:
                cleaned["lists"] = [EmailList.NEWSLETTER]
        return cleaned
