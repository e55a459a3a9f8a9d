"""Fields staff may write in Spanish in the admin (see campaign/translation.py).

A recipient whose `email_language` is Spanish gets each of these in Spanish where it is
written, else in English, field by field (`mailings.rendering.texts_for`).
"""

from modeltranslation.translator import TranslationOptions, register

from mailings.models import TRANSLATED_FIELDS, Mailing


@register(Mailing)
class MailingTranslation(TranslationOptions):
    fields = TRANSLATED_FIELDS
