from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WhipConfig(AppConfig):
    name = "whip"
    verbose_name = _("Whip counts")

    def ready(self) -> None:
        from legislators.signals import current_bill_changed
        from whip.services import current_bill_changed as carry_over

        current_bill_changed.connect(carry_over, dispatch_uid="whip.carry_over_statuses")
