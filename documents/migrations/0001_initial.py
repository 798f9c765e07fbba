# The generated documents moved from the reports app; the table keeps its name.

import django.db.models.deletion
import django.utils.timezone
import documents.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('reports', '0005_data_generation'),
        ('wards', '0002_ward_sort_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='GeneratedDocument',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('ward_scorecard_pdf', 'Kết quả tiêu chí của phường (PDF)'), ('progress_report_pdf', 'Báo cáo tiến độ Đề án (PDF)'), ('year_workbook_xlsx', 'Sổ số liệu năm (Excel)')], max_length=30, verbose_name='loại')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='năm')),
                        ('month', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='tháng')),
                        ('key', models.CharField(editable=False, max_length=100, verbose_name='khóa tài liệu')),
                        ('state', models.CharField(choices=[('queued', 'Đang chờ'), ('running', 'Đang tạo'), ('done', 'Hoàn thành'), ('failed', 'Lỗi')], default='queued', max_length=10, verbose_name='trạng thái')),
                        ('progress', models.PositiveSmallIntegerField(default=0, verbose_name='tiến độ (%)')),
                        ('error', models.TextField(blank=True, verbose_name='lỗi')),
                        ('queue_error', models.CharField(blank=True, max_length=300, verbose_name='lỗi hàng đợi')),
                        ('file', models.FileField(blank=True, max_length=200, upload_to=documents.models.document_upload_to, verbose_name='tệp')),
                        ('size', models.PositiveBigIntegerField(default=0, verbose_name='dung lượng (byte)')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='yêu cầu lúc')),
                        ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='bắt đầu lúc')),
                        ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='xong lúc')),
                        ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='số lần chạy')),
                        ('requested_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='generated_documents', to=settings.AUTH_USER_MODEL, verbose_name='người yêu cầu')),
                        ('ward', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='generated_documents', to='wards.ward', verbose_name='phường')),
                    ],
                    options={
                        'verbose_name': 'tài liệu đã tạo',
                        'verbose_name_plural': 'tài liệu đã tạo',
                        'db_table': 'reports_generateddocument',
                        'ordering': ['-created_at', '-pk'],
                        'indexes': [models.Index(fields=['requested_by', '-created_at'], name='document_user_idx')],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('state__in', ['queued', 'running'])), fields=('key',), name='generated_document_one_active_per_key'), models.CheckConstraint(condition=models.Q(('state__in', ['queued', 'running', 'done', 'failed'])), name='generated_document_state_valid'), models.CheckConstraint(condition=models.Q(('kind__in', ['ward_scorecard_pdf', 'progress_report_pdf', 'year_workbook_xlsx'])), name='generated_document_kind_valid'), models.CheckConstraint(condition=models.Q(('progress__lte', 100)), name='generated_document_progress_le_100'), models.CheckConstraint(condition=models.Q(('month__isnull', True), models.Q(('month__gte', 1), ('month__lte', 12)), _connector='OR'), name='generated_document_month_range'), models.CheckConstraint(condition=models.Q(models.Q(('kind', 'ward_scorecard_pdf'), _negated=True), ('ward__isnull', False), _connector='OR'), name='generated_document_scorecard_has_ward'), models.CheckConstraint(condition=models.Q(('kind', 'progress_report_pdf'), ('month__isnull', True), _connector='OR'), name='generated_document_month_only_progress'), models.CheckConstraint(condition=models.Q(models.Q(('state', 'done'), _negated=True), models.Q(models.Q(('file', ''), _negated=True), ('progress', 100)), _connector='OR'), name='generated_document_done_has_file')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
