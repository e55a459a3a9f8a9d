"""Mailings in the admin: Editors draft; Organizers choose audiences, preview as a real
recipient and start, pause, resume, cancel and resend. Every action calls
`mailings.sending`; this module holds no sending logic of its own."""

from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.admin import TranslationAdmin

from core.mail import message_id
from legislators.models import Legislator
from mailings import audiences, rendering, results, sending
from mailings.forms import AUDIENCE_DETAIL_FIELDS, MailingForm
from mailings.models import Mailing, Recipient
from supporters.models import Supporter

SEND_PERMISSION = "mailings.send_mailing"
CONTENT_FIELDS = [
    "slug",
    "subject",
    "body",
    "paragraph_cosponsor",
    "paragraph_undecided",
    "paragraph_opposed",
    "email_list",
]
# Staff actions, each a POST to <mailing>/send/<action>/.
ACTIONS = {
    "start": gettext_lazy("Start sending now"),
    "schedule": gettext_lazy("Schedule"),
    "confirm-late": gettext_lazy("Confirm and start the late mailing"),
    "pause": gettext_lazy("Pause"),
    "resume": gettext_lazy("Resume"),
    "cancel": gettext_lazy("Cancel the send"),
    "resend-failed": gettext_lazy("Resend to those who failed"),
}


def sample_supporter() -> Supporter:
    """A made-up recipient for staff who may not see supporters: real lawmakers, no person."""
    seat = (
        Legislator.objects.serving()
        .representatives()
        .order_by("state", "district")
        .values_list("state", "district")
        .first()
    )
    state, district = seat or ("", None)
    return Supporter(
        pk=None,
        email="alex.sample@example.org",
        first_name=_("Alex"),
        last_name=_("Sample"),
        state=state,
        district=district,
    )


def time_left(seconds: int | None) -> str:
    """Seconds as staff read them: "2 h 5 min", "4 min 10 s", or "not known yet"."""
    if seconds is None:
        return _("not known yet")
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return _("%(h)s h %(m)s min") % {"h": hours, "m": minutes}
    if minutes:
        return _("%(m)s min %(s)s s") % {"m": minutes, "s": secs}
    return _("%(s)s s") % {"s": secs}


def chosen_language(value: str, supporter: Supporter | None) -> str:
    """The language staff chose to see or test in, else the recipient's own."""
    if value in dict(settings.LANGUAGES):
        return value
    return rendering.recipient_language(supporter) if supporter else settings.LANGUAGE_CODE


def may_send(request: HttpRequest) -> bool:
    return request.user.has_perm(SEND_PERMISSION)


def preview_recipient(
    request: HttpRequest, mailing: Mailing, *, chosen: str = ""
) -> tuple[Supporter | None, int, str]:
    """(who to render as, their position in the audience, a note for staff).

    Organizers see a real recipient from the audience (the n-th, or one chosen by id);
    everyone else sees a made-up one.
    """
    if not may_send(request):
        return sample_supporter(), 0, _("A made-up recipient with real lawmakers.")
    try:
        members = audiences.audience_queryset(mailing=mailing).order_by("pk")
    except audiences.AudienceError as error:
        return None, 0, str(error)
    if chosen.isdigit():
        found = members.filter(pk=int(chosen)).first()
        if found is not None:
            return found, 0, ""
    position = request.GET.get("n", "0")
    index = int(position) if position.isdigit() else 0
    found = members[index : index + 1].first() if index < 10_000 else None
    if found is None and index:
        index, found = 0, members.first()
    if found is None:
        return None, 0, _("Nobody is in this audience.")
    return found, index, ""


@admin.register(Mailing)
class MailingAdmin(TranslationAdmin):
    form = MailingForm
    list_display = ["subject", "email_list", "audience", "state", "total", "send_at", "created_at"]
    list_filter = ["state", "email_list", "audience"]
    search_fields = ["subject_en", "subject_es", "slug"]
    prepopulated_fields = {"slug": ["subject"]}
    change_form_template = "admin/mailings/mailing/change_form.html"

    def get_fieldsets(self, request: HttpRequest, obj: Mailing | None = None) -> list:
        fields_help = ", ".join("{" + name + "}" for name in rendering.FIELDS)
        fieldsets: list = [
            (
                None,
                {
                    "fields": self.replace_orig_field(CONTENT_FIELDS),
                    "description": _(
                        "Merge fields: %(fields)s. Give a fallback after a bar, such as "
                        "{first_name|friend}; a field with no value and no fallback stops "
                        "the send. The body gets one stance paragraph per recipient where "
                        "it says {stance_paragraph}."
                    )
                    % {"fields": fields_help},
                },
            )
        ]
        if may_send(request):
            if obj is not None and not obj.is_editable:
                fieldsets.append((_("Audience"), {"fields": ["audience_summary", "send_at"]}))
            else:
                fieldsets.append(
                    (
                        _("Audience and time"),
                        {"fields": ["audience", *AUDIENCE_DETAIL_FIELDS, "send_at"]},
                    )
                )
        else:
            fieldsets.append((_("Audience"), {"fields": ["audience_summary"]}))
        return fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj: Mailing | None = None) -> list:
        readonly = ["audience_summary"]
        if obj is not None and not obj.is_editable:
            readonly += [*CONTENT_FIELDS, "send_at"]
        return self.replace_orig_field(readonly)

    def get_prepopulated_fields(self, request: HttpRequest, obj: Mailing | None = None) -> dict:
        return self.prepopulated_fields if obj is None or obj.is_editable else {}

    @admin.display(description=gettext_lazy("audience"))
    def audience_summary(self, obj: Mailing) -> str:
        if obj is None or obj.pk is None:
            return _("Everyone on the list (an Organizer chooses the audience).")
        return audiences.audience_describe(mailing=obj)

    def save_model(self, request: HttpRequest, obj: Mailing, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request: HttpRequest, obj: Mailing | None = None) -> bool:
        # A mailing that went out keeps its record.
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.state == Mailing.State.DRAFT)

    def get_urls(self) -> list:
        own = [
            path(
                "<int:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="mailings_mailing_preview",
            ),
            path(
                "<int:object_id>/send/<slug:action>/",
                self.admin_site.admin_view(self.action_view),
                name="mailings_mailing_action",
            ),
            path(
                "<int:object_id>/test/",
                self.admin_site.admin_view(self.test_send_view),
                name="mailings_mailing_test",
            ),
            path(
                "<int:object_id>/progress/",
                self.admin_site.admin_view(self.progress_view),
                name="mailings_mailing_progress",
            ),
        ]
        return own + super().get_urls()

    def _mailing(self, request: HttpRequest, object_id: int) -> Mailing:
        mailing = get_object_or_404(Mailing, pk=object_id)
        if not self.has_view_permission(request, mailing):
            raise PermissionDenied
        return mailing

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict | None = None,
    ) -> HttpResponse:
        mailing = Mailing.objects.filter(pk=object_id).first() if object_id.isdigit() else None
        extra: dict[str, Any] = {}
        if mailing is not None and self.has_view_permission(request, mailing):
            extra = self.panel_context(request, mailing)
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def panel_context(self, request: HttpRequest, mailing: Mailing) -> dict[str, Any]:
        """What the mailing's page shows above the form: audience, problems, actions, progress."""
        started = mailing.state in Mailing.STATES_STARTED
        context: dict[str, Any] = {
            "mailing": mailing,
            "may_send": may_send(request),
            "audience_description": audiences.audience_describe(mailing=mailing),
            "preview_url": reverse("admin:mailings_mailing_preview", args=[mailing.pk]),
            "progress_url": reverse("admin:mailings_mailing_progress", args=[mailing.pk]),
            "started": started,
        }
        if mailing.is_editable:
            context["audience_size"] = audiences.audience_count(mailing=mailing)
            context["problems"] = rendering.check(mailing=mailing)
            context["is_late"] = sending.mailing_is_late(mailing=mailing)
        if started:
            context["progress"] = sending.mailing_progress(mailing=mailing)
            context["time_left"] = time_left(context["progress"].get("seconds_left"))
            context["results"] = results.mailing_results(mailing=mailing)
        context["actions"] = [
            (name, ACTIONS[name], reverse("admin:mailings_mailing_action", args=[mailing.pk, name]))
            for name in self.available_actions(mailing, context)
        ]
        return context

    def available_actions(self, mailing: Mailing, context: dict[str, Any]) -> list[str]:
        if not context["may_send"]:
            return []
        state = mailing.state
        if state in Mailing.STATES_EDITABLE:
            if context.get("problems"):
                return []
            if context.get("is_late"):
                return ["confirm-late", "cancel"]
            actions = ["start"]
            if mailing.send_at and mailing.send_at > timezone.now():
                actions.append("schedule")
            return [*actions, "cancel"] if state == Mailing.State.SCHEDULED else actions
        actions = []
        if state == Mailing.State.SENDING:
            actions.append("pause")
        if state == Mailing.State.PAUSED:
            actions.append("resume")
        if context.get("progress", {}).get("failed") and state != Mailing.State.CANCELLED:
            actions.append("resend-failed")
        if state in {Mailing.State.SENDING, Mailing.State.PAUSED}:
            actions.append("cancel")
        return actions

    def action_view(self, request: HttpRequest, object_id: int, action: str) -> HttpResponse:
        mailing = self._mailing(request, object_id)
        change_url = reverse("admin:mailings_mailing_change", args=[mailing.pk])
        if request.method != "POST":
            return HttpResponseRedirect(change_url)
        if action not in ACTIONS:
            raise Http404
        if not may_send(request):
            raise PermissionDenied
        by = request.user
        try:
            if action == "start":
                total = sending.mailing_start(mailing=mailing, by=by)
                messages.success(request, _("Sending started to %(n)s people.") % {"n": total})
            elif action == "confirm-late":
                total = sending.mailing_confirm_late_start(mailing=mailing, by=by)
                messages.success(request, _("Sending started to %(n)s people.") % {"n": total})
            elif action == "schedule":
                sending.mailing_schedule(mailing=mailing, send_at=mailing.send_at, by=by)
                messages.success(request, _("The mailing will start by itself at its send time."))
            elif action == "pause":
                self._said(request, sending.mailing_pause(mailing=mailing, by=by), _("Paused."))
            elif action == "resume":
                self._said(request, sending.mailing_resume(mailing=mailing, by=by), _("Resumed."))
            elif action == "cancel":
                done = sending.mailing_cancel(mailing=mailing, by=by)
                self._said(request, done, _("Cancelled: nobody else will receive it."))
            elif action == "resend-failed":
                count = sending.mailing_resend_failed(mailing=mailing, by=by)
                messages.success(request, _("%(n)s failed messages queued again.") % {"n": count})
        except sending.MailingError as error:
            messages.error(request, str(error))
        return HttpResponseRedirect(change_url)

    def _said(self, request: HttpRequest, done: bool, success: str) -> None:
        if done:
            messages.success(request, success)
        else:
            messages.warning(request, _("Nothing changed: the mailing had moved on meanwhile."))

    def preview_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        mailing = self._mailing(request, object_id)
        supporter, index, note = preview_recipient(
            request, mailing, chosen=request.GET.get("as", "")
        )
        context: dict[str, Any] = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "mailing": mailing,
            "title": _("Preview: %(subject)s") % {"subject": mailing.subject},
            "note": note,
            "may_send": may_send(request),
            "recipient": supporter,
            "next_url": f"?n={index + 1}",
            "test_url": reverse("admin:mailings_mailing_test", args=[mailing.pk]),
            "change_url": reverse("admin:mailings_mailing_change", args=[mailing.pk]),
            "staff_email": request.user.email,
        }
        language = chosen_language(request.GET.get("lang", ""), supporter)
        written = rendering.versions(mailing)
        as_query = f"as={supporter.pk}&" if supporter is not None and supporter.pk else ""
        if request.GET.get("lang", "") == language:
            context["next_url"] += f"&lang={language}"
        context.update(
            language=language,
            language_links=[
                (
                    code,
                    name,
                    f"?{as_query}lang={code}",
                    code in written,
                )
                for code, name in settings.LANGUAGES
            ],
        )
        if supporter is not None:
            try:
                message = rendering.build_message(
                    mailing=mailing,
                    supporter=supporter,
                    message_id=message_id("mailing-preview"),
                    to=request.user.email or "staff@example.org",
                    links_supporter_id=0,
                    language=language,
                )
                rendered = rendering.render(mailing=mailing, supporter=supporter, language=language)
                context.update(
                    subject=message.subject,
                    headers=[
                        ("From", message.from_email),
                        *message.extra_headers.items(),
                    ],
                    body_html=rendered.html_body,
                    text=message.body,
                )
            except rendering.MergeError as error:
                context["merge_error"] = str(error)
        return TemplateResponse(request, "admin/mailings/mailing/preview.html", context)

    def test_send_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """Send the preview to the staff member's own address: same rendering and headers,
        no send row. Its unsubscribe links act for the staff member's own supporter record,
        if they have one, never for the recipient it was rendered as."""
        mailing = self._mailing(request, object_id)
        preview_url = reverse("admin:mailings_mailing_preview", args=[mailing.pk])
        if request.method != "POST":
            return HttpResponseRedirect(preview_url)
        if not self.has_change_permission(request, mailing):
            raise PermissionDenied
        address = request.user.email
        if not address:
            messages.error(request, _("Your staff account has no email address to send to."))
            return HttpResponseRedirect(preview_url)
        supporter, _index, note = preview_recipient(
            request, mailing, chosen=request.POST.get("as", "")
        )
        if supporter is None:
            messages.error(request, note)
            return HttpResponseRedirect(preview_url)
        own = Supporter.objects.for_email(address).values_list("pk", flat=True).first() or 0
        try:
            message = rendering.build_message(
                mailing=mailing,
                supporter=supporter,
                message_id=message_id("mailing-test"),
                to=address,
                links_supporter_id=own,
                language=chosen_language(request.POST.get("lang", ""), supporter),
            )
            message.send()
        except rendering.MergeError as error:
            messages.error(request, str(error))
        except OSError as error:
            messages.error(request, _("The test could not be sent: %(error)s") % {"error": error})
        else:
            messages.success(request, _("A test was sent to %(address)s.") % {"address": address})
        query = {"as": supporter.pk} if supporter.pk else {}
        if request.POST.get("lang", "") in dict(settings.LANGUAGES):
            query["lang"] = request.POST["lang"]
        return HttpResponseRedirect(preview_url + (f"?{urlencode(query)}" if query else ""))

    def progress_view(self, request: HttpRequest, object_id: int) -> JsonResponse:
        mailing = self._mailing(request, object_id)
        progress = sending.mailing_progress(mailing=mailing)
        progress["state_label"] = str(Mailing.State(progress["state"]).label)
        progress["time_left"] = time_left(progress.get("seconds_left"))
        return JsonResponse(progress)


@admin.register(Recipient)
class RecipientAdmin(admin.ModelAdmin):
    """The send record, read-only: who a mailing went to and how each message fared."""

    list_display = ["mailing", "supporter", "status", "attempts", "sent_at", "error"]
    list_filter = ["status"]
    list_select_related = ["mailing", "supporter"]
    raw_id_fields = ["mailing", "supporter"]
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Recipient]:
        return super().get_queryset(request).order_by("-pk")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Recipient | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Recipient | None = None) -> bool:
        return False
