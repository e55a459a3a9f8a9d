"""The email list moved to `supporters`: only the migration state changes, rows stay."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("campaign", "0005_newspost_featured_help"),
        ("supporters", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="eventregistration",
                    name="supporter",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="event_registrations",
                        to="supporters.supporter",
                        verbose_name="contact",
                    ),
                ),
                migrations.DeleteModel(name="ListSubscription"),
            ],
        ),
    ]
