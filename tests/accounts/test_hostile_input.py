"""Hostile input, everywhere: generated junk at every public form and endpoint.

Every public URL the resolver knows is fetched; each form on it (and the URL itself,
through its query string) is then fed junk: huge strings, control characters, odd
unicode, numbers where text belongs, JSON bodies, missing and repeated fields. The
site must never answer 5xx, and a refused submission must not leave rows behind.

The example budget is fixed (the "hostile" profile) so CI time stays predictable.
"""

import json
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.accounts.conftest import PARAMETERS
from tests.accounts.urlwalk import public_routes

settings.register_profile(
    "hostile",
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
HOSTILE = settings.get_profile("hostile")

# Field names worth trying on any URL, besides those its forms declare.
COMMON_NAMES = ["zip", "address", "q", "page", "topic", "next", "token", "email", "id", "format"]
# Rows that may change on a refused request without anything being saved on purpose.
UNCOUNTED = {"sessions.session", "axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"}

text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
control = st.text(
    alphabet=st.characters(min_codepoint=0, max_codepoint=31), min_size=1, max_size=20
)
huge = st.integers(min_value=1_000, max_value=120_000).map(lambda n: "A" * n)
nasty = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "null",
        "[]",
        "{}",
        "-1",
        "0",
        "99999999999999999999999999",
        "1e308",
        "NaN",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "../../etc/passwd",
        "%00",
        "\u202eevil",
        "\ufeff",
        "😀" * 300,
        "a@b",
        "a" * 250 + "@example.com",
        "12345-6789",
        "00000",
        "on",
    ]
)
scalar = st.one_of(text, control, huge, nasty, st.integers().map(str), st.floats().map(str))
value = st.one_of(scalar, st.lists(scalar, min_size=2, max_size=4))  # repeated fields
json_value = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), text),
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(text, children, max_size=3)
    ),
    max_leaves=8,
)


class FormFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "form":
            method = (attributes.get("method") or "get").lower()
            self.forms.append(
                {"method": method, "action": attributes.get("action") or "", "names": set()}
            )
        elif (
            tag in {"input", "select", "textarea", "button"}
            and self.forms
            and attributes.get("name")
        ):
            self.forms[-1]["names"].add(attributes["name"])


def row_counts() -> dict[str, int]:
    return {
        model._meta.label_lower: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.label_lower not in UNCOUNTED and model._meta.managed
    }


def routes_to_attack() -> list:
    return [route for route in public_routes() if "(?P" not in route.template]


def targets_on(client, url: str) -> list[tuple[str, str, list[str]]]:
    """(method, url, field names) for the page itself and every form on it."""
    response = client.get(url)
    names = set(COMMON_NAMES)
    targets = []
    if response.status_code == 200 and "html" in response.get("Content-Type", ""):
        finder = FormFinder()
        finder.feed(response.content.decode("utf-8", "replace"))
        for form in finder.forms:
            action = form["action"] or url
            if urlsplit(action).netloc:
                continue  # another site's form, such as a mailto or donation link
            names |= form["names"]
            targets.append((form["method"], urlsplit(action).path or url, sorted(form["names"])))
    targets.append(("get", url, sorted(names)))
    targets.append(("post", url, sorted(names)))
    return targets


@pytest.mark.django_db
@pytest.mark.parametrize("route", routes_to_attack(), ids=lambda route: route.name)
def test_junk_never_breaks_a_public_url_or_leaves_rows(route, client, canaries):
    url = route.path(**PARAMETERS[route.name](canaries)) if route.converters else route.path()
    targets = targets_on(client, url)

    @HOSTILE
    @given(data=st.data())
    def attack(data: st.DataObject) -> None:
        method, target, names = data.draw(st.sampled_from(targets), label="target")
        # Mostly the form's own fields (all or some of them, so missing ones are tried
        # too), sometimes with made-up extra names.
        some = st.lists(st.sampled_from(names), unique=True) if names else st.just([])
        chosen = data.draw(st.one_of(st.just(names), some), label="fields")
        extra = data.draw(st.lists(text, max_size=2), label="extra fields")
        payload = {name: data.draw(value, label=name) for name in [*chosen, *extra]}
        as_json = method == "post" and data.draw(st.booleans(), label="json body")
        cache.clear()  # rate limits would otherwise hide the handlers behind 429s
        before = row_counts()
        if as_json:
            body = json.dumps(data.draw(json_value, label="json"))
            response = client.post(target, body, content_type="application/json")
        else:
            response = getattr(client, method)(target, payload)
        assert response.status_code < 500, (method, target, payload)
        refused = response.status_code >= 400 or (
            method == "post"
            and response.status_code == 200
            and "html" in response.get("Content-Type", "")
        )
        if refused:
            assert row_counts() == before, (method, target, response.status_code)

    attack()


@pytest.mark.django_db
@pytest.mark.parametrize("next_url", ["home", "A" * 5000, "javascript:alert(1)", "//evil.example/"])
def test_banner_dismiss_with_a_next_that_is_not_a_path_goes_home(client, next_url):
    # Found by the walk above: redirect() took a bare word for a view name and failed.
    response = client.post("/banner/dismiss/", {"next": next_url, "key": "1-abc"})
    assert response.status_code == 302
    assert response["Location"] == "/"
