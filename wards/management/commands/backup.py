"""`python manage.py backup [--file PATH]` (make backup): the database and the media files in
one archive, by default var/backups/modelward-<time>.tar.gz."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from config.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và các tệp (minh chứng, báo cáo đã tạo) vào một tệp lưu trữ."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, help="tệp lưu trữ (mặc định var/backups/…)")
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        try:
            summary = backup_create(path=options["file"], using=options["database"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã sao lưu {summary.rows} bản ghi ({summary.tables} bảng) và "
                f"{summary.files} tệp vào {summary.path}"
            )
        )
