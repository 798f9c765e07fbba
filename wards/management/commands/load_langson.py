"""Load the Lạng Sơn programme data (idempotent), optionally with demo accounts."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wards.langson import registered_loaders
from wards.services import demo_users_create


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
        # Each app registers its loaders (wards.langson.register_loader) when it is ready.
        for loader in registered_loaders():
            for key, count in loader().items():
                totals[key] = totals.get(key, 0) + count
        if demo_users:
            totals.update(demo_users_create(password=settings.DEMO_PASSWORD))
        if demo_data:
            for loader in registered_loaders(demo=True):
                totals.update(loader())
        summary = ", ".join(f"{key}: {count}" for key, count in totals.items())
        self.stdout.write(self.style.SUCCESS(f"Đã nạp dữ liệu Lạng Sơn (bản ghi mới — {summary})."))
