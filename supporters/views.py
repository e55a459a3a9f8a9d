"""The pages behind the links in list email: one list's one-click unsubscribe, and preferences.

Both are reached by a signed link, without logging in. Opening either changes nothing
(mail scanners open every link); the one-click page acts on any POST, as RFC 8058 mail
programs send it, without a session or CSRF token.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from core.confirm import acts, confirm_link
from supporters import lists
from supporters.forms import PreferencesForm
from supporters.lists import LinkState
from supporters.models import EmailList


@confirm_link(csrf=False)
def list_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    state, supporter, email_list = lists.unsubscribe_link_read(token=token)
    if state != LinkState.VALID or supporter is None:
        return render(request, "supporters/link_invalid.html", status=400)
    done = False
    if acts(request):
        lists.consent_withdraw(
            supporter=supporter, email_list=email_list, source=lists.SOURCE_ONE_CLICK
        )
        done = True
    context = {
        "token": token,
        "done": done,
        "list_label": EmailList(email_list).label,
        "on_list": lists.consents_of(supporter=supporter)[email_list],
        # A link within the site, so it works whatever host name the page was opened at.
        "preferences_url": reverse(
            "supporters:list_preferences",
            kwargs={"token": lists.preferences_token(supporter_id=supporter.pk)},
        ),
    }
    return render(request, "supporters/list_unsubscribe.html", context)


@confirm_link()
def list_preferences(request: HttpRequest, token: str) -> HttpResponse:
    state, supporter = lists.preferences_link_read(token=token)
    if supporter is None:
        return render(request, "supporters/link_invalid.html", status=400)
    expired = state == LinkState.EXPIRED
    saved = ""
    status = 200
    if acts(request):
        if request.POST.get("action") == "leave":
            lists.consent_withdraw_all(supporter=supporter, source=lists.SOURCE_PREFERENCES)
            saved = "left"
        elif expired:
            # An old link may take its owner off the lists, never put them on.
            status = 400
        else:
            form = PreferencesForm(request.POST)
            if form.is_valid():
                lists.preferences_set(
                    supporter=supporter,
                    chosen=form.cleaned_data["lists"],
                    source=lists.SOURCE_PREFERENCES,
                )
                saved = "saved"
            else:
                status = 400
    current = lists.consents_of(supporter=supporter)
    form = PreferencesForm(initial={"lists": [value for value, on in current.items() if on]})
    context = {
        "token": token,
        "form": form,
        "expired": expired,
        "saved": saved,
        "on_any": any(current.values()),
        "suppressed": lists.is_suppressed(email=supporter.email),
        "current": [(EmailList(value).label, on) for value, on in current.items()],
    }
    return render(request, "supporters/list_preferences.html", context, status=status)
