"""Fields staff may write in Spanish in the admin (see campaign/translation.py)."""

from modeltranslation.translator import TranslationOptions, register

from petitions.models import Petition


@register(Petition)
class PetitionTranslation(TranslationOptions):
    fields = ("title", "summary", "body", "addressed_to", "thank_you_text", "share_text")
