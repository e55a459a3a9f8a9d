from django.contrib import admin
from django.http import HttpRequest

from accounts.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit trail: superusers read it; nobody edits it, not even them."""

    list_display = ["created_at", "actor_username", "action", "object_type", "object_label"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_username", "action", "object_type", "object_id"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "created_at",
        "actor",
        "actor_username",
        "action",
        "object_type",
        "object_id",
        "object_label",
        "details",
    ]
    list_select_related = ["actor"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False
