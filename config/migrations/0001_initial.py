# The data generation counter moved from the reports app; the table keeps its name.

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('reports', '0005_data_generation'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='DataGeneration',
                    fields=[
                        ('name', models.CharField(max_length=40, primary_key=True, serialize=False, verbose_name='tên')),
                        ('counter', models.BigIntegerField(default=0, verbose_name='thế hệ dữ liệu')),
                    ],
                    options={
                        'db_table': 'reports_datageneration',
                        'verbose_name': 'thế hệ dữ liệu',
                        'verbose_name_plural': 'thế hệ dữ liệu',
                        'constraints': [models.CheckConstraint(condition=models.Q(('counter__gte', 0)), name='data_generation_counter_non_negative')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
