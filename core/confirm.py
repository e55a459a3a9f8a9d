"""Emailed links that change something: opening one shows a page with a button, and only
the button's POST acts.

Mail scanners and link previewers fetch every link in a message. If opening a link
confirmed a signature or took someone off the list, a scanner would do it for them (and
anyone could do it with someone else's address). So every such view is decorated with
`confirm_link()` and decides what to do through `confirm_by_post()`:

    @confirm_link()
    def list_confirm(request, token):
        outcome = confirm_by_post(
            request,
            check=lambda: services.list_confirm_check(token=token),  # reads only
            act=lambda: services.list_subscription_confirm(token=token),
        )
        return render(...)

The page a GET shows holds a `<form method="post">` with the button.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

View = Callable[..., HttpResponse]


def acts(request: HttpRequest) -> bool:
    """True only for the button's POST: a GET or HEAD must never change anything."""
    return request.method == "POST"


def confirm_by_post[T](request: HttpRequest, *, check: Callable[[], T], act: Callable[[], T]) -> T:
    """`act()` for the button's POST; `check()`, which must change nothing, for anything else."""
    return act() if acts(request) else check()


def confirm_link(*, csrf: bool = True) -> Callable[[View], View]:
    """Decorate the view behind an emailed link that acts.

    It answers GET, HEAD and POST only; its pages are never cached (they depend on the
    link's state) nor indexed.
    `csrf=False` is for RFC 8058 one-click unsubscribe: mail programs POST there without
    a session or a CSRF token, and the signed token in the URL is the only key needed.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        @require_http_methods(["GET", "HEAD", "POST"])
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            response = view(request, *args, **kwargs)
            add_never_cache_headers(response)
            response["X-Robots-Tag"] = "noindex, nofollow"
            return response

        return wrapped if csrf else csrf_exempt(wrapped)

    return decorator
