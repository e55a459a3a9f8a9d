"""Start-up configuration: bad values stop the site with one clear line."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "PYTEST_VERSION",
            "DEBUG",
            "SECRET_KEY",
            "DATABASE_URL",
            "ALLOWED_HOSTS",
            "EMAIL_URL",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("DATABASE_URL", "mysql-ish://nowhere", "DATABASE_URL"),
        ("DATABASE_URL", "not a url at all", "DATABASE_URL"),
        ("DEBUG", "maybe", "DEBUG='maybe' is not a boolean"),
        ("EMAIL_URL", "pigeon://loft", "EMAIL_URL"),
        ("MAILINGS_FROM_EMAIL", "Press One", "MAILINGS_FROM_EMAIL='Press One' is not an email"),
        ("MAILINGS_REPLY_TO", "nobody@", "MAILINGS_REPLY_TO='nobody@' is not an email"),
    ],
)
def test_bad_values_stop_startup_with_one_line(variable, value, expected):
    env = {"DEBUG": "1", variable: value}
    result = manage("check", **env)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert expected in lines[0]
    assert "Traceback" not in result.stderr


def test_production_requires_a_secret_key():
    result = manage("check", DEBUG="0", ALLOWED_HOSTS="example.org")
    assert result.returncode == 2
    assert "SECRET_KEY" in result.stderr


def test_deploy_check_is_clean_in_production():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr


def test_email_url_configures_the_default_mailer():
    from config.settings import _mailer_from_url

    smtp = _mailer_from_url("smtp+tls://user:secret@mail.example.org:587")
    assert smtp["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert smtp["OPTIONS"]["host"] == "mail.example.org"
    assert smtp["OPTIONS"]["port"] == 587
    assert smtp["OPTIONS"]["use_tls"] is True
    assert smtp["OPTIONS"]["username"] == "user"
    assert _mailer_from_url("consolemail://")["BACKEND"].endswith("console.EmailBackend")
    assert _mailer_from_url("anymail://postmark")["BACKEND"] == (
        "anymail.backends.postmark.EmailBackend"
    )
