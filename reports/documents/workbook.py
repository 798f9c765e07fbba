"""The year's Excel workbook for the steering committee (openpyxl, write-only: flat memory).

Sheets in Vietnamese: scorecards, criteria detail, monthly statistics, staffing (aggregated, no
names), equipment gaps, projects, budget. Numbers are numeric cells (money in whole VND with
the '#,##0' format), header rows are frozen and filtered, and no text is ever a formula.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable

from django.db.models import Sum
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from budget.models import Allocation
from budget.selectors import plan_reconciliation
from criteria.models import CriterionResult, Scorecard
from facilities.models import BuildingProject, EquipmentKind, Team
from facilities.selectors import equipment_table, staffing_table
from reports.models import MonthlyReport
from reports.rules import MONTHLY_FIELDS, label
from wards.selectors import wards_in_year

VND_FORMAT = "#,##0"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
SHEETS = (
    "Kết quả chấm điểm",
    "Chi tiết tiêu chí",
    "Số liệu tháng",
    "Cán bộ",
    "Thiếu trang thiết bị",
    "Dự án trụ sở",
    "Kinh phí",
    "Đối chiếu Đề án",
)


class _Sheet:
    """A write-only sheet: header row frozen and filtered, text always stored as text."""

    def __init__(self, workbook: Workbook, title: str, headers: list[tuple[str, int]]):
        self.ws = workbook.create_sheet(title)
        for index, (_header, width) in enumerate(headers, start=1):
            self.ws.column_dimensions[get_column_letter(index)].width = width
        self.ws.freeze_panes = "A2"
        self.columns = len(headers)
        self.rows = 0
        self.append([self._header(text) for text, _width in headers])

    def _header(self, text: str) -> WriteOnlyCell:
        cell = self.text(text)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        return cell

    def text(self, value: str) -> WriteOnlyCell:
        """Return a text cell; text that looks like a formula stays text."""
        cell = WriteOnlyCell(self.ws, value=value)
        if isinstance(value, str):
            cell.data_type = "s"
        return cell

    def money(self, value: int | None) -> WriteOnlyCell:
        """Return a whole-VND cell shown grouped (#,##0)."""
        cell = WriteOnlyCell(self.ws, value=value)
        cell.number_format = VND_FORMAT
        return cell

    def append(self, values: Iterable) -> None:
        row = [self.text(v) if isinstance(v, str) else v for v in values]
        self.ws.append(row)
        self.rows += 1

    def close(self) -> None:
        """Put the auto-filter on the header row over every written row."""
        last = get_column_letter(self.columns)
        self.ws.auto_filter.ref = f"A1:{last}{max(self.rows, 1)}"


def _yes_no(value: bool) -> str:
    return "Có" if value else "Không"


def year_workbook(*, year: int, on_progress: Callable[[int], None] = lambda p: None) -> bytes:
    """Return the .xlsx workbook of a year for every programme ward in force that year."""
    wards = list(wards_in_year(year=year))
    workbook = Workbook(write_only=True)

    sheet = _Sheet(
        workbook,
        SHEETS[0],
        [
            ("Phường", 28),
            ("Năm", 8),
            ("Số tiêu chí đạt", 14),
            ("Không đạt", 12),
            ("Chưa đánh giá được", 18),
            ("Số tiêu chí áp dụng", 18),
            ("Đạt kiểu mẫu", 14),
        ],
    )
    scorecards = {s.ward_id: s for s in Scorecard.objects.filter(year=year, ward__in=wards)}
    for ward in wards:
        card = scorecards.get(ward.pk)
        if card is None:
            sheet.append([ward.display_name, year, None, None, None, None, "Chưa chấm"])
            continue
        sheet.append(
            [
                ward.display_name,
                year,
                card.met_count,
                card.not_met_count,
                card.not_assessable_count,
                card.in_force_count,
                _yes_no(card.is_model_ward),
            ]
        )
    sheet.close()
    on_progress(15)

    sheet = _Sheet(
        workbook,
        SHEETS[1],
        [
            ("Phường", 28),
            ("Số", 6),
            ("Tiêu chí", 60),
            ("Giá trị", 30),
            ("Chỉ tiêu", 30),
            ("Kết quả", 18),
            ("Giải thích", 80),
        ],
    )
    results = (
        CriterionResult.objects.filter(year=year, ward__in=wards)
        .select_related("ward", "criterion")
        .order_by("ward__sort_name", "ward_id", "criterion__number")
    )
    for result in results.iterator(chunk_size=2000):
        sheet.append(
            [
                result.ward.display_name,
                result.criterion.number,
                result.criterion.title_vi,
                result.measured_text,
                result.target_text,
                result.get_result_display(),
                result.explanation,
            ]
        )
    sheet.close()
    on_progress(35)

    sheet = _Sheet(
        workbook,
        SHEETS[2],
        [("Phường", 28), ("Tháng", 8), ("Trạng thái", 14)]
        + [(str(label(MonthlyReport, f)), 16) for f in MONTHLY_FIELDS],
    )
    reports = (
        MonthlyReport.objects.filter(year=year, ward__in=wards)
        .select_related("ward")
        .order_by("ward__sort_name", "ward_id", "month")
    )
    for report in reports.iterator(chunk_size=2000):
        sheet.append(
            [report.ward.display_name, report.month, report.get_status_display()]
            + [getattr(report, f) for f in MONTHLY_FIELDS]
        )
    sheet.close()
    on_progress(55)

    staffing_rows, staffing_total = staffing_table(wards=wards, year=year)
    sheet = _Sheet(
        workbook,
        SHEETS[3],
        [("Phường", 28), ("Ngày tính", 12), ("Tổng số cán bộ", 14)]
        + [(str(t.label), 18) for t in Team]
        + [("Đủ 15-20 người", 14), ("Mỗi tổ ≥ 3", 12)],
    )
    for row in [*staffing_rows, staffing_total]:
        sheet.append(
            [
                row.ward.display_name if row.ward else "Tổng cộng",
                row.day.strftime("%d/%m/%Y") if row.day else "",
                row.headcount,
                *row.teams.values(),
                _yes_no(row.headcount_ok) if row.ward else "",
                _yes_no(row.teams_ok) if row.ward else "",
            ]
        )
    sheet.close()
    on_progress(65)

    equipment_rows, equipment_total = equipment_table(wards=wards, year=year)
    headers = [("Phường", 28)]
    for kind in EquipmentKind:
        headers += [(f"{kind.label}: có", 12), (f"{kind.label}: cần", 12)]
        headers += [(f"{kind.label}: thiếu", 12)]
    sheet = _Sheet(workbook, SHEETS[4], headers)
    for row in [*equipment_rows, equipment_total]:
        values = [row.ward.display_name if row.ward else "Tổng cộng"]
        for held, required, missing in row.cells:
            values += [held, required, missing]
        sheet.append(values)
    sheet.close()
    on_progress(75)

    sheet = _Sheet(
        workbook,
        SHEETS[5],
        [
            ("Phường", 28),
            ("Dự án", 50),
            ("Loại", 20),
            ("Trạng thái", 24),
            ("Tiến độ (%)", 12),
            ("Tổng mức đầu tư (đồng)", 22),
            ("Đã phân bổ (đồng)", 22),
            ("Đã giải ngân (đồng)", 22),
        ],
    )
    projects = (
        BuildingProject.objects.select_related("ward")
        .annotate(
            allocated=Sum("allocations__amount"), disbursed=Sum("allocations__disbursed_total")
        )
        .order_by("ward__sort_name", "pk")
    )
    for project in projects:
        sheet.append(
            [
                project.ward.display_name,
                project.title,
                project.get_kind_display(),
                project.get_status_display(),
                project.progress_percent,
                sheet.money(project.investment_vnd),
                sheet.money(project.allocated or 0),
                sheet.money(project.disbursed or 0),
            ]
        )
    sheet.close()
    on_progress(85)

    sheet = _Sheet(
        workbook,
        SHEETS[6],
        [
            ("Năm", 8),
            ("Nguồn vốn", 26),
            ("Phường", 28),
            ("Dự án", 50),
            ("Phân bổ (đồng)", 22),
            ("Đã giải ngân (đồng)", 22),
            ("Còn lại (đồng)", 22),
        ],
    )
    allocations = Allocation.objects.select_related("source", "project__ward").order_by(
        "year", "source_id", "project__ward__sort_name", "pk"
    )
    for allocation in allocations:
        sheet.append(
            [
                allocation.year,
                allocation.source.name,
                allocation.project.ward.display_name,
                allocation.project.title,
                sheet.money(allocation.amount),
                sheet.money(allocation.disbursed_total),
                sheet.money(allocation.remaining),
            ]
        )
    sheet.close()

    sheet = _Sheet(
        workbook,
        SHEETS[7],
        [
            ("Khoản", 60),
            ("Theo Đề án (đồng)", 22),
            ("Đã phân bổ (đồng)", 22),
            ("Chênh lệch (đồng)", 22),
            ("Khớp", 10),
        ],
    )
    for line in plan_reconciliation():
        sheet.append(
            [
                line.label,
                sheet.money(line.expected),
                sheet.money(line.allocated),
                sheet.money(line.difference),
                _yes_no(line.reconciles),
            ]
        )
    sheet.close()
    on_progress(95)

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
