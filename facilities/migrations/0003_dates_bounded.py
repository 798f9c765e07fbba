import config.dates
import datetime
from django.db import migrations, models

from config.dates import refuse_rows_out_of_range


def refuse_dates_out_of_range(apps, schema_editor):
    """Name the rows whose dates the new constraints would refuse, before adding them."""
    refuse_rows_out_of_range(apps, 'facilities.Officer', ('active_from', 'active_to'))
    refuse_rows_out_of_range(apps, 'facilities.EquipmentCount', ('counted_on',))
    refuse_rows_out_of_range(apps, 'facilities.ProjectMilestone', ('due_on', 'done_on'))


class Migration(migrations.Migration):

    dependencies = [
        ('facilities', '0002_clean_stored_text'),
    ]

    operations = [
        migrations.AlterField(
            model_name='equipmentcount',
            name='counted_on',
            field=models.DateField(validators=[config.dates.validate_date_in_range], verbose_name='ngày kiểm kê'),
        ),
        migrations.AlterField(
            model_name='historicalequipmentcount',
            name='counted_on',
            field=models.DateField(validators=[config.dates.validate_date_in_range], verbose_name='ngày kiểm kê'),
        ),
        migrations.AlterField(
            model_name='historicalofficer',
            name='active_from',
            field=models.DateField(validators=[config.dates.validate_date_in_range], verbose_name='công tác từ'),
        ),
        migrations.AlterField(
            model_name='historicalofficer',
            name='active_to',
            field=models.DateField(blank=True, null=True, validators=[config.dates.validate_date_in_range], verbose_name='công tác đến'),
        ),
        migrations.AlterField(
            model_name='historicalprojectmilestone',
            name='done_on',
            field=models.DateField(blank=True, null=True, validators=[config.dates.validate_date_in_range], verbose_name='ngày hoàn thành'),
        ),
        migrations.AlterField(
            model_name='historicalprojectmilestone',
            name='due_on',
            field=models.DateField(blank=True, null=True, validators=[config.dates.validate_date_in_range], verbose_name='hạn'),
        ),
        migrations.AlterField(
            model_name='officer',
            name='active_from',
            field=models.DateField(validators=[config.dates.validate_date_in_range], verbose_name='công tác từ'),
        ),
        migrations.AlterField(
            model_name='officer',
            name='active_to',
            field=models.DateField(blank=True, null=True, validators=[config.dates.validate_date_in_range], verbose_name='công tác đến'),
        ),
        migrations.AlterField(
            model_name='projectmilestone',
            name='done_on',
            field=models.DateField(blank=True, null=True, validators=[config.dates.validate_date_in_range], verbose_name='ngày hoàn thành'),
        ),
        migrations.AlterField(
            model_name='projectmilestone',
            name='due_on',
            field=models.DateField(blank=True, null=True, validators=[config.dates.validate_date_in_range], verbose_name='hạn'),
        ),
        migrations.RunPython(refuse_dates_out_of_range, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='equipmentcount',
            constraint=models.CheckConstraint(condition=models.Q(('counted_on__isnull', True), models.Q(('counted_on__gte', datetime.date(2000, 1, 1)), ('counted_on__lte', datetime.date(2100, 12, 31))), _connector='OR'), name='equipment_counted_on_range'),
        ),
        migrations.AddConstraint(
            model_name='officer',
            constraint=models.CheckConstraint(condition=models.Q(('active_from__isnull', True), models.Q(('active_from__gte', datetime.date(2000, 1, 1)), ('active_from__lte', datetime.date(2100, 12, 31))), _connector='OR'), name='officer_active_from_range'),
        ),
        migrations.AddConstraint(
            model_name='officer',
            constraint=models.CheckConstraint(condition=models.Q(('active_to__isnull', True), models.Q(('active_to__gte', datetime.date(2000, 1, 1)), ('active_to__lte', datetime.date(2100, 12, 31))), _connector='OR'), name='officer_active_to_range'),
        ),
        migrations.AddConstraint(
            model_name='projectmilestone',
            constraint=models.CheckConstraint(condition=models.Q(('due_on__isnull', True), models.Q(('due_on__gte', datetime.date(2000, 1, 1)), ('due_on__lte', datetime.date(2100, 12, 31))), _connector='OR'), name='milestone_due_on_range'),
        ),
        migrations.AddConstraint(
            model_name='projectmilestone',
            constraint=models.CheckConstraint(condition=models.Q(('done_on__isnull', True), models.Q(('done_on__gte', datetime.date(2000, 1, 1)), ('done_on__lte', datetime.date(2100, 12, 31))), _connector='OR'), name='milestone_done_on_range'),
        ),
    ]
