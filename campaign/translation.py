"""Fields staff may write in Spanish in the admin (django-modeltranslation).

Each field below gets `<field>_en` and `<field>_es` columns; reading `post.title` gives
the active language's text, or the English one when the Spanish is blank.
"""

from modeltranslation.translator import TranslationOptions, register

from campaign.models import Event, NewsPost, Page, SiteBanner, Topic


@register(NewsPost)
class NewsPostTranslation(TranslationOptions):
    fields = ("title", "summary", "body", "body_html")


@register(Page)
class PageTranslation(TranslationOptions):
    fields = ("title", "summary", "body", "body_html")


@register(SiteBanner)
class SiteBannerTranslation(TranslationOptions):
    fields = ("message", "link_text")


@register(Event)
class EventTranslation(TranslationOptions):
    # The place is often a name (a union hall); a blank Spanish one shows the English.
    fields = ("title", "summary", "description", "location")


@register(Topic)
class TopicTranslation(TranslationOptions):
    fields = ("name", "description")
    # Names are unique in each language; a blank Spanish name is stored as NULL, so any
    # number of topics may still be without one.
    empty_values = {"name": None, "description": ""}
