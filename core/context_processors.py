from django.http import HttpRequest

from core.i18n import alternates


def languages(request: HttpRequest) -> dict:
    """`language_alternates`: (hreflang, URL) of this page in every language, for base.html."""
    if getattr(request, "resolver_match", None) is None:
        return {"language_alternates": []}
    return {"language_alternates": alternates(request)}
