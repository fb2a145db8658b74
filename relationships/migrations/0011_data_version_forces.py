import time

from django.db import migrations


def create_forces(apps, schema_editor):
    """The forces' version row exists from the start, as the other base versions' do (a
    first request would otherwise create it, and count those queries)."""
    DataVersion = apps.get_model("relationships", "DataVersion")
    DataVersion.objects.get_or_create(name="forces", defaults={"value": time.time_ns() // 1000})


class Migration(migrations.Migration):
    dependencies = [
        ("relationships", "0010_data_version_scopes"),
    ]

    operations = [
        migrations.RunPython(create_forces, migrations.RunPython.noop),
    ]
