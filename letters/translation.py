"""Fields staff may write in Spanish in the admin (see campaign/translation.py).

The page texts follow the visitor's language. The drafts never do: a letter starts from
the English draft unless the supporter picks the Spanish one (`LetterCampaign.draft_for`),
because offices answer in English.
"""

from modeltranslation.translator import TranslationOptions, register

from letters.models import DRAFT_FIELDS, LetterCampaign


@register(LetterCampaign)
class LetterCampaignTranslation(TranslationOptions):
    fields = ("title", "intro", *DRAFT_FIELDS)
