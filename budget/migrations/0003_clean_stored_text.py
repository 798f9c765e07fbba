"""Clean the text stored before every form refused control and bidirectional characters:
NFC, newlines, and those characters removed (config.text.clean_stored_rows), so no old row can
break an export or display in another order than it is stored. Nothing to undo."""

from django.db import migrations

from config.text import clean_stored_rows


def clean(apps, schema_editor):
    clean_stored_rows(apps, "budget")


class Migration(migrations.Migration):
    dependencies = [("budget", "0002_initial")]

    operations = [migrations.RunPython(clean, migrations.RunPython.noop, elidable=True)]
