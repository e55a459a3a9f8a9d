"""Admin for letter campaigns, submissions and letters (registered from petitions/admin.py)."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from accounts.services import audit_record
from core.csv import csv_response
from core.placeholders import PLACEHOLDERS, PlaceholderValues, fill
from legislators.models import Legislator, Stance
from letters import delivery, services
from letters.models import HoldReason, Letter, LetterCampaign, LetterStatus, LetterSubmission

# The counts staff watch per campaign and per office.
COUNTED_STATUSES = [
    LetterStatus.QUEUED,
    LetterStatus.SENT,
    LetterStatus.DELIVERED,
    LetterStatus.HELD,
    LetterStatus.FAILED,
    LetterStatus.BOUNCED,
    LetterStatus.STOPPED,
]


def _status_counts(letters: QuerySet[Letter]) -> dict[str, int]:
    return letters.aggregate(
        **{status.value: Count("pk", filter=Q(status=status)) for status in COUNTED_STATUSES}
    )


def _legislator_admin_url(legislator_id: int) -> str:
    return reverse("admin:legislators_legislator_change", args=[legislator_id])


def _letters_url(*, legislator_id: int, status: str, campaign_id: str = "") -> str:
    """The letters list filtered to one office and status (and campaign, if chosen)."""
    query = {"legislator__id__exact": legislator_id, "status__exact": status}
    if campaign_id.isdigit():
        query["submission__campaign__id__exact"] = campaign_id
    return f"{reverse('admin:letters_letter_changelist')}?{urlencode(query)}"


def preview_samples(campaign: LetterCampaign | None = None) -> list[tuple[str, Legislator]]:
    """A sample member for each version of the letter, for the admin preview.

    A real cosponsor for the thank-you, a real non-cosponsor for the ask and a real
    cosponsor of an earlier version for "sign on again" when the bills say who is
    who; otherwise the first serving member.
    """
    serving = list(Legislator.objects.serving().order_by("chamber", "state", "last_name"))
    if not serving:
        return []
    stances = services.stances_for_letters(legislators=serving, campaign=campaign)
    thanked = [m for m in serving if stances.get(m.pk) in (Stance.SPONSOR, Stance.COSPONSOR)]
    asked = [m for m in serving if stances.get(m.pk, Stance.NOT_COSPONSOR) == Stance.NOT_COSPONSOR]
    again = [m for m in serving if stances.get(m.pk) == Stance.PAST_COSPONSOR]
    return [
        (Stance.NOT_COSPONSOR, (asked or serving)[0]),
        (Stance.COSPONSOR, (thanked or serving)[0]),
        (Stance.PAST_COSPONSOR, (again or asked or serving)[0]),
    ]


@admin.register(LetterCampaign)
class LetterCampaignAdmin(TranslationAdmin):
    list_display = ["title", "is_open", "targets", "require_confirmation", "letter_counts"]
    list_filter = ["is_open", "targets"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    raw_id_fields = ["chosen_legislators", "bill"]
    readonly_fields = ["preview", "letter_counts"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "intro", "bill", "is_open"]}),
        (
            _("Who receives it"),
            {"fields": ["targets", "chosen_legislators"]},
        ),
        (
            _("Drafts"),
            {
                "description": _("Placeholders you may use: %(names)s.")
                % {"names": ", ".join("{" + name + "}" for name in PLACEHOLDERS)},
                "fields": [
                    "ask_subject",
                    "ask_body",
                    "thanks_subject",
                    "thanks_body",
                    "again_subject",
                    "again_body",
                    "supporters_may_edit",
                    "require_confirmation",
                ],
            },
        ),
        (_("Preview and counts"), {"fields": ["preview", "letter_counts"]}),
    ]

    @admin.display(description=_("preview"))
    def preview(self, obj: LetterCampaign) -> str:
        if obj.pk is None:
            return _("Save the campaign to see a preview.")
        samples = preview_samples(obj)
        if not samples:
            return _("Import members of Congress to see a preview.")
        blocks = []
        for stance, legislator in samples:
            values = PlaceholderValues.for_letter(
                legislator=legislator,
                first_name="Alex",
                last_name="Rivera",
                city="Columbus",
                state="OH",
            )
            subject, body = (fill(draft, values) for draft in obj.draft_for(stance))
            blocks.append((Stance(stance).label, legislator, subject, body))
        return format_html_join(
            "",
            '<div class="letter-preview"><p><strong>{}</strong> ({})</p>'
            "<p><em>{}</em></p><pre>{}</pre></div>",
            blocks,
        )

    def get_queryset(self, request: HttpRequest) -> QuerySet[LetterCampaign]:
        # Counts per status in the same query as the campaigns, however many there are.
        return (
            super()
            .get_queryset(request)
            .annotate(
                **{
                    f"letters_{status.value}": Count(
                        "submissions__letters", filter=Q(submissions__letters__status=status)
                    )
                    for status in COUNTED_STATUSES
                }
            )
        )

    @admin.display(description=_("letters"))
    def letter_counts(self, obj: LetterCampaign) -> str:
        if obj.pk is None:
            return "—"
        if hasattr(obj, f"letters_{COUNTED_STATUSES[0].value}"):
            counts = {
                status.value: getattr(obj, f"letters_{status.value}") for status in COUNTED_STATUSES
            }
        else:
            counts = _status_counts(Letter.objects.filter(submission__campaign=obj))
        return ", ".join(
            f"{LetterStatus(status).label}: {counts[status.value]}" for status in COUNTED_STATUSES
        )


class LetterInline(admin.TabularInline):
    model = Letter
    extra = 0
    can_delete = False
    fields = ["legislator", "status", "hold_reason", "attempts", "sent_at", "last_error"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(LetterSubmission)
class LetterSubmissionAdmin(admin.ModelAdmin):
    list_display = ["full_name", "campaign", "state", "zip_code", "confirmation", "created_at"]
    list_filter = ["campaign", "confirmation", "state"]
    search_fields = ["last_name", "supporter__email", "zip_code"]
    list_select_related = ["campaign"]
    raw_id_fields = ["supporter"]
    readonly_fields = [
        "dedupe_key",
        "created_at",
        "copy_sent_at",
        "confirmed_at",
        "language",
        "stopped_notice_sent_at",
    ]
    inlines = [LetterInline]
    date_hierarchy = "created_at"


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    list_display = [
        "legislator",
        "campaign",
        "stance",
        "status",
        "hold_reason",
        "attempts",
        "next_attempt_at",
        "sent_at",
    ]
    list_filter = [
        "status",
        "hold_reason",
        "stance",
        ("legislator__is_serving", admin.BooleanFieldListFilter),
        "submission__campaign",
    ]
    list_select_related = ["legislator", "submission__campaign"]
    search_fields = ["legislator__last_name", "legislator__bioguide_id", "message_id"]
    date_hierarchy = "created_at"
    actions = ["retry", "hold", "cancel"]
    # The text is part of the record of what was sent: nobody edits it afterwards.
    readonly_fields = [
        "submission",
        "legislator",
        "stance",
        "subject",
        "body",
        "status",
        "hold_reason",
        "attempts",
        "last_error",
        "next_attempt_at",
        "message_id",
        "provider_message_id",
        "sent_to",
        "claimed_by",
        "claimed_at",
        "sent_at",
        "tracked_at",
        "created_at",
        "updated_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description=_("campaign"), ordering="submission__campaign__title")
    def campaign(self, obj: Letter) -> str:
        return str(obj.submission.campaign)

    @admin.action(description=_("Retry the selected letters"), permissions=["change"])
    def retry(self, request: HttpRequest, queryset: QuerySet[Letter]) -> None:
        count = delivery.letters_retry(letter_ids=queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext("%d letter queued again.", "%d letters queued again.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Hold the selected letters"), permissions=["change"])
    def hold(self, request: HttpRequest, queryset: QuerySet[Letter]) -> None:
        count = delivery.letters_hold(letter_ids=queryset.values_list("pk", flat=True))
        self.message_user(request, ngettext("%d letter held.", "%d letters held.", count) % count)

    @admin.action(description=_("Cancel the selected letters"), permissions=["change"])
    def cancel(self, request: HttpRequest, queryset: QuerySet[Letter]) -> None:
        count = delivery.letters_cancel(letter_ids=queryset.values_list("pk", flat=True))
        self.message_user(
            request, ngettext("%d letter cancelled.", "%d letters cancelled.", count) % count
        )

    def get_urls(self) -> list:
        own = [
            path(
                "offices/",
                self.admin_site.admin_view(self.offices_view),
                name="letters_letter_offices",
            ),
            path(
                "offices/<int:legislator_id>/export.csv",
                self.admin_site.admin_view(self.export_view),
                name="letters_letter_export",
            ),
        ]
        return own + super().get_urls()

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None) -> Any:
        extra_context = {
            **(extra_context or {}),
            "offices_url": reverse("admin:letters_letter_offices"),
        }
        return super().changelist_view(request, extra_context)

    def offices_view(self, request: HttpRequest) -> HttpResponse:
        """Letters per office: held ones first, so staff see which addresses are missing.

        Stopped letters (the member left office before they went out) are counted per
        office and link to the list of those letters.
        """
        if not self.has_view_permission(request):
            return HttpResponse(status=403)
        campaign_id = request.GET.get("campaign", "")
        letters = Letter.objects.all()
        if campaign_id.isdigit():
            letters = letters.filter(submission__campaign_id=int(campaign_id))
        rows = (
            letters.order_by()
            .values(
                "legislator_id",
                "legislator__official_name",
                "legislator__state",
                "legislator__chamber",
                "legislator__district",
                "legislator__delivery_email",
            )
            .annotate(
                total=Count("pk"),
                held=Count("pk", filter=Q(status=LetterStatus.HELD)),
                held_term_ended=Count(
                    "pk",
                    filter=Q(status=LetterStatus.HELD, hold_reason=HoldReason.TERM_ENDED),
                ),
                stopped=Count("pk", filter=Q(status=LetterStatus.STOPPED)),
                held_no_address=Count(
                    "pk",
                    filter=Q(status=LetterStatus.HELD, hold_reason=HoldReason.NO_ADDRESS),
                ),
                queued=Count("pk", filter=Q(status=LetterStatus.QUEUED)),
                sent=Count("pk", filter=Q(status=LetterStatus.SENT)),
                delivered=Count("pk", filter=Q(status=LetterStatus.DELIVERED)),
                failed=Count(
                    "pk", filter=Q(status__in=[LetterStatus.FAILED, LetterStatus.BOUNCED])
                ),
            )
            .order_by("-held_no_address", "-held", "legislator__state", "legislator__chamber")
        )
        offices = [
            {
                **row,
                "change_url": _legislator_admin_url(row["legislator_id"]),
                "export_url": reverse("admin:letters_letter_export", args=[row["legislator_id"]])
                + (f"?campaign={campaign_id}" if campaign_id.isdigit() else ""),
                "stopped_url": _letters_url(
                    legislator_id=row["legislator_id"],
                    status=LetterStatus.STOPPED,
                    campaign_id=campaign_id,
                ),
            }
            for row in rows
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Letters by office"),
            "offices": offices,
            "campaigns": LetterCampaign.objects.order_by("title"),
            "campaign_id": campaign_id,
            "held_total": sum(row["held_no_address"] for row in offices),
            "term_ended_total": sum(row["held_term_ended"] for row in offices),
            "stopped_total": sum(row["stopped"] for row in offices),
        }
        return TemplateResponse(request, "admin/letters/letter_offices.html", context)

    def export_view(self, request: HttpRequest, legislator_id: int) -> HttpResponse:
        """Every letter to one office as CSV, for staff delivering them by hand."""
        if not self.has_view_permission(request):
            return HttpResponse(status=403)
        campaign_id = request.GET.get("campaign", "")
        campaign = (
            LetterCampaign.objects.filter(pk=int(campaign_id)).first()
            if campaign_id.isdigit()
            else None
        )
        rows = services.letters_for_office(legislator_id=legislator_id, campaign=campaign)
        audit_record(
            actor=request.user,
            action="petitions.letter.export",
            target=Letter,
            details={
                "legislator_id": legislator_id,
                "campaign_id": campaign.pk if campaign else None,
            },
        )
        stamp = timezone.localdate().isoformat()
        return csv_response(
            filename=f"letters-{legislator_id}-{stamp}.csv",
            header=list(services.OFFICE_EXPORT_COLUMNS),
            rows=rows,
        )
