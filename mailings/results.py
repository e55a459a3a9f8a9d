"""What came of a mailing: counts only, from our own records, never per-person tracking.

No tracking pixels and no rewritten links: "actions" are the letters written and the
petitions signed by people the mailing reached, within RESULTS_WINDOW of its start.
"""

from datetime import timedelta
from typing import Any

from django.db.models import Q

from letters.models import ConfirmationState, LetterSubmission
from mailings.models import Mailing, Recipient
from petitions.models import Signature
from supporters.models import ListConsent

RESULTS_WINDOW = timedelta(days=7)


def mailing_results(*, mailing: Mailing) -> dict[str, Any]:
    """Sent, failed, bounced, complained, unsubscribed, letters written and petitions signed.

    Each count is one query over the mailing's send rows, whatever their number. Once the
    retention rule has deleted the rows, the counts it kept on the mailing are returned.
    """
    if mailing.results:
        return {"window_days": RESULTS_WINDOW.days, **mailing.results}
    rows = Recipient.objects.filter(mailing=mailing)
    counts = {
        status: rows.filter(status=status).count()
        for status in (
            Recipient.Status.SENT,
            Recipient.Status.FAILED,
            Recipient.Status.BOUNCED,
            Recipient.Status.COMPLAINED,
            Recipient.Status.SKIPPED,
        )
    }
    reached = rows.filter(status__in=Recipient.STATUS_DELIVERED).values("supporter_id")
    result: dict[str, Any] = {
        # Every message the mail system accepted, bounced and complained ones included.
        "sent": sum(counts[s] for s in Recipient.STATUS_DELIVERED),
        "failed": counts[Recipient.Status.FAILED],
        "bounced": counts[Recipient.Status.BOUNCED],
        "complained": counts[Recipient.Status.COMPLAINED],
        "skipped": counts[Recipient.Status.SKIPPED],
        "unsubscribed": 0,
        "letters": 0,
        "signatures": 0,
        "window_days": RESULTS_WINDOW.days,
    }
    if mailing.started_at is None:
        return result
    window = Q(
        created_at__gte=mailing.started_at, created_at__lt=mailing.started_at + RESULTS_WINDOW
    )
    result["unsubscribed"] = ListConsent.objects.filter(
        email_list=mailing.email_list,
        supporter_id__in=reached,
        unsubscribed_at__gte=mailing.started_at,
        unsubscribed_at__lt=mailing.started_at + RESULTS_WINDOW,
    ).count()
    result["letters"] = (
        LetterSubmission.objects.filter(window, supporter_id__in=reached)
        .exclude(confirmation=ConfirmationState.PENDING)
        .count()
    )
    result["signatures"] = (
        Signature.objects.counted().filter(window, supporter_id__in=reached).count()
    )
    if result["sent"]:
        result["complaint_rate"] = round(100 * result["complained"] / result["sent"], 2)
    return result
