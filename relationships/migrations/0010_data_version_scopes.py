import time

from django.db import migrations, models


def create_shared(apps, schema_editor):
    DataVersion = apps.get_model("relationships", "DataVersion")
    DataVersion.objects.get_or_create(name="shared", defaults={"value": time.time_ns() // 1000})


class Migration(migrations.Migration):
    dependencies = [
        ("relationships", "0009_data_version"),
    ]

    operations = [
        migrations.AlterField(
            model_name="dataversion",
            name="name",
            field=models.SlugField(
                help_text="What it counts changes of: facts, boundaries, shared, "
                "country-GB, organisation-nato.",
                max_length=100,
                primary_key=True,
                serialize=False,
            ),
        ),
        migrations.RunPython(create_shared, migrations.RunPython.noop),
    ]
