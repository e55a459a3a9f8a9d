"""Retention rules for supporters and their list consents (see accounts.retention)."""

from datetime import datetime

from django.db.models import Exists, OuterRef, QuerySet

from accounts.retention import retention_rule
from supporters.lists import soft_bounce_window_start
from supporters.models import ListSubscription, SoftBounce, Supporter


def _with_nothing_left() -> QuerySet[Supporter]:
    # Any row of any app that points at the supporter (a signature, a letter, a
    # registration, a list subscription, even an unsubscribed one, a list consent, even a
    # withdrawn one) keeps them: the record of consent and of leaving stays until they ask
    # for their data to be deleted, so a person who left is never written to again.
    queryset = Supporter.objects.filter(list_opt_in=False)
    for relation in Supporter._meta.related_objects:
        related = relation.related_model
        queryset = queryset.exclude(
            Exists(related._default_manager.filter(**{relation.field.name: OuterRef("pk")}))
        )
    return queryset


@retention_rule(
    "supporters_with_nothing_left",
    "People whose only records were unconfirmed sign-ups, once those are gone.",
    order=900,
)
def purge_supporters_with_nothing_left(*, cutoff: datetime, dry_run: bool) -> int:
    gone = _with_nothing_left().filter(created_at__lt=cutoff)
    return gone.count() if dry_run else gone.delete()[0]


@retention_rule(
    "unconfirmed_list_subscriptions",
    "Requests to join the email list never confirmed from the inbox.",
)
def purge_unconfirmed_list_subscriptions(*, cutoff: datetime, dry_run: bool) -> int:
    stale = ListSubscription.objects.filter(
        status=ListSubscription.Status.PENDING, requested_at__lt=cutoff
    )
    return stale.count() if dry_run else stale.delete()[0]


@retention_rule(
    "old_soft_bounces",
    "Soft bounces older than the window in which they count towards suppression.",
)
def purge_old_soft_bounces(*, cutoff: datetime, dry_run: bool) -> int:
    # Outside the window a soft bounce has no use left, whatever the general cutoff.
    old = SoftBounce.objects.filter(bounced_at__lt=soft_bounce_window_start())
    return old.count() if dry_run else old.delete()[0]
