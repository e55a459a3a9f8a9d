"""The tables whip took over get the app's own names (a rename: every row stays)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("whip", "0001_initial"),
        ("legislators", "0004_whip_moved"),
    ]

    operations = [
        migrations.AlterModelTable(name="whipstatus", table=None),
        migrations.AlterModelTable(name="whipstatuschange", table=None),
    ]
