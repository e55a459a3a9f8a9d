"""Admin for bills, cosponsorships, their change log and whip status."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import Count, Q, QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from legislators.models import (
    Bill,
    BillFamily,
    CandidateStatus,
    Committee,
    CommitteeSeat,
    Cosponsorship,
    CosponsorshipEvent,
    ReintroductionCandidate,
    Source,
)
from legislators.services import (
    cosponsorship_record_staff_change,
    reintroduction_confirm,
    reintroduction_dismiss,
)


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
    list_filter = ["congress", "bill_type", "is_current", "family"]
    search_fields = ["title", "short_title", "=number"]
    raw_id_fields = ["sponsor", "companion", "previous_version"]
    readonly_fields = ["synced_at", "congress_gov_link", "committees_of_referral"]
    inlines = [CosponsorshipInline]
    fieldsets = [
        (None, {"fields": ["congress", "bill_type", "number", "is_current", "companion"]}),
        (_("Across Congresses"), {"fields": ["family", "previous_version"]}),
        (
            _("From congress.gov"),
            {
                "fields": [
                    "title",
                    "introduced_date",
                    "sponsor",
                    "synced_at",
                    "congress_gov_link",
                    "committees_of_referral",
                ],
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

    @admin.display(description=_("committees of referral"))
    def committees_of_referral(self, bill: Bill) -> str:
        # Written by manage.py sync_bill_committees; shown here, never edited by hand.
        names = [str(r.committee) for r in bill.referrals.select_related("committee__parent")]
        return "; ".join(names) if names else "—"

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


class BillVersionInline(admin.TabularInline):
    model = Bill
    fk_name = "family"
    extra = 0
    can_delete = False
    fields = ["citation", "congress", "display_title", "is_current", "previous_version"]
    readonly_fields = fields
    ordering = ["-congress", "bill_type"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(BillFamily)
class BillFamilyAdmin(admin.ModelAdmin):
    list_display = ["name", "checked_through"]
    fields = ["name", "checked_through"]
    readonly_fields = ["checked_through"]
    inlines = [BillVersionInline]


@admin.register(ReintroductionCandidate)
class ReintroductionCandidateAdmin(admin.ModelAdmin):
    """Bills find_reintroduction proposed; staff confirm the one that is the campaign's."""

    list_display = [
        "citation",
        "congress",
        "title",
        "sponsor_name",
        "sponsor_matches",
        "title_matches",
        "introduced_date",
        "status",
    ]
    list_filter = ["status", "congress", "bill_type", "family"]
    search_fields = ["title", "sponsor_name", "=number"]
    actions = ["confirm_as_current", "dismiss"]
    readonly_fields = [
        "family",
        "congress",
        "bill_type",
        "number",
        "title",
        "introduced_date",
        "sponsor_bioguide_id",
        "sponsor_name",
        "sponsor_matches",
        "title_matches",
        "status",
        "found_at",
        "decided_at",
        "decided_by",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(
        description=_("Confirm as the campaign's bill (becomes the current version)"),
        permissions=["change"],
    )
    def confirm_as_current(self, request: HttpRequest, queryset: QuerySet) -> None:
        if queryset.count() != 1:
            self.message_user(
                request, _("Select exactly one bill to confirm."), level=messages.ERROR
            )
            return
        candidate = queryset.select_related("family").get()
        if candidate.status != CandidateStatus.PROPOSED:
            self.message_user(request, _("That bill was already decided on."), level=messages.ERROR)
            return
        bill = reintroduction_confirm(candidate=candidate, user=request.user)
        self.message_user(
            request,
            _(
                "%(bill)s is now a version of the campaign's bill. Run "
                "manage.py sync_cosponsors %(key)s to fetch its cosponsors."
            )
            % {"bill": bill, "key": bill.key},
            level=messages.SUCCESS,
        )

    @admin.action(description=_("Dismiss: not the campaign's bill"), permissions=["change"])
    def dismiss(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = 0
        for candidate in queryset.filter(status=CandidateStatus.PROPOSED):
            reintroduction_dismiss(candidate=candidate, user=request.user)
            count += 1
        self.message_user(
            request, _("%(count)s bills dismissed.") % {"count": count}, level=messages.SUCCESS
        )


class CommitteeSeatInline(admin.TabularInline):
    model = CommitteeSeat
    extra = 0
    can_delete = False
    fields = ["legislator", "side", "rank", "title"]
    readonly_fields = fields
    ordering = ["side", "rank"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    """Committees and seats come from the import (manage.py import_committees): read-only."""

    list_display = ["code", "name", "chamber", "parent", "is_current"]
    list_filter = ["chamber", "is_current"]
    search_fields = ["name", "=code"]
    list_select_related = ["parent"]
    fields = ["code", "name", "chamber", "parent", "url", "is_current"]
    readonly_fields = fields
    inlines = [CommitteeSeatInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
