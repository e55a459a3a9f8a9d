"""Everyone on the email list before lists existed goes onto the newsletter, with their date.

A supporter with `list_opt_in` gets an active newsletter consent dated when they joined
(their confirmation, else `list_opt_in_at`, else when their row was made). Someone who
confirmed through the list page and left since keeps a withdrawn consent, so the record
of what they agreed to survives. Nothing is deleted; running it twice adds nothing.
"""

from django.db import migrations
from django.db.models import Exists, OuterRef, Q

BATCH = 2000


def forwards(apps, schema_editor) -> None:
    Supporter = apps.get_model("supporters", "Supporter")
    ListConsent = apps.get_model("supporters", "ListConsent")
    left = Q(
        list_subscription__status="unsubscribed",
        list_subscription__confirmed_at__isnull=False,
    )
    rows = (
        Supporter.objects.filter(Q(list_opt_in=True) | left)
        .exclude(Exists(ListConsent.objects.filter(supporter=OuterRef("pk"))))
        .order_by("pk")
        .values_list(
            "pk",
            "list_opt_in",
            "list_opt_in_at",
            "created_at",
            "list_subscription__confirmed_at",
            "list_subscription__unsubscribed_at",
        )
    )
    pending: list = []
    for pk, opted_in, opted_in_at, created_at, confirmed_at, unsubscribed_at in rows.iterator(
        chunk_size=BATCH
    ):
        consent = ListConsent(
            supporter_id=pk,
            email_list="newsletter",
            consented_at=confirmed_at or opted_in_at or created_at,
            source="migrated",
        )
        if not opted_in:
            consent.unsubscribed_at = unsubscribed_at or confirmed_at
            consent.unsubscribed_source = "migrated"
        pending.append(consent)
        if len(pending) >= BATCH:
            ListConsent.objects.bulk_create(pending)
            pending = []
    if pending:
        ListConsent.objects.bulk_create(pending)


def backwards(apps, schema_editor) -> None:
    # The flags the consents came from are still on the supporter rows.
    apps.get_model("supporters", "ListConsent").objects.filter(source="migrated").delete()


class Migration(migrations.Migration):
    dependencies = [("supporters", "0003_email_lists_and_consent")]

    operations = [migrations.RunPython(forwards, backwards)]
