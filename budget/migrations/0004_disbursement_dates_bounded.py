import config.dates
import datetime
from django.conf import settings
from django.db import migrations, models

from config.dates import refuse_rows_out_of_range


def refuse_dates_out_of_range(apps, schema_editor):
    """Name the rows whose dates the new constraints would refuse, before adding them."""
    refuse_rows_out_of_range(apps, 'budget.Disbursement', ('paid_on',))


class Migration(migrations.Migration):

    dependencies = [
        ('budget', '0003_clean_stored_text'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='disbursement',
            name='paid_on',
            field=models.DateField(validators=[config.dates.validate_date_in_range], verbose_name='ngày giải ngân'),
        ),
        migrations.AlterField(
            model_name='historicaldisbursement',
            name='paid_on',
            field=models.DateField(validators=[config.dates.validate_date_in_range], verbose_name='ngày giải ngân'),
        ),
        migrations.RunPython(refuse_dates_out_of_range, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='disbursement',
            constraint=models.CheckConstraint(condition=models.Q(('paid_on__isnull', True), models.Q(('paid_on__gte', datetime.date(2000, 1, 1)), ('paid_on__lte', datetime.date(2100, 12, 31))), _connector='OR'), name='disbursement_paid_on_range'),
        ),
    ]
