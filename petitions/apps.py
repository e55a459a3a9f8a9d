from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "petitions"
    verbose_name = _("Petitions")

    def ready(self) -> None:
        from petitions.services import supporter_deleting
        from supporters.signals import supporter_deleting as deleting

        deleting.connect(supporter_deleting, dispatch_uid="petitions.uncount_deleted_supporter")
