"""Supporters moved to `supporters`, letters to `letters`: only the migration state changes.

The tables and their rows stay where they are; `supporters` and `letters` own them now.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0006_staff_search_indexes"),
        ("supporters", "0001_initial"),
        ("letters", "0001_initial"),
        ("campaign", "0006_supporters_moved"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="signature",
                    name="supporter",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="signatures",
                        to="supporters.supporter",
                        verbose_name="supporter",
                    ),
                ),
                migrations.DeleteModel(name="Letter"),
                migrations.DeleteModel(name="LetterSubmission"),
                migrations.DeleteModel(name="LetterCampaign"),
                migrations.DeleteModel(name="Supporter"),
            ],
        ),
    ]
