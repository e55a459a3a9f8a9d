from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet, Sum
from django.http import HttpRequest, StreamingHttpResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from accounts.services import audit_export
from campaign import services
from campaign.exports import registrations_csv
from campaign.models import Event, EventRegistration, NewsPost, NewsStatus, Page, SiteBanner, Topic
from campaign.preview import preview_url


@admin.register(Topic)
class TopicAdmin(TranslationAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(NewsPost)
class NewsPostAdmin(TranslationAdmin):
    # The image/alt text rule lives in NewsPost.clean(), which the admin form runs.
    list_display = ["title", "status", "published_at", "featured", "author_display"]
    list_filter = ["status", "featured", "topics", "published_at"]
    search_fields = ["title", "summary", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["topics"]
    list_select_related = ["author"]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body", "topics"]}),
        (_("Publishing"), {"fields": ["status", "published_at", "featured", "author", "byline"]}),
        (_("Image"), {"fields": ["image", "image_alt"]}),
    ]

    @admin.display(description=_("author"))
    def author_display(self, post: NewsPost) -> str:
        return post.author_name

    def view_on_site(self, post: NewsPost) -> str:
        # Drafts and scheduled posts are not public yet: staff get the signed preview link.
        return post.get_absolute_url() if post.is_live else preview_url(post)

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "author":
            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, post: NewsPost, form, change: bool) -> None:
        if not change and not post.author_id and not post.byline:
            post.author = request.user
        super().save_model(request, post, form, change)

    @admin.action(description=_("Publish the selected posts"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet[NewsPost]) -> None:
        count = services.news_publish(posts=queryset)
        self.message_user(
            request,
            ngettext("Published %(count)d post.", "Published %(count)d posts.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish the selected posts"), permissions=["change"])
    def unpublish(self, request: HttpRequest, queryset: QuerySet[NewsPost]) -> None:
        count = services.news_unpublish(posts=queryset)
        self.message_user(
            request,
            ngettext(
                "Turned %(count)d post back into a draft.",
                "Turned %(count)d posts back into drafts.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        return {"status": NewsStatus.DRAFT, **super().get_changeform_initial_data(request)}


@admin.register(Page)
class PageAdmin(TranslationAdmin):
    list_display = ["title", "slug", "ordering", "show_in_navigation", "updated_at"]
    list_editable = ["ordering", "show_in_navigation"]
    list_filter = ["show_in_navigation"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(SiteBanner)
class SiteBannerAdmin(TranslationAdmin):
    list_display = ["message", "is_active", "starts_at", "ends_at"]
    list_filter = ["is_active"]
    search_fields = ["message", "link_text"]
    date_hierarchy = "starts_at"


@admin.register(Event)
class EventAdmin(TranslationAdmin):
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
        audit_export(request=request, queryset=queryset, via="selection")
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
        queryset = changelist.get_queryset(request)
        audit_export(request=request, queryset=queryset, via="filtered list")
        return registrations_csv(queryset=queryset)
