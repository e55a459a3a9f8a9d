"""Retention rule for call reports (see accounts.retention)."""

from datetime import datetime

from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat

from accounts.retention import retention_rule
from calls.models import CallReport

# A cleared key: "-" and the report's id. A real key is a hex digest, so it never starts
# with "-", and each cleared key stays unique for the once-a-day constraint.
CLEARED_PREFIX = "-"


@retention_rule(
    "call_report_keys",
    "The scrambled browser code kept with each call report, which links one browser's "
    "reports; the report itself (office, day, outcome) stays, so counts stay right.",
)
def purge_call_report_keys(*, cutoff: datetime, dry_run: bool) -> int:
    old = CallReport.objects.filter(created_at__lt=cutoff).exclude(
        caller_key__startswith=CLEARED_PREFIX
    )
    if dry_run:
        return old.count()
    return old.update(
        caller_key=Concat(Value(CLEARED_PREFIX), Cast("pk", output_field=CharField()))
    )
