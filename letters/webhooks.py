"""Which Anymail webhook URLs the site answers."""

from django.urls import URLPattern, URLResolver


def anymail_webhook_patterns(providers: list[str]) -> list[URLPattern | URLResolver]:
    """Anymail's webhook routes for the given providers only (for example ["postmark"])."""
    from anymail import urls

    prefixes = tuple(f"{provider.strip().lower()}/" for provider in providers if provider.strip())
    if not prefixes:
        return []
    return [
        pattern
        for pattern in urls.urlpatterns
        if str(pattern.pattern).lstrip("^").startswith(prefixes)
    ]
