"""Admin for supporters and the email list: Organizers only (see accounts.staff)."""

import json

from django import forms
from django.contrib import admin
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.services import audit_export, audit_record
from core.admin import EstimatedCountPaginator
from legislators.models import ZipDistrict
from legislators.states import STATES
from supporters import lists
from supporters.exports import subscribers_csv
from supporters.models import (
    ListConsent,
    ListSubscription,
    Supporter,
    Suppression,
    normalise_email,
)
from supporters.services import supporter_delete, supporter_export

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


class ListConsentInline(admin.TabularInline):
    """What the supporter agreed to and when: a record, so staff read it and never edit it."""

    model = ListConsent
    extra = 0
    can_delete = False
    fields = ["email_list", "consented_at", "source", "unsubscribed_at", "unsubscribed_source"]
    readonly_fields = fields
    ordering = ["email_list"]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # Consent is given by the person, through a confirmed sign-up, never by staff.
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Supporter)
class SupporterAdmin(admin.ModelAdmin):
    list_display = ["email", "full_name", "zip_code", "state", "district", "list_opt_in"]
    list_filter = ["list_opt_in", SupporterStateFilter, CountryFilter]
    search_fields = ["^email", "^first_name", "^last_name"]
    search_help_text = SEARCH_HELP
    readonly_fields = ["created_at", "list_opt_in", "list_opt_in_at", "export_link"]
    inlines = [ListConsentInline]
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
        url = reverse("admin:supporters_supporter_export", args=[supporter.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download as JSON"))

    def get_urls(self) -> list:
        own = [
            path(
                "<int:supporter_id>/export.json",
                self.admin_site.admin_view(self.export_one),
                name="supporters_supporter_export",
            ),
        ]
        return own + super().get_urls()

    def export_one(self, request: HttpRequest, supporter_id: int) -> JsonResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        supporter = get_object_or_404(Supporter, pk=supporter_id)
        audit_record(actor=request.user, action="petitions.supporter.export", target=supporter)
        response = JsonResponse(
            supporter_export(supporter=supporter), json_dumps_params={"indent": 2}
        )
        response["Content-Disposition"] = f'attachment; filename="supporter-{supporter.pk}.json"'
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description=_("Export all their data (JSON)"), permissions=["view"])
    def export_json(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
        data = [supporter_export(supporter=supporter) for supporter in queryset]
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
        deleted = supporter_delete(supporter=obj)
        audit_record(
            actor=request.user,
            action="petitions.supporter.delete",
            target=Supporter,
            details={"supporter_id": supporter_id, "rows": deleted},
        )

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for supporter in queryset:
            supporter_id = supporter.pk
            deleted = supporter_delete(supporter=supporter)
            audit_record(
                actor=request.user,
                action="petitions.supporter.delete",
                target=Supporter,
                details={"supporter_id": supporter_id, "rows": deleted},
            )


@admin.register(ListSubscription)
class ListSubscriptionAdmin(admin.ModelAdmin):
    list_display = [
        "supporter_email",
        "name",
        "zip_code",
        "status",
        "requested_lists",
        "source",
        "requested_at",
        "confirmed_at",
    ]
    list_filter = ["status", "requested_at", "confirmed_at"]
    list_select_related = ["supporter"]
    search_fields = ["supporter__email", "name", "zip_code"]
    date_hierarchy = "requested_at"
    raw_id_fields = ["supporter"]
    readonly_fields = [
        "status",
        "requested_lists",
        "source",
        "requested_at",
        "confirmation_sent_at",
        "confirmed_at",
        "unsubscribed_at",
    ]
    actions = ["export_csv"]
    change_list_template = "admin/supporters/listsubscription/change_list.html"

    @admin.display(description=_("email"), ordering="supporter__email")
    def supporter_email(self, subscription: ListSubscription) -> str:
        return subscription.supporter.email

    def has_add_permission(self, request: HttpRequest) -> bool:
        # People join through the double opt-in form only; staff cannot sign anyone up.
        return False

    @admin.action(
        description=_("Export the confirmed among the selected as CSV"), permissions=["view"]
    )
    def export_csv(self, request: HttpRequest, queryset: QuerySet) -> StreamingHttpResponse:
        audit_export(request=request, queryset=queryset.confirmed(), via="selection")
        return subscribers_csv(queryset=queryset)

    def get_urls(self) -> list:
        export = self.admin_site.admin_view(self.export_view)
        return [
            path("export.csv", export, name="supporters_listsubscription_export"),
            *super().get_urls(),
        ]

    def export_view(self, request: HttpRequest) -> StreamingHttpResponse:
        """All confirmed subscribers."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        confirmed = ListSubscription.objects.confirmed()
        audit_export(request=request, queryset=confirmed, via="all confirmed")
        return subscribers_csv(queryset=ListSubscription.objects.all())


class ActiveFilter(admin.SimpleListFilter):
    title = _("subscribed")
    parameter_name = "active"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [("yes", _("Subscribed")), ("no", _("Unsubscribed"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.filter(unsubscribed_at__isnull=True)
        if self.value() == "no":
            return queryset.filter(unsubscribed_at__isnull=False)
        return queryset


@admin.register(ListConsent)
class ListConsentAdmin(admin.ModelAdmin):
    """The consent record: read-only, except that staff may take someone off a list
    (when they ask by phone or reply to an email)."""

    list_display = [
        "supporter_email",
        "email_list",
        "consented_at",
        "source",
        "unsubscribed_at",
        "unsubscribed_source",
    ]
    list_filter = ["email_list", ActiveFilter, "source"]
    list_select_related = ["supporter"]
    search_fields = ["^supporter__email"]
    raw_id_fields = ["supporter"]
    readonly_fields = [
        "supporter",
        "email_list",
        "consented_at",
        "source",
        "unsubscribed_at",
        "unsubscribed_source",
    ]
    actions = ["withdraw"]
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    ordering = ["-id"]

    @admin.display(description=_("email"), ordering="supporter__email")
    def supporter_email(self, consent: ListConsent) -> str:
        return consent.supporter.email

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    # Deleting a consent alone would erase the proof of it, so this admin offers no delete;
    # deleting the supporter removes their consents with them (that check asks for the
    # delete permission, which is why it is not simply refused).
    def delete_view(self, request: HttpRequest, object_id: str, extra_context: object = None):
        raise PermissionDenied

    def get_actions(
        self,
        request: HttpRequest,
        action_location: admin.ActionLocation = admin.ActionLocation.CHANGE_LIST,
    ) -> dict:
        actions = super().get_actions(request, action_location=action_location)
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description=_("Take them off these lists"), permissions=["change"])
    def withdraw(self, request: HttpRequest, queryset: QuerySet) -> None:
        consents = list(queryset.filter(unsubscribed_at__isnull=True).select_related("supporter"))
        for consent in consents:
            lists.consent_withdraw(
                supporter=consent.supporter,
                email_list=consent.email_list,
                source=lists.SOURCE_STAFF,
            )
        audit_record(
            actor=request.user,
            action="supporters.listconsent.withdraw",
            target=ListConsent,
            details={"consent_ids": [consent.pk for consent in consents]},
        )
        self.message_user(request, _("%(count)d taken off their list.") % {"count": len(consents)})


class SuppressionForm(forms.ModelForm):
    class Meta:
        model = Suppression
        fields = ["email", "reason", "detail"]

    def clean_email(self) -> str:
        # Stored as supporters are, so the address matches theirs whatever its case.
        return normalise_email(self.cleaned_data["email"])


@admin.register(Suppression)
class SuppressionAdmin(admin.ModelAdmin):
    """Addresses no list mail goes to. Bounces and complaints arrive by themselves;
    staff add one by hand when someone asks by other means, and remove one that was
    suppressed by mistake (a mailbox that works again)."""

    form = SuppressionForm
    list_display = ["email", "reason", "detail", "created_at"]
    list_filter = ["reason"]
    search_fields = ["^email"]
    fields = ["email", "reason", "detail", "created_at"]
    readonly_fields = ["created_at"]
    show_full_result_count = False
    ordering = ["-id"]

    def get_readonly_fields(self, request: HttpRequest, obj: Suppression | None = None) -> list:
        if obj is not None:
            return ["email", "reason", "created_at"]
        return self.readonly_fields

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        return {"reason": Suppression.Reason.MANUAL}

    def save_model(
        self, request: HttpRequest, obj: Suppression, form: object, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            audit_record(actor=request.user, action="supporters.suppression.add", target=obj)

    def delete_model(self, request: HttpRequest, obj: Suppression) -> None:
        suppression_id = obj.pk
        super().delete_model(request, obj)
        audit_record(
            actor=request.user,
            action="supporters.suppression.delete",
            target=Suppression,
            details={"suppression_id": suppression_id},
        )

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        audit_record(
            actor=request.user,
            action="supporters.suppression.delete",
            target=Suppression,
            details={"suppression_ids": ids},
        )
