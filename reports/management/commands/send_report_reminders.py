"""Send the monthly report reminders now (the same service the daily Celery task runs)."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reports.services import report_reminders_send


class Command(BaseCommand):
    help = "Gửi nhắc hạn báo cáo tháng cho các phường chưa gửi (không gửi trùng)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Ngày chạy, dạng YYYY-MM-DD (mặc định: hôm nay).")

    def handle(self, *args, date: str | None = None, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as exc:
            raise CommandError("Ngày không hợp lệ, dùng dạng YYYY-MM-DD.") from exc
        result = report_reminders_send(today=today)
        self.stdout.write(self.style.SUCCESS(f"Đã gửi {result['reminders']} thông báo nhắc hạn."))
