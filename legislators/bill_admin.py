"""Admin for bills, cosponsorships, their change log and whip status."""

from typing import Any

from django.contrib import admin
from django.db.models import Count, Q, QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from legislators.models import Bill, Cosponsorship, CosponsorshipEvent, Source
from legislators.services import cosponsorship_record_staff_change


class CosponsorshipInline(admin.TabularInline):
    model = Cosponsorship
    extra = 0
    raw_id_fields = ["legislator"]
    fields = ["legislator", "sponsorship_date", "is_original", "withdrawn_date", "source"]
    readonly_fields = ["source"]
    ordering = ["sponsorship_date"]


@admin.register(Bill)
class BillAdmin(admin.ModelAdmin):
    list_display = [
        "citation",
        "congress",
        "display_title",
        "sponsor",
        "active_cosponsors",
        "is_current",
        "synced_at",
    ]
    list_filter = ["congress", "bill_type", "is_current"]
    search_fields = ["title", "short_title", "=number"]
    raw_id_fields = ["sponsor", "companion"]
    readonly_fields = ["synced_at", "congress_gov_link"]
    inlines = [CosponsorshipInline]
    fieldsets = [
        (None, {"fields": ["congress", "bill_type", "number", "is_current", "companion"]}),
        (
            _("From congress.gov"),
            {
                "fields": ["title", "introduced_date", "sponsor", "synced_at", "congress_gov_link"],
                "description": _(
                    "The sync (manage.py sync_cosponsors) keeps these and the cosponsors up "
                    "to date."
                ),
            },
        ),
        (_("Ours"), {"fields": ["short_title", "summary"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .select_related("sponsor")
            .annotate(
                active_count=Count(
                    "cosponsorships", filter=Q(cosponsorships__withdrawn_date__isnull=True)
                )
            )
        )

    @admin.display(description=_("cosponsors"), ordering="active_count")
    def active_cosponsors(self, bill: Bill) -> int:
        return bill.active_count

    @admin.display(description=_("on congress.gov"))
    def congress_gov_link(self, bill: Bill) -> str:
        return bill.congress_gov_url if bill.pk else ""

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool
    ) -> None:
        if formset.model is not Cosponsorship:
            return super().save_formset(request, form, formset, change)
        previous = {
            f.instance.pk: f.initial.get("withdrawn_date") for f in formset.forms if f.instance.pk
        }
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        for cosponsorship in instances:
            created = cosponsorship.pk is None
            if created:
                cosponsorship.source = Source.STAFF
            cosponsorship.save()
            cosponsorship_record_staff_change(
                cosponsorship=cosponsorship,
                created=created,
                previous_withdrawn_date=previous.get(cosponsorship.pk),
            )
        formset.save_m2m()


@admin.register(CosponsorshipEvent)
class CosponsorshipEventAdmin(admin.ModelAdmin):
    list_display = ["recorded_at", "bill", "legislator", "kind", "date", "source", "detail"]
    list_filter = ["kind", "source", "bill"]
    list_select_related = ["bill", "legislator"]
    search_fields = ["legislator__official_name", "legislator__bioguide_id"]
    date_hierarchy = "recorded_at"

    # The log is written by the sync and by staff edits to cosponsorships, never by hand.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
