"""Walk every URL pattern of the site, so tests cover pages the moment they exist."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

# Anymail's provider webhooks: authenticated by ANYMAIL_WEBHOOK_SECRET and answered by the
# library. Known gap, left to the letters app: the include() mounts every provider's
# webhook, and those whose optional package is missing (amazon_ses without boto3) answer
# any request with a 500. Only the configured provider's URLs should be mounted.
THIRD_PARTY_PREFIXES = ("anymail/",)


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or the dotted view path when unnamed
    template: str  # "petitions/<slug:slug>/count.json"
    converters: tuple[str, ...]  # keyword names the path needs

    @property
    def is_admin(self) -> bool:
        return self.template.startswith(settings.ADMIN_URL)

    @property
    def is_staff(self) -> bool:
        return self.template.startswith(("staff/", "account/"))

    @property
    def is_public(self) -> bool:
        if self.template.startswith(THIRD_PARTY_PREFIXES):
            return False
        return not (self.is_admin or self.is_staff)

    def path(self, **kwargs: object) -> str:
        path = self.template
        for key in self.converters:
            start = path.index("<")
            end = path.index(">", start)
            path = path[:start] + str(kwargs[key]) + path[end + 1 :]
        return "/" + path


def _walk(patterns: list, prefix: str, namespace: str) -> list[Route]:
    routes = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            routes += _walk(pattern.url_patterns, prefix + str(pattern.pattern), full_ns)
        elif isinstance(pattern, URLPattern):
            template = prefix + str(pattern.pattern)
            if template.startswith("^") or "(?P" in template:
                # Regex patterns (only the admin's) are reached through their names.
                template = template.lstrip("^").rstrip("$")
            converters = tuple(pattern.pattern.converters) + tuple(
                part for part in _converters_in(prefix)
            )
            name = pattern.name or f"{pattern.callback.__module__}.{pattern.callback.__name__}"
            if namespace and pattern.name:
                name = f"{namespace}:{pattern.name}"
            routes.append(Route(name=name, template=template, converters=converters))
    return routes


def _converters_in(template: str) -> list[str]:
    names = []
    rest = template
    while "<" in rest:
        start = rest.index("<")
        end = rest.index(">", start)
        names.append(rest[start + 1 : end].split(":")[-1])
        rest = rest[end + 1 :]
    return names


def all_routes() -> list[Route]:
    return _walk(get_resolver().url_patterns, "", "")


def public_routes() -> list[Route]:
    return [route for route in all_routes() if route.is_public]
