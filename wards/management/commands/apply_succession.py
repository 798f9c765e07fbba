"""Pass a dissolved ward's records to its successor (or, with --dry-run, list what would pass)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from config.errors import AppError
from wards.models import Ward
from wards.services import ward_default_successor, ward_succession_apply
from wards.succession import transfer_kind, transfer_kinds


class Command(BaseCommand):
    help = (
        "Chuyển hồ sơ (cán bộ, trang thiết bị, trụ sở, dự án và kinh phí) của đơn vị cũ sang "
        "đơn vị kế thừa; chạy lại không chuyển lần hai."
    )

    def add_arguments(self, parser):
        parser.add_argument("--predecessor", required=True, help="Mã đơn vị cũ (ví dụ vinh-trai).")
        parser.add_argument(
            "--successor",
            help="Mã đơn vị nhận hồ sơ; bỏ trống thì lấy đơn vị kế thừa mặc định (đơn vị duy "
            "nhất, hoặc đơn vị đặt trụ sở tại địa chỉ trụ sở cũ khi đơn vị cũ bị chia).",
        )
        parser.add_argument("--reason", required=True, help="Lý do (ghi vào lịch sử).")
        parser.add_argument(
            "--kind",
            action="append",
            dest="kinds",
            choices=[kind.key for kind in transfer_kinds()],
            help="Chỉ chuyển loại hồ sơ này (lặp lại để chọn nhiều loại); mặc định là tất cả.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Chỉ liệt kê hồ sơ sẽ chuyển, không ghi gì."
        )

    def handle(self, *args, predecessor, successor, reason, kinds, dry_run, **options):
        try:
            old = Ward.objects.get(code=predecessor)
            new = (
                Ward.objects.get(code=successor)
                if successor
                else ward_default_successor(predecessor=old)
            )
            result = ward_succession_apply(
                predecessor=old,
                successor=new,
                user=None,
                reason=reason,
                kinds=kinds,
                dry_run=dry_run,
            )
        except Ward.DoesNotExist as error:
            raise CommandError("Không tìm thấy đơn vị với mã đã nhập.") from error
        except AppError as error:
            raise CommandError(error.message) from error
        verb = "Sẽ chuyển" if dry_run else "Đã chuyển"
        self.stdout.write(
            f"{old.display_name} → {new.display_name}, từ {result.effective_date:%d/%m/%Y}"
        )
        for key, items in result.moved.items():
            self.stdout.write(f"{transfer_kind(key).label}: {verb.lower()} {len(items)} bản ghi")
            for item in items:
                note = f" — {item.note}" if item.note else ""
                self.stdout.write(f"  {item.label}{note}")
        for key in result.already_done:
            self.stdout.write(f"{transfer_kind(key).label}: đã chuyển từ trước, bỏ qua")
        summary = f"{verb} {result.total} bản ghi."
        self.stdout.write(self.style.SUCCESS(summary) if not dry_run else summary)
