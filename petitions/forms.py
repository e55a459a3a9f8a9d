from typing import Any, ClassVar

from django import forms
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from legislators.lookup import ZipLocation, zip_location
from petitions.validators import (
    normalise_zip,
    reject_control_characters,
    reject_control_characters_multiline,
)
from supporters.models import normalise_email


class CachedSelect(forms.Select):
    """A select whose HTML is rendered once per language, value and attributes.

    Django renders each of the ~250 country options through a template, which
    costs about 100 ms; the petition page must stay fast on a viral day.
    """

    _rendered: ClassVar[dict[tuple, SafeString]] = {}
    _max_entries = 256

    def render(self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None) -> str:
        key = (
            get_language(),
            name,
            str(value),
            tuple(sorted((attrs or {}).items())),
            tuple(sorted(self.attrs.items())),
        )
        html = self._rendered.get(key)
        if html is None:
            html = super().render(name, value, attrs, renderer)
            if len(self._rendered) >= self._max_entries:
                self._rendered.clear()
            self._rendered[key] = html
        return html


def country_choices() -> list[tuple[str, str]]:
    others = [(code, name) for code, name in countries if code != "US"]
    return [("US", _("United States")), *others]


class CountryField(forms.ChoiceField):
    """The country choice, validated by code.

    ChoiceField checks a value by walking its choices, and these are ~250 names
    translated and sorted afresh on every submission; the codes are the same set.
    """

    def valid_value(self, value: Any) -> bool:
        return isinstance(value, str) and value in countries


class SignatureForm(forms.Form):
    first_name = forms.CharField(
        label=_("First name"),
        max_length=100,
        validators=[reject_control_characters],
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=100,
        validators=[reject_control_characters],
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        validators=[reject_control_characters],
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    zip_code = forms.CharField(
        label=_("ZIP code"),
        max_length=10,
        required=False,
        validators=[reject_control_characters],
        help_text=_("We use it to find your senators and representative."),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    country = CountryField(
        label=_("Country"),
        choices=country_choices,
        initial="US",
        help_text=_("Living outside the United States? Choose your country; no ZIP needed."),
        widget=CachedSelect(attrs={"autocomplete": "country"}),
    )
    comment = forms.CharField(
        label=_("Why are you signing? (optional)"),
        max_length=500,
        required=False,
        validators=[reject_control_characters_multiline],
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    show_publicly = forms.BooleanField(
        label=_("Show my first name and state on this page"), required=False, label_suffix=""
    )
    # Each list its own box, both unticked: ticking one is consent to that list only.
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Where the ZIP lies, found while validating it; the service stores it with the
        # supporter instead of looking the ZIP up a second time.
        self.location: ZipLocation | None = None

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data["email"])

    def clean(self) -> dict:
        cleaned = super().clean()
        country = cleaned.get("country")
        raw_zip = (cleaned.get("zip_code") or "").strip()
        if country == "US":
            if not raw_zip:
                if "zip_code" not in self.errors:
                    self.add_error("zip_code", _("Enter your ZIP code."))
                return cleaned
            try:
                zip_code = normalise_zip(raw_zip)
            except forms.ValidationError as error:
                self.add_error("zip_code", error)
                return cleaned
            self.location = zip_location(zip_code=zip_code)
            if self.location is None:
                self.add_error(
                    "zip_code",
                    _("We could not find that ZIP code. Please check it."),
                )
                return cleaned
            cleaned["zip_code"] = zip_code
        elif country:
            # A ZIP means nothing outside the US; ignore whatever was typed.
            cleaned["zip_code"] = ""
        return cleaned
