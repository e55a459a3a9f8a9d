from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegislatorsConfig(AppConfig):
    name = "legislators"
    verbose_name = _("Lawmakers and bills")

    def ready(self) -> None:
        from legislators import checks  # noqa: F401 - registers the settings checks
