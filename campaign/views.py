import datetime
import logging
import re
from dataclasses import fields as dataclass_fields
from typing import Any

from django.conf import settings
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connection
from django.db.utils import DatabaseError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from accounts.access import staff_view
from campaign import home_blocks, og_images, services
from campaign.forms import EventRegistrationForm, ListSignupForm, NewsFilterForm
from campaign.ics import event_calendar
from campaign.models import Event, NewsPost
from campaign.models import Page as CampaignPage
from campaign.preview import PreviewLinkError, post_for_preview
from campaign.services import RegistrationDetails
from core import abuse, actions
from core.confirm import confirm_by_post, confirm_link
from core.pagecache import BANNER_DISMISS_COOKIE
from letters.models import LetterCampaign
from petitions.models import Petition
from supporters import services as supporter_services
from supporters.services import ListLinkOutcome

logger = logging.getLogger(__name__)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    # Each block is gathered by its own function (campaign/home_blocks.py) and drawn by its
    # own partial; a block with no data is left out of the page.
    context = {
        "petition": home_blocks.featured_petition(),
        "tally": home_blocks.cosponsor_tally(),
        "latest_news": home_blocks.latest_news(),
        "letter_start_url": home_blocks.letter_start_url(),
        "calls": home_blocks.call_block(),
    }
    return render(request, "campaign/home.html", context)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def bench_ceiling(request: HttpRequest) -> HttpResponse:
    # The benchmark's yardstick: the same server, workers and middleware as every page,
    # but no database, template or cache work. Hidden unless BENCHMARK_ENDPOINTS is on.
    if not settings.BENCHMARK_ENDPOINTS:
        raise Http404
    return HttpResponse(b"ok\n", content_type="text/plain")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors here: whatever broke the request may break them too.
    try:
        body = loader.get_template("500.html").render({"request": request})
    except Exception:
        logger.exception("The error page itself failed to render")
        body = (
            "<h1>Server error</h1><p>Something went wrong on our side. Please try again soon.</p>"
        )
    return HttpResponseServerError(body)


# --- News, pages, banner, robots.txt -------------------------------------------------------

NEWS_PER_PAGE = 10
BANNER_COOKIE_MAX_AGE = 60 * 60 * 24 * 365
_BANNER_KEY = re.compile(r"^\d{1,12}-\d{1,12}$")


def _page_of(request: HttpRequest, items: Any, per_page: int) -> tuple[Page, str]:
    """The requested page of `items` and a notice when the page number was unusable."""
    paginator = Paginator(items, per_page)
    raw = request.GET.get("page", "1")
    try:
        return paginator.page(paginator.validate_number(raw)), ""
    except PageNotAnInteger:
        return paginator.page(1), _("That page number was not valid, so here is the first page.")
    except EmptyPage:
        number = paginator.num_pages
        try:
            too_low = int(raw) < 1
        except ValueError:
            too_low = True
        if too_low:
            return paginator.page(1), _(
                "That page number was not valid, so here is the first page."
            )
        notice = _("There are only %(count)d pages, so here is the last one.") % {"count": number}
        return paginator.page(number), notice


@require_safe
def news_list(request: HttpRequest) -> HttpResponse:
    form = NewsFilterForm(request.GET if request.GET.keys() - {"page"} else None)
    filters = form.valid_filters() if form.is_bound else {}
    posts = NewsPost.objects.published()
    if topic := filters.get("topic"):
        posts = posts.filter(topics=topic)
    if start := filters.get("published_from"):
        posts = posts.filter(published_at__gte=_start_of(start))
    if end := filters.get("published_to"):
        posts = posts.filter(published_at__lt=_start_of(end + datetime.timedelta(days=1)))
    posts = posts.search(filters.get("q", "")).prefetch_related("topics")
    page, page_notice = _page_of(request, posts, NEWS_PER_PAGE)
    context = {
        "form": form,
        "page_obj": page,
        "posts": page.object_list,
        "page_notice": page_notice,
        "active_topic": topic,
        "is_filtered": bool(filters),
    }
    return render(request, "campaign/news/list.html", context)


def _start_of(day: datetime.date) -> datetime.datetime:
    # "Published between" means calendar days on the campaign's clock.
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@require_safe
def news_detail(request: HttpRequest, slug: str) -> HttpResponse:
    post = get_object_or_404(
        NewsPost.objects.published().select_related("author").prefetch_related("topics"),
        slug=slug,
    )
    return _render_post(request, post, preview=False)


def _render_post(request: HttpRequest, post: NewsPost, *, preview: bool) -> HttpResponse:
    context = {
        "post": post,
        "related": list(NewsPost.objects.related_to(post)),
        "preview": preview,
    }
    return render(request, "campaign/news/detail.html", context)


# Only staff who may see posts learn that a preview exists at all.
@staff_view(permission="campaign.view_newspost", conceal=True)
@require_safe
def news_preview(request: HttpRequest, token: str) -> HttpResponse:
    try:
        post = post_for_preview(token)
    except PreviewLinkError:
        return render(request, "campaign/news/preview_invalid.html", status=400)
    response = _render_post(request, post, preview=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_safe
def page_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = get_object_or_404(CampaignPage, slug=slug)
    return render(request, "campaign/page.html", {"page": page})


# Dismissing a banner changes nothing on the server and touches no account, so a forged
# request could at worst hide a banner; exempting it keeps CSRF cookies off cached pages.
@csrf_exempt
@require_POST
def banner_dismiss(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next", "")
    # Only a path on this site: redirect() would read any other word as a view name.
    if not next_url.startswith("/") or not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("campaign:home")
    response = HttpResponseRedirect(next_url)
    key = request.POST.get("key", "")
    if _BANNER_KEY.match(key):
        response.set_cookie(
            BANNER_DISMISS_COOKIE,
            key,
            max_age=BANNER_COOKIE_MAX_AGE,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


FAVICON = settings.BASE_DIR / "static" / "favicon.ico"


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers and crawlers ask for whatever the page's link tag says."""
    response = HttpResponse(FAVICON.read_bytes(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def _share_card_subject(kind: str, slug: str) -> tuple[str, str] | None:
    # (title, label) of the page a card is for; only pages the public can open get one.
    if kind == "petition":
        petition = Petition.objects.public().filter(slug=slug).only("title").first()
        return (petition.title, _("Petition")) if petition else None
    if kind == "letters":
        letters = LetterCampaign.objects.filter(slug=slug).only("title").first()
        return (letters.title, _("Write to Congress")) if letters else None
    if kind == "news":
        post = NewsPost.objects.published().filter(slug=slug).only("title").first()
        return (post.title, _("News")) if post else None
    return None


@require_safe
def og_image(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    """The share card (Open Graph image) of a petition, letter campaign or news post."""
    subject = _share_card_subject(kind, slug[:200])
    if subject is None:
        raise Http404
    title, label = subject
    response = HttpResponse(og_images.cached_card_png(title=title, label=label), "image/png")
    # Link previews fetch it often; an hour keeps a retitled page's card fresh soon enough.
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        f"Disallow: /{settings.ADMIN_URL}",
        f"Disallow: {reverse('campaign:news_list')}preview/",
        f"Sitemap: {settings.SITE_URL}{reverse('campaign:sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# Events and the email list ---------------------------------------------------------------------

PAST_EVENTS_SHOWN = 12


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    events = Event.objects.published().with_registration_count()
    return render(
        request,
        "campaign/event_list.html",
        {
            "upcoming": list(events.upcoming(now)),
            "past": list(events.past(now)[:PAST_EVENTS_SHOWN]),
            "now": now,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event.objects.published().with_registration_count(), slug=slug)
    status = event.registration_status()
    form = EventRegistrationForm(request.POST if request.method == "POST" else None)
    context = {"event": event, "status": status, "form": form}
    template = "campaign/event_detail.html"
    if request.method != "POST" or status != Event.Status.OPEN:
        return render(request, template, context)
    # Screened before validation, so attempts with invalid fields count too.
    blocked = abuse.screen(request, action="event", email=request.POST.get("email", ""))
    if blocked:
        return blocked
    if not form.is_valid():
        return render(request, template, context, status=400)
    details = RegistrationDetails(
        **{
            field.name: form.cleaned_data[field.name]
            for field in dataclass_fields(RegistrationDetails)
        }
    )
    try:
        services.event_register(event=event, details=details)
    except services.DuplicateRegistration as error:
        form.add_error(None, error.message)
        return render(request, template, context, status=409)
    except services.RegistrationError:
        # Closed or filled up while the form was being typed: show the new status.
        event = Event.objects.with_registration_count().get(pk=event.pk)
        context.update(event=event, status=event.registration_status())
        return render(request, template, context, status=409)
    return redirect("campaign:event_registered", slug=event.slug)


@require_GET
def event_registered(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event.objects.published(), slug=slug)
    return render(request, "campaign/event_registered.html", {"event": event})


@require_GET
def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event.objects.published(), slug=slug)
    response = HttpResponse(
        event_calendar(event=event), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def list_signup(request: HttpRequest) -> HttpResponse:
    form = ListSignupForm(request.POST if request.method == "POST" else None)
    context = {"form": form}
    template = "campaign/list_signup.html"
    if request.method != "POST":
        return render(request, template, context)
    blocked = abuse.screen(request, action="join", email=request.POST.get("email", ""))
    if blocked:
        return blocked
    if not form.is_valid():
        return render(request, template, context, status=400)
    supporter_services.list_signup_request(
        name=form.cleaned_data["name"],
        email=form.cleaned_data["email"],
        zip_code=form.cleaned_data["zip_code"],
        email_lists=form.cleaned_data["lists"],
        source="list page",
    )
    # The same answer whoever the address belongs to.
    return actions.action_remember(request, redirect("campaign:list_signup_sent"), actions.LIST)


@require_GET
def list_signup_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "campaign/list_signup_sent.html")


_LINK_STATUS = {
    ListLinkOutcome.INVALID: 400,
}


@confirm_link()
def list_confirm(request: HttpRequest, token: str) -> HttpResponse:
    outcome = confirm_by_post(
        request,
        check=lambda: supporter_services.list_confirm_check(token=token)[0],
        act=lambda: supporter_services.list_subscription_confirm(token=token),
    )
    return render(
        request,
        "campaign/list_confirm.html",
        {"outcome": outcome, "token": token, "Outcome": ListLinkOutcome},
        status=_LINK_STATUS.get(outcome, 200),
    )


@confirm_link(csrf=False)
def list_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    outcome = confirm_by_post(
        request,
        check=lambda: supporter_services.list_unsubscribe_check(token=token)[0],
        act=lambda: supporter_services.list_unsubscribe(token=token),
    )
    return render(
        request,
        "campaign/list_unsubscribe.html",
        {"outcome": outcome, "token": token, "Outcome": ListLinkOutcome},
        status=_LINK_STATUS.get(outcome, 200),
    )
