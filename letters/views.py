"""The supporter's letter flow at /write/: ZIP -> lawmakers and you -> letters -> sent.

Every step is a plain form (GET for the ZIP code, POST for anything personal), so
it works without JavaScript. What the supporter told us between steps lives in
their session, never in URLs; the letters themselves are stored only on "send".
"""

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core import abuse, actions, signing
from core.confirm import acts, confirm_by_post, confirm_link
from core.signing import LinkInvalid, Purpose
from legislators.lookup import ZipLookup, lookup_zip
from legislators.models import Chamber, Legislator, Stance, lawmaker_order
from letters import emails, services
from letters.forms import AddressForm, ConstituentForm, LettersForm
from letters.models import ConfirmationState, LetterCampaign, LetterSubmission, LetterTargets
from supporters.models import EmailList
from supporters.services import supporter_place_from_link

SESSION_KEY = "letters.write"
SENT_KEY = "letters.sent"
MAX_ZIP_PARAM = 20
DETAILS_MAX_AGE = 60 * 60 * 2
# Confirmation links in the supporter's email stay valid this long.


def _campaign(request: HttpRequest) -> LetterCampaign | None:
    slug = (request.POST.get("campaign") or request.GET.get("campaign") or "")[:200]
    campaigns = LetterCampaign.objects.open()
    if slug:
        return campaigns.filter(slug=slug).first()
    return campaigns.order_by("-created_at").first()


def _targets(campaign: LetterCampaign, lookup: ZipLookup) -> list[Legislator]:
    members = lookup.legislators
    if campaign.targets == LetterTargets.SENATORS:
        return [member for member in members if member.chamber == Chamber.SENATE]
    if campaign.targets == LetterTargets.REPRESENTATIVE:
        return [member for member in members if member.chamber == Chamber.HOUSE]
    if campaign.targets == LetterTargets.CHOSEN:
        chosen = set(campaign.chosen_legislators.values_list("pk", flat=True))
        return [member for member in members if member.pk in chosen]
    return list(members)


def _stances(campaign: LetterCampaign, members: list[Legislator]) -> dict[int, str]:
    return services.stances_for_letters(legislators=members, campaign=campaign)


def _stances_from_session(state: dict) -> dict[int, str]:
    # Worked out once at the ZIP step, so the letters choose their text by the stances the
    # supporter was shown.
    return {int(pk): stance for pk, stance in state["stances"].items()}


def _private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_store=True)
    return response


def _render(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    return _private(render(request, template, context, status=status))


def _members_from_session(state: dict) -> list[Legislator]:
    ids = state.get("members", [])
    by_id = {member.pk: member for member in Legislator.objects.serving().filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def _member_rows(members: list[Legislator], stances: dict[int, str]) -> list[dict]:
    return [
        # No stance is shown when no bill says who is who: we never guess a position.
        {"member": member, "stance": stances.get(member.pk, "")}
        for member in members
    ]


@require_http_methods(["GET", "HEAD", "POST"])
def write(request: HttpRequest) -> HttpResponse:
    """Each step of the flow, chosen by the form that was sent."""
    campaign = _campaign(request)
    if campaign is None:
        return _render(request, "letters/write_closed.html", {}, status=404)
    if request.method == "POST":
        step = request.POST.get("step", "")
        if step == "details":
            return _details_step(request, campaign)
        if step == "send":
            return _send_step(request, campaign)
        if step == "draft":
            return _draft_step(request, campaign)
        if step in {"address", "seat"}:
            blocked = abuse.screen(request, action="lookup")
            if blocked is not None:
                return _private(blocked)
            return _lookup_step(
                request,
                campaign,
                zip_code=request.POST.get("zip", "")[:MAX_ZIP_PARAM],
                address=request.POST.get("address", "")[:300],
                seat=request.POST.get("seat", "")[:10],
            )
        return HttpResponseRedirect(reverse("letters:write"))
    if request.GET.get("t"):
        return _personal_link_step(request, campaign, token=request.GET["t"][:500])
    zip_code = request.GET.get("zip", "")[:MAX_ZIP_PARAM]
    if zip_code.strip():
        return _lookup_step(request, campaign, zip_code=zip_code)
    return render(request, "letters/write_start.html", {"campaign": campaign})


def _personal_link_step(
    request: HttpRequest, campaign: LetterCampaign, *, token: str
) -> HttpResponse:
    """The link in a mailing: a signed supporter id (never their ZIP code) fills the ZIP step."""
    try:
        zip_code, seat = supporter_place_from_link(purpose=Purpose.WRITE_LINK, token=token)
    except LinkInvalid:
        context = {
            "campaign": campaign,
            "expired": _("That link has expired. Please enter your ZIP code."),
        }
        return _render(request, "letters/write_start.html", context)
    if not zip_code:
        return _render(request, "letters/write_start.html", {"campaign": campaign})
    return _lookup_step(request, campaign, zip_code=zip_code, seat=seat)


def _lookup_step(
    request: HttpRequest,
    campaign: LetterCampaign,
    *,
    zip_code: str,
    address: str = "",
    seat: str = "",
) -> HttpResponse:
    lookup = lookup_zip(zip_code=zip_code, address=address, seat=seat)
    context: dict[str, Any] = {"campaign": campaign, "lookup": lookup, "zip_code": lookup.zip_code}
    if lookup.error:
        return _render(request, "letters/write_start.html", context, status=400)
    if not lookup.settled:
        context["address_form"] = AddressForm(initial={"address": address})
        context["candidates"] = lookup.candidates
        return _render(request, "letters/write_address.html", context)
    members = _targets(campaign, lookup)
    # Seats with nobody in them (or whose new member is not imported yet) get no letter.
    notices = [*lookup.vacancy_messages, *filter(None, [lookup.awaiting_message])]
    context["notices"] = notices
    if not members:
        return _render(request, "letters/write_no_targets.html", context)
    stances = _stances(campaign, members)
    request.session[SESSION_KEY] = {
        "campaign": campaign.pk,
        "zip": lookup.zip_code,
        "states": lookup.states,
        "members": [member.pk for member in members],
        # The session is JSON: keys are strings.
        "stances": {str(pk): stance for pk, stance in stances.items()},
    }
    form = ConstituentForm(
        initial={"zip_code": lookup.zip_code, "state": lookup.states[0]},
        states=lookup.states,
    )
    return _details_page(request, campaign, members, stances, form, notices=notices)


def _details_page(
    request: HttpRequest,
    campaign: LetterCampaign,
    members: list[Legislator],
    stances: dict[int, str],
    form: ConstituentForm,
    status: int = 200,
    notices: list[str] | None = None,
) -> HttpResponse:
    context = {
        "campaign": campaign,
        "rows": _member_rows(members, stances),
        "form": form,
        "notices": notices or [],
        "Stance": Stance,
    }
    return _render(request, "letters/write_details.html", context, status=status)


def _session_state(request: HttpRequest, campaign: LetterCampaign) -> dict | None:
    state = request.session.get(SESSION_KEY)
    # Anything but what the ZIP step wrote for this campaign means starting again.
    if not state or state.get("campaign") != campaign.pk:
        return None
    if not isinstance(state.get("stances"), dict):
        return None
    return state


def _expired(request: HttpRequest, campaign: LetterCampaign) -> HttpResponse:
    context = {
        "campaign": campaign,
        "expired": _("Your session ended, so please start again with your ZIP code."),
    }
    return _render(request, "letters/write_start.html", context, status=400)


def _letters_form(
    campaign: LetterCampaign,
    members: list[Legislator],
    stances: dict[int, str],
    constituent: dict,
    data: Any = None,
    language: str = "en",
) -> LettersForm:
    drafts = services.letter_drafts(
        language=language,
        campaign=campaign,
        legislators=members,
        stances=stances,
        first_name=constituent["first_name"],
        last_name=constituent["last_name"],
        city=constituent["city"],
        state=constituent["state"],
    )
    return LettersForm(
        data,
        members=members,
        initial_texts={draft.legislator.pk: (draft.subject, draft.text) for draft in drafts},
        editable=campaign.supporters_may_edit,
        language=language,
    )


def _details_step(request: HttpRequest, campaign: LetterCampaign) -> HttpResponse:
    state = _session_state(request, campaign)
    members = _members_from_session(state) if state else []
    if not members:
        return _expired(request, campaign)
    stances = _stances_from_session(state)
    form = ConstituentForm(request.POST, states=state["states"])
    if not form.is_valid():
        return _details_page(request, campaign, members, stances, form, status=400)
    constituent = dict(form.cleaned_data)
    ticked = {"list_opt_in": EmailList.NEWSLETTER, "alerts_opt_in": EmailList.ACTION_ALERTS}
    state["lists"] = [email_list for key, email_list in ticked.items() if constituent.pop(key)]
    state["constituent"] = constituent
    request.session[SESSION_KEY] = state
    if not request.user.is_authenticated:
        # The address waits in the session only while the supporter finishes.
        request.session.set_expiry(DETAILS_MAX_AGE)
    letters_form = _letters_form(
        campaign, members, stances, state["constituent"], language=_draft_language(state)
    )
    return _letters_page(
        request, campaign, stances, letters_form, state["constituent"], _draft_language(state)
    )


def _draft_language(state: dict) -> str:
    # English unless the supporter picked the campaign's Spanish draft (offices answer in
    # English); draft_for() falls back to English when the campaign has none.
    return "es" if state.get("draft_language") == "es" else "en"


def _draft_step(request: HttpRequest, campaign: LetterCampaign) -> HttpResponse:
    """The supporter picks the draft their letters start from: English or Spanish."""
    state = _session_state(request, campaign)
    members = _members_from_session(state) if state else []
    constituent = state.get("constituent") if state else None
    if not members or not constituent:
        return _expired(request, campaign)
    language = request.POST.get("draft_language", "")
    state["draft_language"] = "es" if language == "es" and campaign.offers_spanish_draft else "en"
    request.session[SESSION_KEY] = state
    stances = _stances_from_session(state)
    form = _letters_form(campaign, members, stances, constituent, language=_draft_language(state))
    return _letters_page(request, campaign, stances, form, constituent, _draft_language(state))


def _letters_page(
    request: HttpRequest,
    campaign: LetterCampaign,
    stances: dict[int, str],
    form: LettersForm,
    constituent: dict,
    draft_language: str = "en",
    status: int = 200,
) -> HttpResponse:
    # The signature and footer come from the same function that builds the letters at
    # send time, so the preview is exactly what each office receives.
    signer = emails.LetterSigner(**constituent)
    signature = emails.letter_signature(signer=signer)
    rows = []
    for row in form.rows():
        rows.append(
            row
            | {
                "stance": stances.get(row["member"].pk, ""),
                "full_text": emails.letter_body(text=row["text"][1], signer=signer),
                "has_errors": bool(form.editable and (row["subject"].errors or row["body"].errors)),
            }
        )
    context = {
        "campaign": campaign,
        "form": form,
        "rows": rows,
        "signature": signature,
        "signer": signer,
        "draft_language": draft_language,
    }
    return _render(request, "letters/write_letters.html", context, status=status)


def _send_step(request: HttpRequest, campaign: LetterCampaign) -> HttpResponse:
    state = _session_state(request, campaign)
    members = _members_from_session(state) if state else []
    constituent = state.get("constituent") if state else None
    if not members or not constituent:
        # A second click after sending lands here too: show what was sent.
        if request.session.get(SENT_KEY):
            return HttpResponseRedirect(reverse("letters:write_sent"))
        return _expired(request, campaign)
    stances = _stances_from_session(state)
    language = _draft_language(state)
    form = _letters_form(
        campaign, members, stances, constituent, data=request.POST, language=language
    )
    if not form.is_valid():
        return _letters_page(request, campaign, stances, form, constituent, language, status=400)
    blocked = abuse.screen(request, action="letter", email=constituent["email"])
    if blocked is not None:
        return _private(blocked)
    texts = form.texts()
    drafts = [
        services.LetterDraft(
            legislator=member,
            stance=stances.get(member.pk, Stance.NOT_COSPONSOR),
            subject=texts[member.pk][0],
            text=texts[member.pk][1],
        )
        for member in members
    ]
    try:
        submission, _created = services.submission_create(
            campaign=campaign,
            constituent=services.Constituent(**constituent),
            drafts=drafts,
            email_lists=state.get("lists", []),
        )
    except services.NobodyInOffice:
        # A term ended while the supporter was writing (noon Eastern, January 3).
        request.session.pop(SESSION_KEY, None)
        context = {
            "campaign": campaign,
            "expired": _(
                "The members you were writing to have left office. Please start again with "
                "your ZIP code to write to the members who represent you now."
            ),
        }
        return _render(request, "letters/write_start.html", context, status=400)
    request.session.pop(SESSION_KEY, None)
    request.session[SENT_KEY] = submission.pk
    return actions.action_remember(
        request, HttpResponseRedirect(reverse("letters:write_sent")), actions.LETTER
    )


@require_http_methods(["GET", "HEAD"])
def write_sent(request: HttpRequest) -> HttpResponse:
    """The confirmation page: what was sent, and each office's phone and contact form."""
    submission_id = request.session.get(SENT_KEY)
    submission = (
        LetterSubmission.objects.select_related("campaign").filter(pk=submission_id).first()
        if submission_id
        else None
    )
    if submission is None:
        return HttpResponseRedirect(reverse("letters:write"))
    letters = sorted(
        submission.letters.select_related("legislator"),
        key=lambda letter: lawmaker_order(letter.legislator),
    )
    context = {"submission": submission, "campaign": submission.campaign, "letters": letters}
    return _render(request, "letters/write_sent.html", context)


@confirm_link()
def write_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the supporter's email. GET asks; only POST confirms (mail scanners GET)."""
    try:
        submission_id = signing.read_id(Purpose.LETTER_CONFIRM, token)
    except LinkInvalid:
        return _render(request, "letters/write_confirm.html", {"invalid": True}, status=400)
    submission = LetterSubmission.objects.filter(pk=submission_id).first()
    if submission is None:
        return _render(request, "letters/write_confirm.html", {"invalid": True}, status=404)
    confirm_by_post(
        request,
        check=lambda: 0,
        act=lambda: services.submission_confirm(submission=submission),
    )
    submission.refresh_from_db()
    context = {
        "submission": submission,
        "campaign": submission.campaign,
        # A submission that never needed confirming is "on its way" once the button is pressed.
        "confirmed": acts(request) or submission.confirmation == ConfirmationState.CONFIRMED,
    }
    return _render(request, "letters/write_confirm.html", context)
