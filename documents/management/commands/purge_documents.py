"""Delete old generated documents now (the same service the nightly Celery task runs)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from documents.services import documents_purge


class Command(BaseCommand):
    help = "Xóa các báo cáo PDF/Excel đã tạo xong quá số ngày lưu giữ (kèm tệp)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Số ngày lưu giữ (mặc định: DOCUMENT_RETENTION_DAYS).",
        )

    def handle(self, *args, days: int | None = None, **options):
        days = settings.DOCUMENT_RETENTION_DAYS if days is None else days
        if days < 1:
            raise CommandError("Số ngày lưu giữ phải từ 1 trở lên.")
        deleted = documents_purge(finished_before=timezone.now() - datetime.timedelta(days=days))
        self.stdout.write(
            self.style.SUCCESS(f"Đã xóa {deleted} báo cáo tạo xong trước {days} ngày.")
        )
