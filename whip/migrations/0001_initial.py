"""The whip app takes over models that lived in other apps: their tables and rows stay.

Only the migration state moves here (the tables keep their names until 0002); content
types follow, so staff permissions and admin history stay attached.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.moves import content_types_mover

relabel_legislators = content_types_mover("legislators", "whip", ["whipstatus", "whipstatuschange"])


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("legislators", "0003_bills_cosponsors_whip"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="WhipStatus",
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
                            "status",
                            models.CharField(
                                choices=[
                                    ("supportive", "Supportive"),
                                    ("undecided", "Undecided"),
                                    ("leaning_against", "Leaning against"),
                                    ("opposed", "Opposed"),
                                    ("unknown", "Unknown"),
                                ],
                                default="unknown",
                                max_length=15,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "last_contact",
                            models.DateField(blank=True, null=True, verbose_name="last contact"),
                        ),
                        ("notes", models.TextField(blank=True, verbose_name="notes")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                        (
                            "bill",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="whip_statuses",
                                to="legislators.bill",
                                verbose_name="bill",
                            ),
                        ),
                        (
                            "legislator",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="whip_statuses",
                                to="legislators.legislator",
                                verbose_name="member",
                            ),
                        ),
                        (
                            "organizer",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="assigned organizer",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "legislators_whipstatus",
                        "verbose_name": "whip status",
                        "verbose_name_plural": "whip statuses",
                        "ordering": ["bill", "legislator__state", "legislator__last_name"],
                    },
                ),
                migrations.CreateModel(
                    name="WhipStatusChange",
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
                            "changed_at",
                            models.DateTimeField(
                                auto_now_add=True, db_index=True, verbose_name="changed at"
                            ),
                        ),
                        (
                            "old_status",
                            models.CharField(
                                choices=[
                                    ("cosponsor", "Cosponsor"),
                                    ("supportive", "Supportive"),
                                    ("undecided", "Undecided"),
                                    ("leaning_against", "Leaning against"),
                                    ("opposed", "Opposed"),
                                    ("unknown", "Unknown"),
                                ],
                                max_length=15,
                                verbose_name="from",
                            ),
                        ),
                        (
                            "new_status",
                            models.CharField(
                                choices=[
                                    ("cosponsor", "Cosponsor"),
                                    ("supportive", "Supportive"),
                                    ("undecided", "Undecided"),
                                    ("leaning_against", "Leaning against"),
                                    ("opposed", "Opposed"),
                                    ("unknown", "Unknown"),
                                ],
                                max_length=15,
                                verbose_name="to",
                            ),
                        ),
                        (
                            "other_changes",
                            models.CharField(
                                blank=True, max_length=500, verbose_name="other changes"
                            ),
                        ),
                        ("note", models.TextField(blank=True, verbose_name="note")),
                        (
                            "changed_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="changed by",
                            ),
                        ),
                        (
                            "whip_status",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="changes",
                                to="whip.whipstatus",
                                verbose_name="whip status",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "legislators_whipstatuschange",
                        "verbose_name": "whip status change",
                        "verbose_name_plural": "whip status changes",
                        "ordering": ["-changed_at", "-id"],
                    },
                ),
                migrations.AddConstraint(
                    model_name="whipstatus",
                    constraint=models.UniqueConstraint(
                        fields=("bill", "legislator"), name="whipstatus_unique"
                    ),
                ),
            ],
        ),
        migrations.RunPython(*relabel_legislators),
    ]
