"""Topics in Spanish (django-modeltranslation), as the news they label already are.

Every topic keeps its name and description: they are copied into the English columns, which
the site now reads.
"""

from django.db import migrations, models
from django.db.models import F


def copy_english(apps, schema_editor):
    topic = apps.get_model("campaign", "Topic")
    topic.objects.update(name_en=F("name"), description_en=F("description"))


class Migration(migrations.Migration):
    dependencies = [
        ("campaign", "0009_event_in_spanish"),
    ]

    operations = [
        migrations.AddField(
            model_name="topic",
            name="description_en",
            field=models.CharField(
                blank=True, max_length=300, null=True, verbose_name="description"
            ),
        ),
        migrations.AddField(
            model_name="topic",
            name="description_es",
            field=models.CharField(
                blank=True, max_length=300, null=True, verbose_name="description"
            ),
        ),
        migrations.AddField(
            model_name="topic",
            name="name_en",
            field=models.CharField(max_length=80, null=True, unique=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="topic",
            name="name_es",
            field=models.CharField(max_length=80, null=True, unique=True, verbose_name="name"),
        ),
        migrations.RunPython(copy_english, migrations.RunPython.noop),
    ]
