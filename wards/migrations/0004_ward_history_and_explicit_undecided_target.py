import config.dates
import datetime
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

from config.dates import refuse_rows_out_of_range

INITIAL_REASON = "Bản ghi có sẵn khi bắt đầu ghi lịch sử thay đổi"


def target_year_undecided_where_no_year(apps, schema_editor):
    """A ward without a target year becomes explicitly "chưa xác định"; one with a year not."""
    Ward = apps.get_model("wards", "Ward")
    Ward.objects.filter(target_year__isnull=False).update(target_year_undecided=False)
    Ward.objects.filter(target_year__isnull=True).update(target_year_undecided=True)
    refuse_rows_out_of_range(apps, "wards.Ward", ("valid_from", "valid_to"))
    refuse_rows_out_of_range(apps, "wards.WardLineage", ("effective_date",))


def record_initial_history(apps, schema_editor):
    """Give every existing ward and lineage link a first history record, so that the first
    change shows what it changed from."""
    now = timezone.now()
    for model_name, fields in (
        (
            "Ward",
            (
                "id", "code", "name", "kind", "city", "statistics_code", "valid_from",
                "valid_to", "in_programme", "target_year", "target_year_undecided", "notes",
            ),
        ),
        (
            "WardLineage",
            ("id", "successor_id", "predecessor_id", "effective_date", "legal_basis", "note"),
        ),
    ):
        model = apps.get_model("wards", model_name)
        historical = apps.get_model("wards", "Historical" + model_name)
        historical.objects.bulk_create(
            [
                historical(
                    **{name: getattr(row, name) for name in fields},
                    history_date=now,
                    history_type="+",
                    history_change_reason=INITIAL_REASON,
                )
                for row in model.objects.order_by("pk")
            ],
            batch_size=500,
        )


class Migration(migrations.Migration):

    dependencies = [
        ('wards', '0003_clean_stored_text'),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalWard',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('code', models.SlugField(max_length=40, verbose_name='mã')),
                ('name', models.CharField(max_length=100, verbose_name='tên')),
                ('kind', models.CharField(choices=[('ward', 'Phường'), ('commune', 'Xã'), ('township', 'Thị trấn')], default='ward', max_length=10, verbose_name='loại')),
                ('city', models.CharField(default='Lạng Sơn', max_length=100, verbose_name='thành phố/tỉnh')),
                ('statistics_code', models.CharField(blank=True, help_text='Mã đơn vị hành chính; không phải khóa ổn định (có thể được dùng lại).', max_length=10, verbose_name='mã thống kê')),
                ('valid_from', models.DateField(blank=True, null=True, validators=[config.dates.validate_date_in_range], verbose_name='hiệu lực từ')),
                ('valid_to', models.DateField(blank=True, null=True, validators=[config.dates.validate_date_in_range], verbose_name='hiệu lực đến')),
                ('in_programme', models.BooleanField(default=True, help_text='Phường được theo dõi và báo cáo số liệu trong Đề án.', verbose_name='thuộc Đề án')),
                ('target_year', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='năm phấn đấu đạt kiểu mẫu')),
                ('target_year_undecided', models.BooleanField(default=True, help_text='Chọn khi chưa quyết định năm phấn đấu; bỏ trống năm mà không chọn ô này thì không được lưu.', verbose_name='năm mục tiêu chưa xác định')),
                ('notes', models.TextField(blank=True, verbose_name='ghi chú')),
                ('history_change_reason', models.TextField(null=True)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ],
            options={
                'verbose_name': 'historical phường',
                'verbose_name_plural': 'historical phường',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalWardLineage',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('effective_date', models.DateField(validators=[config.dates.validate_date_in_range], verbose_name='ngày hiệu lực')),
                ('legal_basis', models.CharField(blank=True, max_length=200, verbose_name='căn cứ')),
                ('note', models.CharField(blank=True, max_length=300, verbose_name='ghi chú')),
                ('history_change_reason', models.TextField(null=True)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ],
            options={
                'verbose_name': 'historical quan hệ kế thừa',
                'verbose_name_plural': 'historical quan hệ kế thừa',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name='ward',
            name='target_year_undecided',
            field=models.BooleanField(default=True, help_text='Chọn khi chưa quyết định năm phấn đấu; bỏ trống năm mà không chọn ô này thì không được lưu.', verbose_name='năm mục tiêu chưa xác định'),
        ),
        migrations.AlterField(
            model_name='ward',
            name='valid_from',
            field=models.DateField(blank=True, null=True, validators=[config.dates.validate_date_in_range], verbose_name='hiệu lực từ'),
        ),
        migrations.AlterField(
            model_name='ward',
            name='valid_to',
            field=models.DateField(blank=True, null=True, validators=[config.dates.validate_date_in_range], verbose_name='hiệu lực đến'),
        ),
        migrations.AlterField(
            model_name='wardlineage',
            name='effective_date',
            field=models.DateField(validators=[config.dates.validate_date_in_range], verbose_name='ngày hiệu lực'),
        ),
        migrations.RunPython(target_year_undecided_where_no_year, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='ward',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('target_year__isnull', False), ('target_year_undecided', False)), models.Q(('target_year__isnull', True), ('target_year_undecided', True)), _connector='OR'), name='ward_target_year_or_undecided'),
        ),
        migrations.AddConstraint(
            model_name='ward',
            constraint=models.CheckConstraint(condition=models.Q(('valid_from__isnull', True), models.Q(('valid_from__gte', datetime.date(2000, 1, 1)), ('valid_from__lte', datetime.date(2100, 12, 31))), _connector='OR'), name='ward_valid_from_range'),
        ),
        migrations.AddConstraint(
            model_name='ward',
            constraint=models.CheckConstraint(condition=models.Q(('valid_to__isnull', True), models.Q(('valid_to__gte', datetime.date(2000, 1, 1)), ('valid_to__lte', datetime.date(2100, 12, 31))), _connector='OR'), name='ward_valid_to_range'),
        ),
        migrations.AddConstraint(
            model_name='wardlineage',
            constraint=models.CheckConstraint(condition=models.Q(('effective_date__isnull', True), models.Q(('effective_date__gte', datetime.date(2000, 1, 1)), ('effective_date__lte', datetime.date(2100, 12, 31))), _connector='OR'), name='ward_lineage_effective_date_range'),
        ),
        migrations.AddField(
            model_name='historicalward',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalwardlineage',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalwardlineage',
            name='predecessor',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='wards.ward', verbose_name='đơn vị cũ'),
        ),
        migrations.AddField(
            model_name='historicalwardlineage',
            name='successor',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='wards.ward', verbose_name='đơn vị mới'),
        ),
        migrations.RunPython(record_initial_history, migrations.RunPython.noop),
    ]
