"""Production headers and cookies, checked in a real DEBUG=0 process.

Settings such as HSTS and secure cookies are decided when settings load, so a
subprocess starts the site the way production does and reports what it sends.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent

PROBE = r"""
import json
import django
from django.core.management import call_command
from django.test.utils import override_settings
django.setup()
# The hashed-name manifest exists only after collectstatic; headers do not depend on it.
override_settings(
    STORAGES={
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
).enable()
call_command("migrate", verbosity=0, run_syncdb=True)
from django.contrib.auth import get_user_model
from django.test import Client
get_user_model().objects.create_user("probe", password="a long enough password 123", is_staff=True)
client = Client(HTTP_HOST="campaign.example.org")
report = {}
plain = client.get("/")
report["http_redirect"] = [plain.status_code, plain.headers.get("Location", "")]
home = client.get("/", secure=True)
report["home"] = {"status": home.status_code, "headers": dict(home.headers)}
login = client.get("/admin/login/", secure=True)
report["login_headers"] = dict(login.headers)
client.post(
    "/admin/login/",
    {"username": "probe", "password": "a long enough password 123", "next": "/admin/"},
    secure=True,
)
client.post("/i18n/setlang/", {"language": "es", "next": "/"}, secure=True)
report["cookies"] = {
    name: {"secure": bool(m["secure"]), "httponly": bool(m["httponly"]), "samesite": m["samesite"]}
    for name, m in client.cookies.items()
}
from django.conf import settings
report["settings"] = {"STAFF_2FA_REQUIRED": settings.STAFF_2FA_REQUIRED}
print("REPORT" + json.dumps(report))
"""


@pytest.fixture(scope="module")
def production() -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTEST_VERSION", "DEBUG", "DATABASE_URL", "EMAIL_URL", "STAFF_2FA_REQUIRED"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="campaign.example.org",
        SITE_URL="https://campaign.example.org",
        DATABASE_URL="sqlite://:memory:",
        CACHE_URL="locmemcache://",
        EMAIL_URL="consolemail://",
    )
    env.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    line = next(line for line in result.stdout.splitlines() if line.startswith("REPORT"))
    return json.loads(line.removeprefix("REPORT"))


def test_plain_http_is_redirected_to_https(production):
    status, location = production["http_redirect"]
    assert status == 301
    assert location.startswith("https://campaign.example.org/")


def test_csp_forbids_inline_scripts_and_framing(production):
    headers = production["home"]["headers"]
    assert production["home"]["status"] == 200
    csp = headers["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp
    assert "'unsafe-eval'" not in csp
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]


def test_hsts_frame_referrer_and_nosniff_headers(production):
    for headers in (production["home"]["headers"], production["login_headers"]):
        hsts = headers["Strict-Transport-Security"]
        assert "max-age=31536000" in hsts
        assert "includeSubDomains" in hsts
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_every_cookie_is_secure_and_httponly(production):
    cookies = production["cookies"]
    assert {"sessionid", "csrftoken", "django_language"} <= set(cookies)
    for name, flags in cookies.items():
        assert flags["secure"], name
        assert flags["httponly"], name
        assert flags["samesite"] in {"Lax", "Strict"}, name


def test_two_factor_is_required_in_production(production):
    assert production["settings"]["STAFF_2FA_REQUIRED"] is True
