"""`python manage.py restore [--file PATH] [--noinput]` (make restore): put a backup made by
`backup` into the configured database and MEDIA_ROOT (the newest archive in var/backups by
default), check every row count and file, then migrate (a new data generation starts, so no
dashboard page cached before the restore is shown)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from config.backup import BackupError, backup_restore, latest_archive


class Command(BaseCommand):
    help = "Khôi phục cơ sở dữ liệu và các tệp từ một bản sao lưu (ghi đè dữ liệu hiện có)."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, help="bản sao lưu (mặc định: bản mới nhất)")
        parser.add_argument("--database", default="default")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args, **options):
        path = options["file"] or latest_archive()
        if path is None:
            raise CommandError("Chưa có bản sao lưu nào trong var/backups; chỉ rõ --file.")
        name = connections[options["database"]].settings_dict["NAME"]
        if options["interactive"]:
            answer = input(
                f"Khôi phục {path} sẽ ghi đè cơ sở dữ liệu {name} và các tệp cùng tên. "
                "Gõ 'yes' để tiếp tục: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Đã hủy khôi phục.")
        try:
            summary = backup_restore(path=path, using=options["database"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã khôi phục {summary.rows} bản ghi ({summary.tables} bảng) và "
                f"{summary.files} tệp từ {summary.path}"
            )
        )
