"""How long personal data is kept, rule by rule.

Each app that stores personal data with a useful life declares its rules in its own
`<app>/retention.py` with the `retention_rule` decorator; `purge_personal_data`
finds them all (as the admin finds `admin.py` modules), so this module never imports
an app above it. A rule gets the cutoff (anything older has done its job) and
whether this is a dry run, and returns how many rows it cleared or would clear.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from axes.models import AccessAttempt
from django.utils.module_loading import autodiscover_modules

Purge = Callable[..., int]


@dataclass(frozen=True)
class RetentionRule:
    name: str
    description: str
    purge: Purge
    # Lower runs first; rules that tidy up after others (people left with nothing) run last.
    order: int = 100


_RULES: dict[str, RetentionRule] = {}


def retention_rule(name: str, description: str, order: int = 100) -> Callable[[Purge], Purge]:
    """Register `purge(*, cutoff: datetime, dry_run: bool) -> int` under a unique name."""

    def register(purge: Purge) -> Purge:
        _RULES[name] = RetentionRule(name=name, description=description, purge=purge, order=order)
        return purge

    return register


def retention_rules() -> list[RetentionRule]:
    autodiscover_modules("retention")
    return sorted(_RULES.values(), key=lambda rule: (rule.order, rule.name))


@retention_rule(
    "staff_login_failures",
    "Failed staff login records (username and IP address) older than the retention period.",
)
def purge_login_failures(*, cutoff: datetime, dry_run: bool) -> int:
    old = AccessAttempt.objects.filter(attempt_time__lt=cutoff)
    return old.count() if dry_run else old.delete()[0]
