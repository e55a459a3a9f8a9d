from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportersConfig(AppConfig):
    name = "supporters"
    verbose_name = _("Supporters and the email list")

    def ready(self) -> None:
        from supporters import receivers

        receivers.connect()
