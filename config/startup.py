"""Load settings early so a configuration error ends start-up with one line."""

import os
import sys

from django.core.exceptions import ImproperlyConfigured


def load_settings_or_exit() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.conf import settings

    try:
        settings.INSTALLED_APPS  # noqa: B018 - touching it imports the module
    except ImproperlyConfigured as error:
        sys.stderr.write(f"Press One cannot start: {error}\n")
        sys.exit(2)
