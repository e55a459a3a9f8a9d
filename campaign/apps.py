from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CampaignConfig(AppConfig):
    name = "campaign"
    verbose_name = _("Campaign site")

    def ready(self) -> None:
        from campaign.staff import sync_group_permissions

        post_migrate.connect(sync_group_permissions, dispatch_uid="campaign.sync_group_permissions")
