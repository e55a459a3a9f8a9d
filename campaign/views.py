import logging

from django.conf import settings
from django.db import connection
from django.db.utils import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "campaign/home.html")


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


@require_GET
def bench_ceiling(request: HttpRequest) -> HttpResponse:
    # The benchmark's yardstick: the same server, workers and middleware as every page,
    # but no database, template or cache work. Hidden unless BENCHMARK_ENDPOINTS is on.
    if not settings.BENCHMARK_ENDPOINTS:
        raise Http404
    return HttpResponse(b"ok\n", content_type="text/plain")
