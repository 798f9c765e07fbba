# Generated documents moved to the documents app and the data generation to config; their
# tables stay where they are (only Django's state changes).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0005_data_generation'),
        ('documents', '0001_initial'),
        ('config', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='GeneratedDocument'),
                migrations.DeleteModel(name='DataGeneration'),
            ],
            database_operations=[],
        ),
    ]
