from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WhipConfig(AppConfig):
    name = "whip"
    verbose_name = _("Whip counts")
