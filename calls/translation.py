"""Fields staff may write in Spanish in the admin (see campaign/translation.py)."""

from modeltranslation.translator import TranslationOptions, register

from calls.models import CallCampaign


@register(CallCampaign)
class CallCampaignTranslation(TranslationOptions):
    fields = ("title", "ask", "ask_script", "thanks_script", "again_script")
