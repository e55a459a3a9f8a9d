import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from campaign.models import Topic

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
