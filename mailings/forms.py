"""The mailing form in the admin: the audience as plain fields, stored as audience_params."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import get_translation_fields

from legislators.models import Chamber
from legislators.states import state_choices
from letters.models import LetterCampaign
from mailings import audiences, rendering
from mailings.models import TRANSLATED_FIELDS, Mailing
from petitions.models import Petition

# Form field -> key in audience_params, per audience.
AUDIENCE_FIELDS: dict[str, list[tuple[str, str]]] = {
    Mailing.Audience.EVERYONE: [],
    Mailing.Audience.STATE: [("audience_state", "state")],
    Mailing.Audience.DISTRICT: [("audience_state", "state"), ("audience_district", "district")],
    Mailing.Audience.STANCE: [("audience_chamber", "chamber"), ("audience_stance", "stance")],
    Mailing.Audience.ACTION: [
        ("signed_petition", "signed_petition"),
        ("not_signed_petition", "not_signed_petition"),
        ("wrote_letter", "wrote_letter"),
        ("wrote_no_letter", "wrote_no_letter"),
        ("letter_campaign", "letter_campaign"),
    ],
}
AUDIENCE_DETAIL_FIELDS = [
    "audience_state",
    "audience_district",
    "audience_chamber",
    "audience_stance",
    "signed_petition",
    "not_signed_petition",
    "wrote_letter",
    "wrote_no_letter",
    "letter_campaign",
]


class MailingForm(forms.ModelForm):
    audience_state = forms.ChoiceField(
        label=_("state"), required=False, help_text=_("For audiences by state or district.")
    )
    audience_district = forms.IntegerField(
        label=_("district"),
        required=False,
        min_value=0,
        max_value=99,
        help_text=_("For an audience by district; 0 for an at-large seat."),
    )
    audience_chamber = forms.ChoiceField(
        label=_("their lawmakers in"),
        required=False,
        choices=[("", _("either chamber")), *Chamber.choices],
        help_text=_("For an audience by stance."),
    )
    audience_stance = forms.ChoiceField(
        label=_("stance on the current bill"),
        required=False,
        help_text=_(
            "Cosponsor: sponsors or cosponsors the bill's version in their chamber. "
            "Withdrew: took their cosponsorship back. Undecided: everyone else."
        ),
    )
    signed_petition = forms.ModelChoiceField(
        label=_("signed the petition"), queryset=Petition.objects.all(), required=False
    )
    not_signed_petition = forms.ModelChoiceField(
        label=_("did not sign the petition"), queryset=Petition.objects.all(), required=False
    )
    wrote_letter = forms.BooleanField(label=_("wrote a letter"), required=False)
    wrote_no_letter = forms.BooleanField(label=_("wrote no letter"), required=False)
    letter_campaign = forms.ModelChoiceField(
        label=_("letters of the campaign"),
        queryset=LetterCampaign.objects.all(),
        required=False,
        help_text=_("Empty: a letter of any campaign counts."),
    )

    class Meta:
        model = Mailing
        fields = [
            "slug",
            "subject",
            "body",
            "paragraph_cosponsor",
            "paragraph_undecided",
            "paragraph_opposed",
            "email_list",
            "audience",
            "send_at",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "audience_state" in self.fields:
            self.fields["audience_state"].choices = [("", "---------"), *state_choices()]
        if "audience_stance" in self.fields:
            self.fields["audience_stance"].choices = [
                ("", "---------"),
                *audiences.stance_labels().items(),
            ]
        params = self.instance.audience_params or {}
        for fields in AUDIENCE_FIELDS.values():
            for name, key in fields:
                if name in self.fields and key in params:
                    self.initial.setdefault(name, params[key])

    def _clean_merge_fields(self) -> None:
        # Each language's column is its own admin field (subject_en, subject_es, ...).
        for name in TRANSLATED_FIELDS:
            for column in get_translation_fields(name):
                text = self.cleaned_data.get(column) or ""
                unknown = [
                    raw for raw, _f in rendering.fields_in(text) if raw not in rendering.FIELDS
                ]
                if unknown and column in self.fields:
                    self.add_error(
                        column,
                        ValidationError(
                            _("Unknown merge field(s): %(names)s. Use only: %(allowed)s."),
                            params={
                                "names": ", ".join("{" + n + "}" for n in dict.fromkeys(unknown)),
                                "allowed": ", ".join("{" + n + "}" for n in rendering.FIELDS),
                            },
                        ),
                    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self._clean_merge_fields()
        if "audience" not in self.fields:
            # Editors do not choose audiences: what an Organizer chose stays.
            return data
        audience = data.get("audience") or Mailing.Audience.EVERYONE
        params: dict[str, Any] = {}
        for name, key in AUDIENCE_FIELDS.get(audience, []):
            value = data.get(name)
            if value in (None, "", False):
                continue
            params[key] = value.pk if hasattr(value, "pk") else value
        try:
            audiences.audience_filter(audience=audience, params=params)
        except audiences.AudienceError as error:
            raise ValidationError(str(error)) from None
        self.instance.audience_params = params
        return data
