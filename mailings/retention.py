"""Retention of mailings' send rows (see accounts.retention).

A send row says that one supporter was sent one mailing. Once a mailing has been
finished for the retention period, its rows go; the mailing keeps only its counts.
"""

from datetime import datetime

from django.db import transaction

from accounts.retention import retention_rule
from mailings.models import Mailing, Recipient
from mailings.results import mailing_results


@retention_rule(
    "mailing_send_rows",
    "Who each mailing was sent to, for mailings finished before the retention period "
    "(the mailing keeps its counts: sent, failed, bounced, complained, actions taken).",
)
def purge_mailing_send_rows(*, cutoff: datetime, dry_run: bool) -> int:
    finished = Mailing.objects.filter(state__in=Mailing.STATES_FINAL, finished_at__lt=cutoff)
    rows = Recipient.objects.filter(mailing__in=finished)
    if dry_run:
        return rows.count()
    removed = 0
    for mailing in finished.filter(recipients__isnull=False).distinct():
        with transaction.atomic():
            if not mailing.results:
                mailing.results = mailing_results(mailing=mailing)
                mailing.save(update_fields=["results"])
            removed += Recipient.objects.filter(mailing=mailing).delete()[0]
    return removed
