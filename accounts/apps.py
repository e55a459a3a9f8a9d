from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Staff accounts and audit trail")

    def ready(self) -> None:
        from accounts.staff import sync_group_permissions

        post_migrate.connect(sync_group_permissions, dispatch_uid="accounts.sync_group_permissions")
