from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Shared helpers")

    def ready(self) -> None:
        from core.pagecache import content_changed

        post_save.connect(content_changed, dispatch_uid="core.pagecache.saved")
        post_delete.connect(content_changed, dispatch_uid="core.pagecache.deleted")
