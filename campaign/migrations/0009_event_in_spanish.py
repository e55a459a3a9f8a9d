"""Events in Spanish (django-modeltranslation), as the news and pages already are.

Every event written before keeps its text: it is copied into the English column, which the
site now reads; the Spanish column stays empty until staff fill it in.
"""

from django.db import migrations, models
from django.db.models import F

FIELDS = ["title", "summary", "description", "location"]


def copy_english(apps, schema_editor):
    event = apps.get_model("campaign", "Event")
    event.objects.update(**{f"{name}_en": F(name) for name in FIELDS})


class Migration(migrations.Migration):
    dependencies = [
        ("campaign", "0008_banner_in_spanish"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="description_en",
            field=models.TextField(
                blank=True,
                help_text="Markdown: **bold**, _italic_, [links](…).",
                null=True,
                verbose_name="description",
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="description_es",
            field=models.TextField(
                blank=True,
                help_text="Markdown: **bold**, _italic_, [links](…).",
                null=True,
                verbose_name="description",
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="location_en",
            field=models.CharField(
                blank=True,
                help_text="Where it happens; leave empty for an online-only event.",
                max_length=200,
                null=True,
                verbose_name="place",
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="location_es",
            field=models.CharField(
                blank=True,
                help_text="Where it happens; leave empty for an online-only event.",
                max_length=200,
                null=True,
                verbose_name="place",
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="summary_en",
            field=models.CharField(
                help_text="One or two sentences for the event list, search engines and calendars.",
                max_length=300,
                null=True,
                verbose_name="summary",
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="summary_es",
            field=models.CharField(
                help_text="One or two sentences for the event list, search engines and calendars.",
                max_length=300,
                null=True,
                verbose_name="summary",
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="title_en",
            field=models.CharField(max_length=200, null=True, verbose_name="title"),
        ),
        migrations.AddField(
            model_name="event",
            name="title_es",
            field=models.CharField(max_length=200, null=True, verbose_name="title"),
        ),
        migrations.RunPython(copy_english, migrations.RunPython.noop),
    ]
