"""Admin for call campaigns and reported calls, with the report of calls per office."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html_join
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from calls import services
from calls.models import CallCampaign, CallReport
from core.admin import EstimatedCountPaginator
from core.placeholders import PLACEHOLDERS
from legislators.models import Legislator, Stance


def _legislator_admin_url(legislator_id: int) -> str:
    try:
        return reverse("admin:legislators_legislator_change", args=[legislator_id])
    except NoReverseMatch:
        return ""


@admin.register(CallCampaign)
class CallCampaignAdmin(TranslationAdmin):
    list_display = ["title", "is_open", "bill", "created_at"]
    list_filter = ["is_open"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    raw_id_fields = ["bill"]
    readonly_fields = ["preview"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "ask", "bill", "is_open"]}),
        (
            _("Scripts"),
            {
                "description": format_lazy(
                    _("Placeholders you may use: {names}."),
                    names=", ".join("{" + name + "}" for name in PLACEHOLDERS),
                ),
                "fields": ["ask_script", "thanks_script", "again_script"],
            },
        ),
        (_("Preview"), {"fields": ["preview"]}),
    ]

    @admin.display(description=_("preview"))
    def preview(self, obj: CallCampaign) -> str:
        if obj.pk is None:
            return _("Save the campaign to see a preview.")
        sample = Legislator.objects.serving().order_by("chamber", "state", "last_name").first()
        if sample is None:
            return _("Import members of Congress to see a preview.")
        stances = [
            (Stance.NOT_COSPONSOR, _("Asking")),
            (Stance.COSPONSOR, _("Thanking")),
            (Stance.PAST_COSPONSOR, _("Asking to sign on again")),
        ]
        return format_html_join(
            "",
            "<h4>{}</h4><p style='white-space: pre-wrap'>{}</p>",
            (
                (
                    label,
                    services.call_script(
                        campaign=obj, legislator=sample, stance=stance, city="Columbus"
                    ),
                )
                for stance, label in stances
            ),
        )


@admin.register(CallReport)
class CallReportAdmin(admin.ModelAdmin):
    """Reports are the record of calls: read-only, never added or changed by hand."""

    list_display = ["created_at", "legislator", "outcome", "campaign"]
    list_filter = ["outcome", "campaign", "day"]
    list_select_related = ["legislator", "campaign"]
    date_hierarchy = "day"
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    raw_id_fields = ["legislator", "campaign"]
    exclude = ["caller_key"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_urls(self) -> list:
        own = [
            path(
                "offices/",
                self.admin_site.admin_view(self.offices_view),
                name="calls_callreport_offices",
            ),
        ]
        return own + super().get_urls()

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None) -> Any:
        extra_context = {
            **(extra_context or {}),
            "offices_url": reverse("admin:calls_callreport_offices"),
        }
        return super().changelist_view(request, extra_context)

    def offices_view(self, request: HttpRequest) -> HttpResponse:
        """Reported calls per office: today, the past seven days, all time, by outcome."""
        if not self.has_view_permission(request):
            return HttpResponse(status=403)
        campaign_id = request.GET.get("campaign", "")
        campaign = (
            CallCampaign.objects.filter(pk=int(campaign_id)).first()
            if campaign_id.isdigit() and len(campaign_id) < 10
            else None
        )
        counts = services.call_counts_by_legislator(campaign=campaign)
        members = Legislator.objects.filter(pk__in=counts).order_by("state", "chamber", "district")
        offices = sorted(
            (
                {
                    "member": member,
                    "counts": counts[member.pk],
                    "change_url": _legislator_admin_url(member.pk),
                }
                for member in members
            ),
            key=lambda office: -office["counts"].total,
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Calls by office"),
            "offices": offices,
            "campaigns": CallCampaign.objects.order_by("title"),
            "campaign_id": str(campaign.pk) if campaign else "",
        }
        return TemplateResponse(request, "admin/calls/callreport_offices.html", context)
