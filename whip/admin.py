"""Admin for whip statuses: every save goes through whip_status_update, so history is kept."""

from typing import Any

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest

from whip.models import WhipStatus, WhipStatusChange
from whip.services import whip_status_update


class WhipStatusChangeInline(admin.TabularInline):
    model = WhipStatusChange
    extra = 0
    can_delete = False
    fields = ["changed_at", "changed_by", "old_status", "new_status", "other_changes", "note"]
    readonly_fields = fields
    ordering = ["-changed_at", "-id"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(WhipStatus)
class WhipStatusAdmin(admin.ModelAdmin):
    list_display = ["legislator", "bill", "status", "last_contact", "organizer", "updated_at"]
    list_filter = [
        "status",
        "bill",
        "legislator__chamber",
        "legislator__party",
        "organizer",
    ]
    list_select_related = ["legislator", "bill", "organizer"]
    search_fields = ["legislator__official_name", "legislator__bioguide_id", "legislator__state"]
    raw_id_fields = ["legislator"]
    inlines = [WhipStatusChangeInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # Moving a status to another bill or member would rewrite its history.
        return ["bill", "legislator"] if obj else []

    def save_model(
        self, request: HttpRequest, obj: WhipStatus, form: ModelForm, change: bool
    ) -> None:
        saved = whip_status_update(
            bill=obj.bill,
            legislator=obj.legislator,
            user=request.user,
            status=obj.status,
            last_contact=obj.last_contact,
            organizer=obj.organizer,
            notes=obj.notes,
        )
        obj.pk = saved.pk
        obj._state.adding = False
