"""The table the API's rate limits count in when there is no Redis (settings.CACHES["throttle"])."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    # Creates the table of every database-backed cache; none when Redis holds them.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("relationships", "0004_suspension")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
