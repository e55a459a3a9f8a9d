"""Retention rules for petition signatures (see accounts.retention)."""

from datetime import datetime

from accounts.retention import retention_rule
from petitions.models import Signature


@retention_rule(
    "unconfirmed_signatures",
    "Petition signatures whose confirmation link was never clicked (never counted).",
)
def purge_unconfirmed_signatures(*, cutoff: datetime, dry_run: bool) -> int:
    stale = Signature.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff)
    return stale.count() if dry_run else stale.delete()[0]
