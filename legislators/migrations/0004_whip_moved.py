"""Whip statuses moved to `whip`: only the migration state changes, rows stay."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("legislators", "0003_bills_cosponsors_whip"),
        ("whip", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="WhipStatusChange"),
                migrations.DeleteModel(name="WhipStatus"),
            ],
        ),
    ]
