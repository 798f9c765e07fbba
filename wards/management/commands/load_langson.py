"""Load the Lạng Sơn programme data (idempotent), optionally with demo accounts."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

from reports.demo import demo_reports_create
from wards.services import demo_users_create

# Each app contributes a loader: a function that creates what is missing and returns counts.
LOADERS = [
    "wards.langson.load_wards",
    "reports.langson.load_baseline",
    "facilities.langson.load_facilities",
    "budget.langson.load_budget",
    "criteria.langson.load_criteria",
]


class Command(BaseCommand):
    help = "Nạp dữ liệu Đề án Lạng Sơn (chạy lại không thay đổi gì)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo-users",
            action="store_true",
            help="Tạo các tài khoản mẫu (không dùng trong môi trường thật).",
        )
        parser.add_argument(
            "--demo-data",
            action="store_true",
            help="Tạo báo cáo mẫu từ 01/2023 đến tháng trước (không dùng trong môi trường thật).",
        )

    def handle(self, *args, demo_users: bool = False, demo_data: bool = False, **options):
        if demo_users and not settings.ALLOW_DEMO_DATA:
            raise CommandError("Không được tạo tài khoản mẫu với cấu hình production.")
        if demo_data and not settings.ALLOW_DEMO_DATA:
            raise CommandError("Không được tạo dữ liệu mẫu với cấu hình production.")
        totals: dict[str, int] = {}
        for dotted in LOADERS:
            for key, count in import_string(dotted)().items():
                totals[key] = totals.get(key, 0) + count
        if demo_users:
            totals.update(demo_users_create(password=settings.DEMO_PASSWORD))
        if demo_data:
            totals.update(demo_reports_create())
        summary = ", ".join(f"{key}: {count}" for key, count in totals.items())
        self.stdout.write(self.style.SUCCESS(f"Đã nạp dữ liệu Lạng Sơn (bản ghi mới — {summary})."))
