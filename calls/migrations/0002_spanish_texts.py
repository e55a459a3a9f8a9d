"""Spanish versions of the texts staff write (django-modeltranslation).

Every row written before keeps its text: it is copied into the English column, which the
site now reads; the Spanish column stays empty until staff fill it in.
"""

from django.db import migrations, models
from django.db.models import F

TRANSLATED = {"callcampaign": ["title", "ask", "ask_script", "thanks_script", "again_script"]}


def copy_english(apps, schema_editor):
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model("calls", model_name)
        model.objects.update(**{f"{name}_en": F(name) for name in fields})


class Migration(migrations.Migration):
    dependencies = [
        ("calls", "0001_call_campaigns"),
    ]

    operations = [
        migrations.AddField(
            model_name="callcampaign",
            name="again_script_en",
            field=models.TextField(
                blank=True,
                help_text="Thanks them for backing the bill before and asks them to sign on again. Blank: they get the script for members who are not cosponsors.",
                null=True,
                verbose_name="script for members who cosponsored an earlier version",
            ),
        ),
        migrations.AddField(
            model_name="callcampaign",
            name="again_script_es",
            field=models.TextField(
                blank=True,
                help_text="Thanks them for backing the bill before and asks them to sign on again. Blank: they get the script for members who are not cosponsors.",
                null=True,
                verbose_name="script for members who cosponsored an earlier version",
            ),
        ),
        migrations.AddField(
            model_name="callcampaign",
            name="ask_en",
            field=models.TextField(
                help_text="One or two sentences shown above the scripts: what the call is for.",
                null=True,
                verbose_name="the ask",
            ),
        ),
        migrations.AddField(
            model_name="callcampaign",
            name="ask_es",
            field=models.TextField(
                help_text="One or two sentences shown above the scripts: what the call is for.",
                null=True,
                verbose_name="the ask",
            ),
        ),
        migrations.AddField(
            model_name="callcampaign",
            name="ask_script_en",
            field=models.TextField(
                help_text="Asks them to cosponsor the bill.",
                null=True,
                verbose_name="script for members who are not cosponsors",
            ),
        ),
        migrations.AddField(
            model_name="callcampaign",
            name="ask_script_es",
            field=models.TextField(
                help_text="Asks them to cosponsor the bill.",
                null=True,
                verbose_name="script for members who are not cosponsors",
            ),
        ),
        migrations.AddField(
            model_name="callcampaign",
            name="thanks_script_en",
            field=models.TextField(
                help_text="Thanks them for backing the bill.",
                null=True,
                verbose_name="script for the sponsor and cosponsors",
            ),
        ),
        migrations.AddField(
            model_name="callcampaign",
            name="thanks_script_es",
            field=models.TextField(
                help_text="Thanks them for backing the bill.",
                null=True,
                verbose_name="script for the sponsor and cosponsors",
            ),
        ),
        migrations.AddField(
            model_name="callcampaign",
            name="title_en",
            field=models.CharField(max_length=200, null=True, verbose_name="title"),
        ),
        migrations.AddField(
            model_name="callcampaign",
            name="title_es",
            field=models.CharField(max_length=200, null=True, verbose_name="title"),
        ),
        migrations.RunPython(copy_english, migrations.RunPython.noop),
    ]
