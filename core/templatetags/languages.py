from django import template
from django.db.models import Model

from core.i18n import is_untranslated

register = template.Library()


@register.simple_tag
def fallback_language(obj: Model | None, *fields: str) -> str:
    """'en' when `obj` has none of `fields` in the page's language and shows English, else ''.

    Templates mark the English text with lang="en" and show partials/_untranslated.html.
    """
    if obj is None or not is_untranslated(obj, fields):
        return ""
    return "en"
