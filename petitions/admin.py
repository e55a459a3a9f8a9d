from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from accounts.services import audit_record
from core.admin import EstimatedCountPaginator
from core.csv import csv_response
from petitions import services
from petitions.models import Petition, Signature
from supporters.admin import SEARCH_HELP, DistrictFilter, StateFilter


@admin.register(Petition)
class PetitionAdmin(TranslationAdmin):
    list_display = ["title", "status", "goal", "signature_count", "is_featured", "created_at"]
    list_filter = ["status", "is_featured", "requires_confirmation"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    list_select_related = ["bill"]
    actions = ["recount"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body", "addressed_to", "bill"]}),
        (_("Goal and status"), {"fields": ["goal", "auto_raise_goal", "status", "ends_at"]}),
        (
            _("After signing"),
            {"fields": ["requires_confirmation", "thank_you_text", "share_text", "is_featured"]},
        ),
    ]

    @admin.display(description=_("signatures"))
    def signature_count(self, petition: Petition) -> int:
        return services.petition_count(petition=petition)

    @admin.action(description=_("Recount signatures from the signature rows"))
    def recount(self, request: HttpRequest, queryset: QuerySet) -> None:
        for petition in queryset:
            services.petition_recount(petition=petition)
        self.message_user(request, _("Counts rebuilt."), messages.SUCCESS)

    def get_urls(self) -> list:
        own = [
            path(
                "<int:petition_id>/export.csv",
                self.admin_site.admin_view(self.export_csv),
                name="petitions_petition_export",
            ),
            path(
                "<int:petition_id>/delivery/",
                self.admin_site.admin_view(self.delivery),
                name="petitions_petition_delivery",
            ),
        ]
        return own + super().get_urls()

    def _check_signature_access(self, request: HttpRequest) -> None:
        # Signer data is for Organizers and superusers, who hold this permission.
        if not request.user.has_perm("petitions.view_signature"):
            raise PermissionDenied

    def export_csv(self, request: HttpRequest, petition_id: int) -> StreamingHttpResponse:
        self._check_signature_access(request)
        petition = get_object_or_404(Petition, pk=petition_id)
        audit_record(
            actor=request.user,
            action="petitions.signature.export",
            target=petition,
            details={"signatures": petition.signatures.count()},
        )
        rows = services.signature_export_rows(petition=petition)
        stamp = timezone.now().strftime("%Y%m%d-%H%M")
        return csv_response(
            filename=f"{petition.slug}-{stamp}.csv", header=services.CSV_HEADER, rows=rows
        )

    def delivery(self, request: HttpRequest, petition_id: int) -> TemplateResponse:
        self._check_signature_access(request)
        petition = get_object_or_404(Petition, pk=petition_id)
        tallies = services.delivery_report(petition=petition)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Signers per office: %(title)s") % {"title": petition.title},
            "petition": petition,
            "opts": self.model._meta,
            "senators": [t for t in tallies if t.legislator.chamber == "senate"],
            "representatives": [t for t in tallies if t.legislator.chamber == "house"],
        }
        return TemplateResponse(request, "admin/petitions/petition/delivery_report.html", context)


class ConfirmedFilter(admin.SimpleListFilter):
    title = _("confirmed")
    parameter_name = "confirmed"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [("yes", _("Confirmed (counted)")), ("no", _("Waiting for confirmation"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.filter(confirmed_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(confirmed_at__isnull=True)
        return queryset


class SignatureChangeList(ChangeList):
    def get_results(self, request: HttpRequest) -> None:
        # The page reads only what its columns show; without this every row also carries
        # its petition's body and summary. Actions still get whole rows from get_queryset().
        self.queryset = self.queryset.only(*SignatureAdmin.list_columns)
        super().get_results(request)


@admin.register(Signature)
class SignatureAdmin(admin.ModelAdmin):
    list_display = [
        "supporter_email",
        "supporter_name",
        "petition",
        "zip_code",
        "state",
        "district",
        "confirmed",
        "created_at",
    ]
    # The columns list_display reads, for SignatureChangeList.
    list_columns = [
        "created_at",
        "confirmed_at",
        # The petition's title in each language (petitions/translation.py).
        *(f"petition__title_{code}" for code, _name in settings.LANGUAGES),
        "supporter__email",
        "supporter__first_name",
        "supporter__last_name",
        "supporter__zip_code",
        "supporter__state",
        "supporter__district",
    ]
    list_filter = [
        "petition",
        StateFilter,
        DistrictFilter,
        ConfirmedFilter,
    ]
    # How each begins, in any case: served by indexes (migration 0006), where "contains"
    # would read every supporter.
    search_fields = ["^supporter__email", "^supporter__first_name", "^supporter__last_name"]
    search_help_text = SEARCH_HELP
    list_select_related = ["supporter", "petition"]
    raw_id_fields = ["supporter", "petition"]
    # Counts follow confirmed_at, so only the public comment and display choice are editable.
    readonly_fields = ["petition", "supporter", "confirmed_at", "ip_hash", "created_at"]
    show_full_result_count = False
    # No date_hierarchy: its year/month links scan every signature on each page view.
    paginator = EstimatedCountPaginator

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # signatures come from signers, never typed in by staff

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return SignatureChangeList

    @admin.display(description=_("email"), ordering="supporter__email")
    def supporter_email(self, signature: Signature) -> str:
        return signature.supporter.email

    # Name and ZIP code are not sortable: either order sorts every signature (0.3 to 0.7 s
    # with a million); search finds a name.
    @admin.display(description=_("name"))
    def supporter_name(self, signature: Signature) -> str:
        return signature.supporter.full_name

    @admin.display(description=_("ZIP code"))
    def zip_code(self, signature: Signature) -> str:
        return signature.supporter.zip_code

    @admin.display(description=_("state"), ordering="supporter__state")
    def state(self, signature: Signature) -> str:
        return signature.supporter.state

    @admin.display(description=_("district"))
    def district(self, signature: Signature) -> int | None:
        return signature.supporter.district

    @admin.display(description=_("confirmed"), boolean=True, ordering="confirmed_at")
    def confirmed(self, signature: Signature) -> bool:
        return signature.is_confirmed

    def delete_model(self, request: HttpRequest, obj: Signature) -> None:
        services.signature_delete(signatures=[obj])
        audit_record(actor=request.user, action="petitions.signature.delete", target=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        deleted = services.signature_delete(signatures=list(queryset))
        audit_record(
            actor=request.user,
            action="petitions.signature.delete",
            target=Signature,
            details={"rows": deleted},
        )
