import json
from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.exports import csv_response
from accounts.services import audit_record
from legislators.models import ZipDistrict
from legislators.states import STATES
from petitions import (
    letters_admin,  # noqa: F401  (registers the letter models)
    services,
)
from petitions.models import Petition, Signature, Supporter


@admin.register(Petition)
class PetitionAdmin(admin.ModelAdmin):
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


SEARCH_HELP = _(
    "Finds supporters whose email address, first name or last name begins with each word "
    'you type, in any case: "jane@example.org", "jane", "Jane Doe".'
)


class StateFilter(admin.SimpleListFilter):
    # Fixed choices: listing the distinct states of a million signatures would scan them all.
    title = _("state")
    parameter_name = "state"
    field = "supporter__state"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [(code, f"{code} · {name}") for code, (_fips, name) in sorted(STATES.items())]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value():
            return queryset.filter(**{self.field: self.value()})
        return queryset


class SupporterStateFilter(StateFilter):
    field = "state"


class CountryFilter(admin.SimpleListFilter):
    # The countries supporters gave, read once every few minutes: a DISTINCT over a million
    # supporters on every page of their list took a tenth of a second.
    title = _("country")
    parameter_name = "country"
    CACHE_KEY = "petitions:supporter-countries"
    CACHE_SECONDS = 10 * 60

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        countries = cache.get_or_set(
            self.CACHE_KEY,
            lambda: sorted(
                Supporter.objects.order_by().values_list("country", flat=True).distinct()
            ),
            self.CACHE_SECONDS,
        )
        if self.value() and self.value() not in countries:
            countries = sorted([*countries, self.value()])  # chosen: kept so it applies
        return [(code, code) for code in countries]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value():
            return queryset.filter(country=self.value())
        return queryset


class DistrictFilter(admin.SimpleListFilter):
    # A district number means something only within a state: the choices appear once a
    # state is picked, and are that state's districts.
    title = _("district")
    parameter_name = "district"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        state = request.GET.get(StateFilter.parameter_name)
        districts = set()
        if state in STATES:
            districts.update(
                ZipDistrict.objects.filter(state=state)
                .order_by()
                .values_list("district", flat=True)
                .distinct()
            )
        # A chosen district is always listed: a filter without choices would not be applied.
        if self.value() and self.value().isdigit():
            districts.add(int(self.value()))
        return [(str(n), _("at large") if n == 0 else str(n)) for n in sorted(districts)]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() and self.value().isdigit():
            return queryset.filter(supporter__district=int(self.value()))
        return queryset


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


class EstimatedCountPaginator(Paginator):
    """Exact counts for short lists; PostgreSQL's estimate for long ones.

    COUNT(*) over a million signatures costs a fifth of a second on every page of the
    admin list, and as much for a filter or search that matches most of them; the estimate
    is nearly free and close enough to say "page 1 of about 40,000". The table's row count
    (pg_class.reltuples) serves the whole list; the planner's estimate a filtered one, counted
    exactly when the planner expects few rows, so short lists keep exact page counts.
    """

    ESTIMATE_ABOVE = 100_000
    ESTIMATE_FILTERED_ABOVE = 10_000

    @property
    def count(self) -> int:
        if "_count" not in self.__dict__:
            self.__dict__["_count"] = self._estimate() or super().count
        return self.__dict__["_count"]

    def _estimate(self) -> int | None:
        queryset = self.object_list
        if not settings.USING_POSTGRES or not isinstance(queryset, QuerySet):
            return None
        if queryset.query.where:
            plan = json.loads(queryset.order_by().explain(format="json"))
            estimate = int(plan[0]["Plan"]["Plan Rows"])
            return estimate if estimate > self.ESTIMATE_FILTERED_ABOVE else None
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                [queryset.model._meta.db_table],
            )
            row = cursor.fetchone()
        estimate = row[0] if row else None
        return estimate if estimate and estimate > self.ESTIMATE_ABOVE else None


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
        "petition__title",
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


@admin.register(Supporter)
class SupporterAdmin(admin.ModelAdmin):
    list_display = ["email", "full_name", "zip_code", "state", "district", "list_opt_in"]
    list_filter = ["list_opt_in", SupporterStateFilter, CountryFilter]
    search_fields = ["^email", "^first_name", "^last_name"]
    search_help_text = SEARCH_HELP
    readonly_fields = ["created_at", "list_opt_in_at", "export_link"]
    actions = ["export_json"]
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    # Newest first by the primary key's index: ordering by created_at, which has none,
    # sorted every supporter for each page.
    ordering = ["-id"]

    @admin.display(description=_("all data held"))
    def export_link(self, supporter: Supporter) -> str:
        if not supporter.pk:
            return "-"
        url = reverse("admin:petitions_supporter_export", args=[supporter.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download as JSON"))

    def get_urls(self) -> list:
        own = [
            path(
                "<int:supporter_id>/export.json",
                self.admin_site.admin_view(self.export_one),
                name="petitions_supporter_export",
            ),
        ]
        return own + super().get_urls()

    def export_one(self, request: HttpRequest, supporter_id: int) -> JsonResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        supporter = get_object_or_404(Supporter, pk=supporter_id)
        audit_record(actor=request.user, action="petitions.supporter.export", target=supporter)
        response = JsonResponse(
            services.supporter_export(supporter=supporter), json_dumps_params={"indent": 2}
        )
        response["Content-Disposition"] = f'attachment; filename="supporter-{supporter.pk}.json"'
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description=_("Export all their data (JSON)"), permissions=["view"])
    def export_json(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
        data = [services.supporter_export(supporter=supporter) for supporter in queryset]
        audit_record(
            actor=request.user,
            action="petitions.supporter.export",
            target=Supporter,
            details={"supporter_ids": [supporter.pk for supporter in queryset]},
        )
        response = HttpResponse(
            json.dumps(data, indent=2, default=str), content_type="application/json"
        )
        response["Content-Disposition"] = 'attachment; filename="supporters.json"'
        response["Cache-Control"] = "no-store"
        return response

    # Deleting a supporter removes their data everywhere (signatures, letters,
    # registrations point at them) and takes their signatures off the counts.
    def delete_model(self, request: HttpRequest, obj: Supporter) -> None:
        supporter_id = obj.pk
        deleted = services.supporter_delete(supporter=obj)
        audit_record(
            actor=request.user,
            action="petitions.supporter.delete",
            target=Supporter,
            details={"supporter_id": supporter_id, "rows": deleted},
        )

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for supporter in queryset:
            supporter_id = supporter.pk
            deleted = services.supporter_delete(supporter=supporter)
            audit_record(
                actor=request.user,
                action="petitions.supporter.delete",
                target=Supporter,
                details={"supporter_id": supporter_id, "rows": deleted},
            )
