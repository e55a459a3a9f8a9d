"""Everyone on the email list before lists existed goes onto the newsletter, with their date.

A supporter with `list_opt_in` gets an active newsletter consent dated when they joined
(their confirmation, else `list_opt_in_at`, else when their row was made). Someone who
confirmed through the list page and left since keeps a withdrawn consent, so the record
of what they agreed to survives. Nothing is deleted; running it twice adds nothing.
"""

from django.db import migrations


def forwards(apps, schema_editor) -> None:
    # One INSERT ... SELECT: a million subscribers move in seconds, not row by row.
    supporter = apps.get_model("supporters", "Supporter")._meta.db_table
    subscription = apps.get_model("supporters", "ListSubscription")._meta.db_table
    consent = apps.get_model("supporters", "ListConsent")._meta.db_table
    quote = schema_editor.connection.ops.quote_name
    schema_editor.execute(
        f"""
        INSERT INTO {quote(consent)}
            (supporter_id, email_list, consented_at, source, unsubscribed_at, unsubscribed_source)
        SELECT s.id, 'newsletter',
               COALESCE(ls.confirmed_at, s.list_opt_in_at, s.created_at), 'migrated',
               CASE WHEN s.list_opt_in THEN NULL
                    ELSE COALESCE(ls.unsubscribed_at, ls.confirmed_at) END,
               CASE WHEN s.list_opt_in THEN '' ELSE 'migrated' END
        FROM {quote(supporter)} AS s
        LEFT JOIN {quote(subscription)} AS ls ON ls.supporter_id = s.id
        WHERE (s.list_opt_in
               OR (ls.status = 'unsubscribed' AND ls.confirmed_at IS NOT NULL))
          AND NOT EXISTS (
              SELECT 1 FROM {quote(consent)} AS c
              WHERE c.supporter_id = s.id AND c.email_list = 'newsletter'
          )
        """  # noqa: S608 (table names from the models, quoted; no input)
    )


def backwards(apps, schema_editor) -> None:
    # The flags the consents came from are still on the supporter rows.
    apps.get_model("supporters", "ListConsent").objects.filter(source="migrated").delete()


class Migration(migrations.Migration):
    dependencies = [("supporters", "0003_email_lists_and_consent")]

    operations = [migrations.RunPython(forwards, backwards)]
