from django.db import migrations, models

from wards.collation import sort_key


def fill_sort_names(apps, schema_editor):
    Ward = apps.get_model("wards", "Ward")
    for ward in Ward.objects.all():
        ward.sort_name = sort_key(ward.name)
        ward.save(update_fields=["sort_name"])


class Migration(migrations.Migration):
    dependencies = [("wards", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="ward",
            name="sort_name",
            field=models.CharField(db_index=True, default="", editable=False, max_length=200),
        ),
        migrations.AlterModelOptions(
            name="ward",
            options={
                "ordering": ["sort_name", "valid_from"],
                "verbose_name": "phường",
                "verbose_name_plural": "phường",
            },
        ),
        migrations.RunPython(fill_sort_names, migrations.RunPython.noop),
    ]
