from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet, Sum
from django.http import HttpRequest, StreamingHttpResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from campaign.exports import registrations_csv, subscribers_csv
from campaign.models import Event, EventRegistration, ListSubscription


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "starts_at",
        "registration_deadline",
        "capacity",
        "registrations",
        "participants",
        "is_published",
    ]
    list_filter = ["is_published", "is_online", "starts_at"]
    search_fields = ["title", "summary", "location"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "description", "is_published"]}),
        (_("When and where"), {"fields": ["starts_at", "ends_at", "is_online", "location"]}),
        (_("Registration"), {"fields": ["registration_deadline", "capacity"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Event]:
        # Counts only: Editors manage events but never see who registered.
        return (
            super()
            .get_queryset(request)
            .annotate(
                registration_total=Count("registrations"),
                participant_total=Sum("registrations__expected_participants"),
            )
        )

    @admin.display(description=_("registrations"), ordering="registration_total")
    def registrations(self, event: Event) -> int:
        return event.registration_total

    @admin.display(description=_("expected participants"), ordering="participant_total")
    def participants(self, event: Event) -> int:
        return event.participant_total or 0


@admin.register(EventRegistration)
class EventRegistrationAdmin(admin.ModelAdmin):
    list_display = [
        "local_number",
        "event",
        "contact_name",
        "contact_email",
        "city",
        "state",
        "expected_participants",
        "created_at",
        "confirmation_sent_at",
    ]
    list_filter = ["event", "state", "created_at"]
    list_select_related = ["event", "supporter"]
    search_fields = ["local_number", "contact_name", "supporter__email", "city", "zip_code"]
    date_hierarchy = "created_at"
    raw_id_fields = ["supporter"]
    readonly_fields = ["created_at", "confirmation_sent_at"]
    actions = ["export_csv"]
    change_list_template = "admin/campaign/eventregistration/change_list.html"

    @admin.display(description=_("email"), ordering="supporter__email")
    def contact_email(self, registration: EventRegistration) -> str:
        return registration.supporter.email

    @admin.action(description=_("Export selected registrations as CSV"), permissions=["view"])
    def export_csv(self, request: HttpRequest, queryset: QuerySet) -> StreamingHttpResponse:
        return registrations_csv(queryset=queryset)

    def get_urls(self) -> list:
        export = self.admin_site.admin_view(self.export_view)
        return [
            path("export.csv", export, name="campaign_eventregistration_export"),
            *super().get_urls(),
        ]

    def export_view(self, request: HttpRequest) -> StreamingHttpResponse:
        """Every registration matching the change list's current filters and search."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        changelist = self.get_changelist_instance(request)
        return registrations_csv(queryset=changelist.get_queryset(request))


@admin.register(ListSubscription)
class ListSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["supporter_email", "name", "zip_code", "status", "requested_at", "confirmed_at"]
    list_filter = ["status", "requested_at", "confirmed_at"]
    list_select_related = ["supporter"]
    search_fields = ["supporter__email", "name", "zip_code"]
    date_hierarchy = "requested_at"
    raw_id_fields = ["supporter"]
    readonly_fields = [
        "status",
        "requested_at",
        "confirmation_sent_at",
        "confirmed_at",
        "unsubscribed_at",
    ]
    actions = ["export_csv"]
    change_list_template = "admin/campaign/listsubscription/change_list.html"

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
        return subscribers_csv(queryset=queryset)

    def get_urls(self) -> list:
        export = self.admin_site.admin_view(self.export_view)
        return [
            path("export.csv", export, name="campaign_listsubscription_export"),
            *super().get_urls(),
        ]

    def export_view(self, request: HttpRequest) -> StreamingHttpResponse:
        """All confirmed subscribers."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        return subscribers_csv(queryset=ListSubscription.objects.all())
