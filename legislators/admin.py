from django.contrib import admin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from accounts.services import audit_record

# Bills, cosponsors and whip status register themselves there.
from legislators import bill_admin  # noqa: F401
from legislators.models import Legislator, RosterImport, ZipDistrict
from legislators.sources import IMPORTED_FIELDS, SOCIAL_FIELDS


class DeliveryAddressFilter(admin.SimpleListFilter):
    title = _("letter delivery address")
    parameter_name = "delivery"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [("set", _("Set")), ("missing", _("Missing"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "set":
            return queryset.exclude(delivery_email="")
        if self.value() == "missing":
            return queryset.filter(delivery_email="")
        return queryset


@admin.register(Legislator)
class LegislatorAdmin(admin.ModelAdmin):
    # Members come from the import; staff only keep the delivery address and notes.
    list_display = (
        "official_name",
        "seat_display",
        "party",
        "chamber",
        "is_serving",
        "left_office_at",
        "has_delivery",
    )
    list_filter = (
        "is_serving",
        "chamber",
        "party",
        DeliveryAddressFilter,
        "is_voting",
        "source",
        "state",
    )
    search_fields = ("official_name", "first_name", "last_name", "=bioguide_id", "=state")
    ordering = ("state", "chamber", "district", "last_name")
    list_per_page = 100
    readonly_fields = (
        "bioguide_id",
        *IMPORTED_FIELDS,
        *SOCIAL_FIELDS,
        "is_serving",
        "left_office_at",
        "source",
        "imported_at",
    )
    fieldsets = (
        (_("Letters (maintained by staff)"), {"fields": ("delivery_email", "staff_notes")}),
        (
            _("Member (imported; read-only)"),
            {
                "fields": (
                    "bioguide_id",
                    ("first_name", "last_name", "official_name"),
                    ("chamber", "state", "district", "is_voting"),
                    ("senate_class", "state_rank"),
                    "party",
                    ("term_start", "term_end"),
                    ("is_appointed", "term_end_type"),
                    ("is_serving", "left_office_at"),
                    ("source", "imported_at"),
                )
            },
        ),
        (
            _("Contact (imported; read-only)"),
            {
                "fields": (
                    "office_address",
                    "phone",
                    "website",
                    "contact_form_url",
                    ("twitter", "facebook", "youtube", "instagram"),
                )
            },
        ),
    )

    @admin.display(description=_("seat"), ordering="state")
    def seat_display(self, member: Legislator) -> str:
        return member.seat

    @admin.display(description=_("delivery address"), boolean=True)
    def has_delivery(self, member: Legislator) -> bool:
        return bool(member.delivery_email)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Legislator | None = None) -> bool:
        # Letters and cosponsorships point at members; the import retires them instead.
        return False

    def save_model(
        self, request: HttpRequest, obj: Legislator, form: ModelForm, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        if "delivery_email" in form.changed_data:
            # An office address, not a supporter's: where letters go is what is audited.
            audit_record(
                actor=request.user,
                action="legislators.delivery_email.change",
                target=obj,
                details={
                    "bioguide_id": obj.bioguide_id,
                    "old": form.initial.get("delivery_email", ""),
                    "new": obj.delivery_email,
                },
            )


@admin.register(ZipDistrict)
class ZipDistrictAdmin(admin.ModelAdmin):
    list_display = ("zcta", "state", "district")
    list_filter = ("state",)
    search_fields = ("=zcta",)
    list_per_page = 100

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ZipDistrict | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ZipDistrict | None = None) -> bool:
        return False


# How each kind of change reads in the admin.
CHANGE_LABELS = {
    "arrival": _("Arrival"),
    "departure": _("Departure"),
    "seat": _("Seat change"),
    "party": _("Party change"),
    "vacancy": _("Vacant seat"),
}


@admin.register(RosterImport)
class RosterImportAdmin(admin.ModelAdmin):
    """What each members import changed. Written by the import only: read-only here."""

    list_display = ("imported_at", "added", "updated", "departed", "change_count", "source")
    date_hierarchy = "imported_at"
    fields = (
        "imported_at",
        "source",
        ("added", "updated", "departed", "unchanged"),
        "change_list",
        "warning_list",
    )
    readonly_fields = (
        "imported_at",
        "source",
        "added",
        "updated",
        "departed",
        "unchanged",
        "change_list",
        "warning_list",
    )

    @admin.display(description=_("changes"))
    def change_count(self, record: RosterImport) -> int:
        return len(record.changes)

    @admin.display(description=_("what changed"))
    def change_list(self, record: RosterImport) -> str:
        rows = []
        for change in record.changes:
            if not isinstance(change, dict):
                continue
            label = CHANGE_LABELS.get(change.get("kind"), change.get("kind", ""))
            if change.get("kind") == "vacancy":
                detail = change.get("seat", "")
            else:
                moves = " → ".join(v for v in (change.get("before"), change.get("after")) if v)
                detail = f"{change.get('name', '')} ({change.get('bioguide_id', '')}) {moves}"
                if change.get("kind") == "departure" or "letters" in change:
                    detail += " · " + str(_("undelivered letters: %(count)s")) % {
                        "count": change.get("letters", 0)
                    }
                if change.get("address_cleared"):
                    detail += " · " + str(_("office address cleared: enter the new office's"))
            rows.append((label, detail))
        if not rows:
            return str(_("Nothing changed."))
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}: {}</li>", rows))

    @admin.display(description=_("warnings"))
    def warning_list(self, record: RosterImport) -> str:
        if not record.warnings:
            return "—"
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((w,) for w in record.warnings))
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: RosterImport | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: RosterImport | None = None) -> bool:
        return False
