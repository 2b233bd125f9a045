"""The cache table (settings.CACHES): the rate limits of the public forms live there, so
they hold across every process and server."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0007_email_opt_out")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
