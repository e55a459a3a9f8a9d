from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

# Staff search (the signature and supporter lists) matches how an email address, a first
# name or a last name begins, in any case: UPPER(column) LIKE 'JANE%'. A b-tree index on
# UPPER(column) with text_pattern_ops serves that on PostgreSQL whatever the database's
# collation; without it each search reads every supporter. SQLite (one machine, small data)
# goes without. Built concurrently so signing goes on while a large table is indexed.
SEARCHED = ["email", "first_name", "last_name"]


def index_name(column: str) -> str:
    return f"supporter_{column}_upper_like"


def create(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in SEARCHED:
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {index_name(column)} "
            f"ON petitions_supporter (UPPER({column}::text) text_pattern_ops)"
        )


def drop(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in SEARCHED:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {index_name(column)}")


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY cannot run inside a transaction.
    atomic = False

    dependencies = [
        ("petitions", "0005_signature_newest_first_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="signature",
            index=models.Index(
                condition=models.Q(("confirmed_at__isnull", True)),
                fields=["-created_at", "-id"],
                name="signature_unconfirmed",
            ),
        ),
        migrations.RunPython(create, drop, elidable=False),
    ]
