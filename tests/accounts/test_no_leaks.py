"""No public page, API or feed ever shows a supporter's email, address, phone or IP hash.

Supporters are created with distinctive values, then every public URL the resolver
knows is fetched (parameters filled from the objects made here) and searched.
A new public URL with parameters fails `test_every_public_route_is_fetched` until
this file says how to fill them.
"""

from urllib.parse import quote

import pytest

from tests.accounts.conftest import CANARIES, PARAMETERS
from tests.accounts.urlwalk import public_routes


def fetchable_routes() -> list:
    return [route for route in public_routes() if "(?P" not in route.template]


def route_url(route, objects: dict[str, object]) -> str:
    if not route.converters:
        return route.path()
    fill = PARAMETERS[route.name]
    return route.path(**fill(objects))


def leaked(body: str) -> list[str]:
    found = []
    lowered = body.lower()
    for kind, value in CANARIES.items():
        forms = {value.lower(), quote(value).lower(), quote(value, safe="").lower()}
        if kind == "email":
            forms.add(value.split("@")[0])
        if kind == "phone":
            forms.add("555-0147")
        if kind == "ip_hash":
            forms.add(value[:16])
        if any(form in lowered for form in forms):
            found.append(kind)
    return found


def test_every_public_route_is_fetched():
    missing = [
        route.name
        for route in fetchable_routes()
        if route.converters and route.name not in PARAMETERS
    ]
    assert not missing, f"say in PARAMETERS how to fill the path of: {missing}"


@pytest.mark.django_db
def test_no_public_url_shows_personal_data(client, canaries):
    fetched = 0
    problems = []
    for route in fetchable_routes():
        url = route_url(route, canaries)
        response = client.get(url, HTTP_ACCEPT="text/html,application/json,*/*")
        assert response.status_code < 500, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8", "replace") + " ".join(
            f"{k}: {v}" for k, v in response.headers.items()
        )
        if leaks := leaked(text):
            problems.append(f"{url} shows {leaks}")
        fetched += 1
    assert fetched >= 3
    assert not problems, "\n".join(problems)


def test_the_search_itself_finds_a_leak():
    assert leaked(f"<p>{CANARIES['email']}</p>") == ["email"]
    assert leaked("call (614) 555-0147") == ["phone"]
    assert leaked(quote(CANARIES["street"])) == ["street"]
