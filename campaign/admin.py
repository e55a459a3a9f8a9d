from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from campaign import services
from campaign.models import NewsPost, NewsStatus, Page, SiteBanner, Topic
from campaign.preview import preview_url


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(NewsPost)
class NewsPostAdmin(admin.ModelAdmin):
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
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "ordering", "show_in_navigation", "updated_at"]
    list_editable = ["ordering", "show_in_navigation"]
    list_filter = ["show_in_navigation"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(SiteBanner)
class SiteBannerAdmin(admin.ModelAdmin):
    list_display = ["message", "is_active", "starts_at", "ends_at"]
    list_filter = ["is_active"]
    search_fields = ["message", "link_text"]
    date_hierarchy = "starts_at"
