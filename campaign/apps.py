from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class CampaignConfig(AppConfig):
    name = "campaign"
    verbose_name = _("Campaign site")

    def ready(self) -> None:
        from campaign.pagecache import content_changed
        from campaign.staff import sync_group_permissions

        post_save.connect(content_changed, dispatch_uid="campaign.pagecache.saved")
        post_delete.connect(content_changed, dispatch_uid="campaign.pagecache.deleted")

        post_migrate.connect(sync_group_permissions, dispatch_uid="campaign.sync_group_permissions")
