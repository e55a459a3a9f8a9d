"""Tiny HTTP client for the set-up steps: a CSRF token for the POST scenarios, a staff login."""

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

_TOKEN = re.compile(r'name="csrfmiddlewaretoken"\s+value="([^"]+)"')


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

    def request(self, path: str, data: dict[str, str] | None = None) -> tuple[int, str]:
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

    def cookie_header(self) -> str:
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.jar)

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
