"""The supporters app takes over models that lived in other apps: their tables and rows stay.

Only the migration state moves here (the tables keep their names until 0002); content
types follow, so staff permissions and admin history stay attached.
"""

import django.db.models.deletion
import django.db.models.functions.text
import django.utils.timezone
from django.db import migrations, models

from core.moves import content_types_mover

relabel_petitions = content_types_mover("petitions", "supporters", ["supporter"])

relabel_campaign = content_types_mover("campaign", "supporters", ["listsubscription"])


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("petitions", "0006_staff_search_indexes"),
        ("campaign", "0005_newspost_featured_help"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Supporter",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "email",
                            models.EmailField(max_length=254, unique=True, verbose_name="email"),
                        ),
                        (
                            "first_name",
                            models.CharField(blank=True, max_length=100, verbose_name="first name"),
                        ),
                        (
                            "last_name",
                            models.CharField(blank=True, max_length=100, verbose_name="last name"),
                        ),
                        (
                            "zip_code",
                            models.CharField(blank=True, max_length=5, verbose_name="ZIP code"),
                        ),
                        (
                            "country",
                            models.CharField(default="US", max_length=2, verbose_name="country"),
                        ),
                        (
                            "state",
                            models.CharField(
                                blank=True, db_index=True, max_length=2, verbose_name="state"
                            ),
                        ),
                        (
                            "district",
                            models.PositiveSmallIntegerField(
                                blank=True, null=True, verbose_name="district"
                            ),
                        ),
                        (
                            "list_opt_in",
                            models.BooleanField(
                                default=False, verbose_name="joined the email list"
                            ),
                        ),
                        (
                            "list_opt_in_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="joined the list at"
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="created"),
                        ),
                    ],
                    options={
                        "db_table": "petitions_supporter",
                        "verbose_name": "supporter",
                        "verbose_name_plural": "supporters",
                        "ordering": ["-created_at"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("email", django.db.models.functions.text.Lower("email"))
                                ),
                                name="supporter_email_lowercase",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ListSubscription",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=150, verbose_name="name")),
                        ("zip_code", models.CharField(max_length=5, verbose_name="ZIP code")),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "Waiting for confirmation"),
                                    ("confirmed", "Confirmed"),
                                    ("unsubscribed", "Unsubscribed"),
                                ],
                                default="pending",
                                max_length=16,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "requested_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="asked to join at"
                            ),
                        ),
                        (
                            "confirmation_sent_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="confirmation sent"
                            ),
                        ),
                        (
                            "confirmed_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="confirmed at"
                            ),
                        ),
                        (
                            "unsubscribed_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="unsubscribed at"
                            ),
                        ),
                        (
                            "supporter",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="list_subscription",
                                to="supporters.supporter",
                                verbose_name="supporter",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "campaign_listsubscription",
                        "verbose_name": "list subscription",
                        "verbose_name_plural": "list subscriptions",
                        "ordering": ["-requested_at"],
                    },
                ),
            ],
        ),
        migrations.RunPython(*relabel_petitions),
        migrations.RunPython(*relabel_campaign),
    ]
