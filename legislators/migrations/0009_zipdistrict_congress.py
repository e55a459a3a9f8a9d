"""ZIP rows belong to a Congress; the rows already loaded are the 119th's map."""

from django.db import migrations, models

import legislators.congress


class Migration(migrations.Migration):
    dependencies = [
        ("legislators", "0008_committees"),
    ]

    operations = [
        # Every row loaded before this migration came from the 119th Congress's zccd.csv,
        # so existing rows get 119 whatever the date the migration runs.
        migrations.AddField(
            model_name="zipdistrict",
            name="congress",
            field=models.PositiveSmallIntegerField(default=119, verbose_name="Congress"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="zipdistrict",
            name="congress",
            field=models.PositiveSmallIntegerField(
                default=legislators.congress.sitting_congress,
                help_text="The Congress whose district map this row follows, e.g. 120.",
                verbose_name="Congress",
            ),
        ),
        migrations.RemoveConstraint(model_name="zipdistrict", name="zipdistrict_unique"),
        migrations.AddConstraint(
            model_name="zipdistrict",
            constraint=models.UniqueConstraint(
                fields=("congress", "zcta", "state", "district"), name="zipdistrict_unique"
            ),
        ),
        migrations.AddIndex(
            model_name="zipdistrict",
            index=models.Index(fields=["congress", "state"], name="zipdistrict_congress_state"),
        ),
        migrations.AlterModelOptions(
            name="zipdistrict",
            options={
                "ordering": ["congress", "zcta", "state", "district"],
                "verbose_name": "ZIP code district",
                "verbose_name_plural": "ZIP code districts",
            },
        ),
    ]
