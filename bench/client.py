"""Tiny HTTP client for the set-up steps: a CSRF token for the POST scenarios, a staff login."""

import html.parser
import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

_TOKEN = re.compile(r'name="csrfmiddlewaretoken"\s+value="([^"]+)"')


class _FormFields(html.parser.HTMLParser):
    """The fields each <form> on a page would submit: inputs, textareas, selected options."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self._textarea: str | None = None
        self._text: list[str] = []
        self._select: str | None = None
        self._first_option: str | None = None
        self._selected = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.forms.append([])
        elif not self.forms:
            return
        elif tag == "input" and attributes.get("name"):
            kind = attributes.get("type", "text")
            if kind in {"checkbox", "radio"} and "checked" not in attributes:
                return
            if kind not in {"submit", "button", "image", "file"}:
                self.forms[-1].append((attributes["name"], attributes.get("value", "")))
        elif tag == "textarea" and attributes.get("name"):
            self._textarea, self._text = attributes["name"], []
        elif tag == "select" and attributes.get("name"):
            self._select, self._first_option, self._selected = attributes["name"], None, False
        elif tag == "option" and self._select is not None:
            value = attributes.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in attributes and not self._selected:
                self.forms[-1].append((self._select, value))
                self._selected = True

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._textarea is not None:
            # Browsers drop one newline right after <textarea>.
            self.forms[-1].append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            if not self._selected and self._first_option is not None:
                self.forms[-1].append((self._select, self._first_option))
            self._select = None


def form_fields(page: str, *, containing: tuple[str, str]) -> list[tuple[str, str]]:
    """The fields of the first form on the page that has the given (name, value) field."""
    parser = _FormFields()
    parser.feed(page)
    for fields in parser.forms:
        if containing in fields:
            return fields
    raise ValueError(f"no form with {containing[0]}={containing[1]!r} on the page")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@dataclass
class Session:
    """Cookies kept across requests, like one browser."""

    base_url: str

    def __post_init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def request(
        self, path: str, data: dict[str, str] | list[tuple[str, str]] | None = None
    ) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base_url + path, data=body)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    def cookie(self, name: str) -> str:
        for cookie in self.jar:
            if cookie.name == name:
                return cookie.value or ""
        return ""

    def cookies_from(self, other: "Session", name: str) -> None:
        """Share one cookie (the CSRF secret) with another session, as the same browser would."""
        for cookie in other.jar:
            if cookie.name == name:
                self.jar.set_cookie(cookie)

    def cookie_header(self) -> str:
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.jar)

    def page(self, path: str, data: dict[str, str] | list[tuple[str, str]] | None = None) -> str:
        """The HTML of a page that must answer 200."""
        status, html = self.request(path, data)
        if status != 200:
            method = "POST" if data is not None else "GET"
            raise RuntimeError(f"{method} {path} answered {status}, expected 200")
        return html

    def csrf_token(self, page: str) -> str:
        """Visit a form page; the token from its form, else the cookie's own secret."""
        status, html = self.request(page)
        if status != 200:
            raise RuntimeError(f"GET {page} answered {status}, expected the form page")
        match = _TOKEN.search(html)
        token = match[1] if match else self.cookie("csrftoken")
        if not token:
            raise RuntimeError(f"GET {page} gave no CSRF token or cookie")
        return token

    def login(self, login_path: str, username: str, password: str) -> None:
        token = self.csrf_token(login_path)
        status, _ = self.request(
            login_path,
            {"username": username, "password": password, "csrfmiddlewaretoken": token, "next": "/"},
        )
        if status != 302 or not self.cookie("sessionid"):
            raise RuntimeError(f"staff login failed (status {status})")
