"""Render a report from the shell, e.g.
manage.py render_document progress --year 2025 --month 10 --output /tmp/x.pdf
manage.py render_document scorecard --year 2024 --ward chi-lang --output /tmp/chi-lang.pdf
manage.py render_document workbook --year 2024 --output /tmp/2024.xlsx
manage.py render_document review_first_year --year 2024 --output /tmp/so-ket.docx  (or .pdf)
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents import pdf, workbook
from documents.models import OfficialKind
from wards.models import Ward

KINDS = ("scorecard", "progress", "workbook", *OfficialKind.values)


class Command(BaseCommand):
    help = (
        "Tạo báo cáo PDF/Excel (scorecard, progress, workbook) hoặc văn bản chưa cấp số của một "
        "loại văn bản (PDF hoặc Word theo đuôi tệp .pdf/.docx) và ghi ra tệp."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--month", type=int, help="chỉ cho báo cáo tiến độ tháng")
        parser.add_argument("--ward", help="mã phường, cho kết quả tiêu chí của phường")
        parser.add_argument("--output", required=True, help="đường dẫn tệp kết quả")

    def handle(self, *args, kind: str, year: int, month, ward, output: str, **options) -> None:
        if kind in OfficialKind.values:
            from documents.official import sheet_for_request
            from documents.word import sheet_docx

            sheet = sheet_for_request(kind=kind, year=year, month=month)
            path = Path(output)
            content = sheet_docx(sheet) if path.suffix == ".docx" else pdf.sheet_pdf(sheet)
            path.write_bytes(content)
            self.stdout.write(f"Đã ghi {path} ({path.stat().st_size} byte).")
            return
        if month is not None and (kind != "progress" or not 1 <= month <= 12):
            raise CommandError("--month (1-12) chỉ dùng cho báo cáo tiến độ.")
        path = Path(output)
        if kind == "scorecard":
            if not ward:
                raise CommandError("Cần --ward cho kết quả tiêu chí của phường.")
            try:
                ward_obj = Ward.objects.get(code=ward)
            except Ward.DoesNotExist:
                raise CommandError(f"Không có phường mã {ward}.") from None
            path.write_bytes(pdf.ward_scorecard_pdf(ward=ward_obj, year=year))
        elif kind == "progress":
            path.write_bytes(pdf.progress_report_pdf(year=year, month=month))
        else:  # the workbook streams straight into the file
            with path.open("wb") as file:
                workbook.year_workbook_write(year=year, file=file)
        self.stdout.write(f"Đã ghi {path} ({path.stat().st_size} byte).")
