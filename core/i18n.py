"""Languages on the public site: addresses per language, alternates, and what fell back.

English pages keep their old unprefixed addresses; Spanish ones live under /es/. Pages link
to every language's version (hreflang) and name the English one as x-default. Staff pages
under the admin follow the language a staff member chose with the switch.
"""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.urls import translate_url
from django.utils import translation
from django.views.decorators.csrf import csrf_protect
from django.views.i18n import set_language as django_set_language


def without_language_prefix(path: str) -> str:
    """The path as the default language writes it (`/es/write/` -> `/write/`)."""
    language = translation.get_language_from_path(path)
    if language and language != settings.LANGUAGE_CODE:
        return path[len(language) + 1 :] or "/"
    return path


def localized_path(path: str, language: str) -> str:
    """The same page in `language` (a path without query string)."""
    return translate_url(path, language)


def alternates(request: HttpRequest) -> list[tuple[str, str]]:
    """(hreflang, absolute URL) for every language of the requested page, then x-default."""
    path = request.path
    links = [
        (code, settings.SITE_URL + localized_path(path, code)) for code, _name in settings.LANGUAGES
    ]
    links.append(("x-default", settings.SITE_URL + localized_path(path, settings.LANGUAGE_CODE)))
    return links


def is_untranslated(obj: Model, fields: Iterable[str]) -> bool:
    """True on a non-default language when `obj` has none of `fields` written in it.

    The page then shows the default language's text (the models fall back) and says so.
    """
    language = translation.get_language() or settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE:
        return False
    suffix = language.replace("-", "_")
    return not any(getattr(obj, f"{name}_{suffix}", "") for name in fields)


def spanish_fill_in(obj: Model, data: dict[str, Any]) -> bool:
    """Give a row of demo content made before it had Spanish its Spanish text; True if changed.

    `data` holds the demo's English fields and their `_es` versions. Only where no editor
    has touched the row: each Spanish field is still blank and its English one still reads
    as the demo wrote it.
    """
    spanish = {key: value for key, value in data.items() if key.endswith("_es")}
    for key in spanish:
        english = key.removesuffix("_es")
        if getattr(obj, key) or getattr(obj, f"{english}_en") != data[english]:
            return False
    for key, value in spanish.items():
        setattr(obj, key, value)
    obj.save()
    return bool(spanish)


class SavedInEnglish:
    """For models with translated fields: the original column is written in English.

    django-modeltranslation keeps the original column (`title`) beside `title_en` and
    `title_es`, and saves in it whatever the active language reads. Saving in English keeps
    it a faithful copy of the English text, whatever language the editor works in, so nothing
    is lost if the Spanish columns are ever rolled back.
    """

    def save(self, *args: Any, **kwargs: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            super().save(*args, **kwargs)  # type: ignore[misc]


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, except that the admin follows the chosen language.

    With English unprefixed, Django serves every address outside /es/ in English. The
    admin has one address for everyone, so there the language cookie (set by the switch)
    or the browser's preference decides.
    """

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        if request.path_info.startswith("/" + settings.ADMIN_URL):
            language = translation.get_language_from_request(request)
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()


@csrf_protect
def set_language(request: HttpRequest) -> HttpResponse:
    """The language switch: the chosen language's version of the page the visitor was on.

    Django's view translates `next` by resolving it in the request's language, which is
    English here (the switch's address has no prefix), so a Spanish `next` is first written
    the English way.
    """
    if request.method == "POST" and "next" in request.POST:
        request.POST = request.POST.copy()
        request.POST["next"] = without_language_prefix(request.POST["next"])
    return django_set_language(request)
