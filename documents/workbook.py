"""The year's Excel workbook for the steering committee (openpyxl, write-only: flat memory).

Sheets in Vietnamese: scorecards, criteria detail, monthly statistics, staffing (aggregated, no
names), equipment gaps, projects, budget. Numbers are numeric cells (money in whole VND with
the '#,##0' format, dates real dates shown dd/mm/yyyy), header rows are frozen and filtered,
and no text is ever a formula.

Every sheet is streamed: rows are read from the database in chunks (values tuples; Ward
instances for the one pass that writes the three per-ward sheets), each row is appended to the
write-only sheet as it comes, and only the current ward's name is remembered. Python memory
stays flat whatever the number of wards and rows, apart from the returned file itself; the
query count is fixed. Plain values go to openpyxl as they are (no cell object per value); only
the header cells, the money cells, the dates and text that a spreadsheet would take for a
formula or an error get a cell of their own, with styles shared as named styles created once per
workbook. Every row and cell goes through config.excel (one sanitising rule for every export).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import BinaryIO

from django.db import connection, transaction
from django.db.models import F, FilteredRelation, Q, QuerySet, Sum
from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.styles import Font, NamedStyle, PatternFill
from openpyxl.utils import get_column_letter

from budget.models import Allocation
from budget.selectors import plan_reconciliation
from config import excel
from criteria.labels import REFERENCE_SET_LABEL, REFERENCE_SET_NOTE
from criteria.models import CriterionResult
from facilities.models import BuildingProject, EquipmentKind, Team, project_status_label
from facilities.selectors import EquipmentRow, StaffingRow, staffing_and_equipment_rows
from reports.models import MonthlyReport
from reports.rules import MONTHLY_FIELDS, label
from wards.assumptions import ASSUMPTIONS
from wards.models import Ward
from wards.selectors import wards_in_year

VND_FORMAT = "#,##0"
HEADER_STYLE = "Tiêu đề cột"
MONEY_STYLE = "Số tiền (đồng)"
CHUNK = 200  # rows read from the database at a time
SHEETS = (
    "Kết quả đánh giá",
    "Chi tiết tiêu chí",
    "Số liệu tháng",
    "Cán bộ",
    "Thiếu trang thiết bị",
    "Dự án trụ sở",
    "Kinh phí",
    "Đối chiếu Đề án",
    "Giả định",
)
# A row's ward, read in the row's query: what Ward.display_name needs.
WARD = ("ward_id", "ward__kind", "ward__name", "ward__valid_from", "ward__valid_to")


def _styled_workbook() -> Workbook:
    """Return a write-only workbook holding the header and money named styles."""
    workbook = Workbook(write_only=True)
    workbook.add_named_style(
        NamedStyle(
            name=HEADER_STYLE,
            font=Font(bold=True),
            fill=PatternFill("solid", fgColor="DDE7F0"),
        )
    )
    workbook.add_named_style(NamedStyle(name=MONEY_STYLE, number_format=VND_FORMAT))
    return workbook


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

    def _header(self, text: str):
        return excel.cell(self.ws, text, style=HEADER_STYLE)

    def money(self, value: int | None):
        """Return a whole-VND cell shown grouped (#,##0)."""
        return excel.cell(self.ws, value, style=MONEY_STYLE)

    def append(self, values: list) -> None:
        """Write a row, sanitised by config.excel (plain values stay plain: the fast path)."""
        self.ws.append(excel.row(self.ws, values))
        self.rows += 1

    def close(self) -> None:
        """Put the auto-filter on the header row over every written row."""
        last = get_column_letter(self.columns)
        self.ws.auto_filter.ref = f"A1:{last}{max(self.rows, 1)}"


class _WardNames:
    """Ward.display_name from a row's ward fields, worked out once per run of a ward's rows."""

    def __init__(self) -> None:
        self.ward_id: int | None = None
        self.name = ""

    def __call__(self, ward_id, kind, name, valid_from, valid_to) -> str:
        if ward_id != self.ward_id:
            ward = Ward(pk=ward_id, kind=kind, name=name, valid_from=valid_from, valid_to=valid_to)
            self.ward_id, self.name = ward_id, ward.display_name
        return self.name


def _labels(model: type, field: str) -> dict[str, str]:
    """Return the display label of each choice of a field, in the active language."""
    return {value: str(text) for value, text in model._meta.get_field(field).flatchoices}


def _yes_no(value: bool) -> str:
    return "Có" if value else "Không"


def _columns() -> dict[str, list[tuple[str, int]]]:
    """Return each sheet's column headers and widths, in sheet order (labels in the active
    language)."""
    equipment = [("Phường", 28)]
    for kind in EquipmentKind:
        equipment += [(f"{kind.label}: có", 12), (f"{kind.label}: cần", 12)]
        equipment += [(f"{kind.label}: thiếu", 12)]
    columns = [
        [
            ("Phường", 28),
            ("Năm", 8),
            ("Số tiêu chí đạt", 14),
            ("Không đạt", 12),
            ("Chưa đánh giá được", 18),
            ("Số tiêu chí áp dụng", 18),
            ("Đạt kiểu mẫu", 14),
        ],
        [
            ("Phường", 28),
            ("Số", 6),
            ("Tiêu chí", 60),
            ("Giá trị", 30),
            ("Chỉ tiêu", 30),
            ("Kết quả", 18),
            ("Giải thích", 80),
        ],
        [("Phường", 28), ("Tháng", 8), ("Trạng thái", 14)]
        + [(str(label(MonthlyReport, f)), 16) for f in MONTHLY_FIELDS],
        [("Phường", 28), ("Ngày tính", 12), ("Tổng số cán bộ", 14)]
        + [(str(t.label), 18) for t in Team]
        + [("Đủ 15-20 người", 14), ("Mỗi tổ ≥ 3", 12)],
        equipment,
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
        [
            ("Năm", 8),
            ("Nguồn vốn", 26),
            ("Phường", 28),
            ("Dự án", 50),
            ("Phân bổ (đồng)", 22),
            ("Đã giải ngân (đồng)", 22),
            ("Còn lại (đồng)", 22),
        ],
        [
            ("Khoản", 60),
            ("Theo Đề án (đồng)", 22),
            ("Đã phân bổ (đồng)", 22),
            ("Chênh lệch (đồng)", 22),
            ("Khớp", 10),
        ],
    ]
    return dict(zip(SHEETS[:-1], columns, strict=True))  # the last, "Giả định", is apart


@contextmanager
def _planned_to_read_every_row() -> Iterator[None]:
    """On PostgreSQL, plan the streamed queries for reading every row (cursor_tuple_fraction 1)
    instead of the default 0.1 for cursors, which picks fast-start plans: 12× slower on the
    criteria detail of 1,000 wards. One query in a transaction (SET LOCAL), two outside."""
    if connection.vendor != "postgresql":
        yield
        return
    scope = "LOCAL" if connection.in_atomic_block else "SESSION"
    with connection.cursor() as cursor:
        cursor.execute(f"SET {scope} cursor_tuple_fraction = 1")
    try:
        yield
    finally:
        if scope == "SESSION":
            with connection.cursor() as cursor:
                cursor.execute("RESET cursor_tuple_fraction")


def year_workbook_write(
    *, year: int, file: BinaryIO, on_progress: Callable[[int], None] = lambda p: None
) -> None:
    """Write the .xlsx workbook of a year, for every programme ward in force that year, into an
    open binary file; memory stays flat whatever the number of wards.

    Eight queries whatever the number of wards, each read as a stream (plus the planner setting
    on PostgreSQL, see _planned_to_read_every_row).
    """
    # One read-only transaction: PostgreSQL's streaming cursors then need no WITH HOLD copy of
    # their rows, and the planner setting is one SET LOCAL.
    with transaction.atomic(), _planned_to_read_every_row():
        workbook = _workbook(year=year, on_progress=on_progress)
    workbook.save(file)


def year_workbook(*, year: int, on_progress: Callable[[int], None] = lambda p: None) -> bytes:
    """Return the .xlsx workbook of a year as bytes (year_workbook_write into memory: the
    caller holds the bytes anyway; the same queries)."""
    buffer = io.BytesIO()
    year_workbook_write(year=year, file=buffer, on_progress=on_progress)
    return buffer.getvalue()


def _workbook(*, year: int, on_progress: Callable[[int], None]) -> Workbook:
    """Return the write-only workbook with every sheet written, not yet saved."""
    wards = wards_in_year(year=year)
    workbook = _styled_workbook()
    sheets = [_Sheet(workbook, title, headers) for title, headers in _columns().items()]
    cards, detail, monthly, staffing, equipment, projects, budget, plan = sheets
    _ward_sheets(cards, staffing, equipment, wards=wards, year=year)
    on_progress(30)
    _criteria_detail(detail, wards=wards, year=year)
    on_progress(50)
    _monthly(monthly, wards=wards, year=year)
    on_progress(70)
    _projects(projects)
    on_progress(85)
    _budget(budget)
    _reconciliation(plan)
    on_progress(95)
    assumptions = _Sheet(workbook, SHEETS[-1], [("Giả định", 45), ("Nội dung", 110)])
    _assumptions(assumptions)
    for sheet in [*sheets, assumptions]:
        sheet.close()
    return workbook


def _assumptions(sheet: _Sheet) -> None:
    """List the criteria set's label and what the workbook's figures assume (in Vietnamese)."""
    with translation.override("vi"):
        sheet.append(["Bộ tiêu chí", f"{REFERENCE_SET_LABEL}. {REFERENCE_SET_NOTE}"])
        for assumption in ASSUMPTIONS.values():
            sheet.append([str(assumption.title), str(assumption.text)])


def _ward_sheets(
    cards: _Sheet, staffing: _Sheet, equipment: _Sheet, *, wards: QuerySet[Ward], year: int
) -> None:
    """Write the three sheets with a row per ward (its scorecard or 'Chưa có kết quả'; its roster
    size by team, no names; its equipment held, required and missing) and the city totals,
    in one pass over the wards (three queries)."""
    wards = wards.annotate(
        card=FilteredRelation("scorecards", condition=Q(scorecards__year=year)),
        card_pk=F("card__pk"),
        card_met=F("card__met_count"),
        card_not_met=F("card__not_met_count"),
        card_not_assessable=F("card__not_assessable_count"),
        card_in_force=F("card__in_force_count"),
        card_model_ward=F("card__is_model_ward"),
    )
    staffing_total, equipment_total = StaffingRow(ward=None, day=None), EquipmentRow.total()
    for people, items in staffing_and_equipment_rows(wards=wards, year=year):
        ward = people.ward
        name = ward.display_name
        if ward.card_pk is None:
            cards.append([name, year, None, None, None, None, "Chưa có kết quả"])
        else:
            cards.append(
                [
                    name,
                    year,
                    ward.card_met,
                    ward.card_not_met,
                    ward.card_not_assessable,
                    ward.card_in_force,
                    _yes_no(ward.card_model_ward),
                ]
            )
        staffing_total.add(people)
        staffing.append(
            [
                name,
                people.day,
                people.headcount,
                *people.teams.values(),
                _yes_no(people.headcount_ok),
                _yes_no(people.teams_ok),
            ]
        )
        equipment_total.add(items)
        equipment.append([name, *(n for cell in items.cells for n in cell)])
    total = staffing_total
    staffing.append(["Tổng cộng", "", total.headcount, *total.teams.values(), "", ""])
    equipment.append(["Tổng cộng", *(n for cell in equipment_total.cells for n in cell)])


def _criteria_detail(sheet: _Sheet, *, wards: QuerySet[Ward], year: int) -> None:
    """Write every criterion result of the year, ward by ward (one query)."""
    results = _labels(CriterionResult, "result")
    rows = (
        CriterionResult.objects.filter(year=year, ward__in=wards)
        .order_by("ward__sort_name", "ward_id", "criterion__number")
        .values_list(
            *WARD,
            "criterion__number",
            "criterion__title_vi",
            "measured_text",
            "target_text",
            "result",
            "explanation",
        )
    )
    names = _WardNames()
    for row in rows.iterator(chunk_size=CHUNK):
        sheet.append([names(*row[:5]), row[5], row[6], row[7], row[8], results[row[9]], row[10]])


def _monthly(sheet: _Sheet, *, wards: QuerySet[Ward], year: int) -> None:
    """Write every monthly report of the year with its figures, ward by ward (one query)."""
    statuses = _labels(MonthlyReport, "status")
    rows = (
        MonthlyReport.objects.filter(year=year, ward__in=wards)
        .order_by("ward__sort_name", "ward_id", "month")
        .values_list(*WARD, "month", "status", *MONTHLY_FIELDS)
    )
    names = _WardNames()
    for row in rows.iterator(chunk_size=CHUNK):
        sheet.append([names(*row[:5]), row[5], statuses[row[6]], *row[7:]])


def _projects(sheet: _Sheet) -> None:
    """Write every building project with its allocated and disbursed totals (one query)."""
    kinds = _labels(BuildingProject, "kind")
    today = timezone.localdate()
    rows = (
        BuildingProject.objects.annotate(
            allocated=Sum("allocations__amount"), disbursed=Sum("allocations__disbursed_total")
        )
        .order_by("ward__sort_name", "pk")
        .values_list(
            *WARD,
            "title",
            "kind",
            "status",
            "progress_percent",
            "investment_vnd",
            "allocated",
            "disbursed",
            "planned_finish_year",
        )
    )
    names = _WardNames()
    for row in rows.iterator(chunk_size=CHUNK):
        sheet.append(
            [
                names(*row[:5]),
                row[5],
                kinds[row[6]],
                project_status_label(row[7], row[12], today),  # "Quá hạn — ..." when overdue
                row[8],
                sheet.money(row[9]),
                sheet.money(row[10] or 0),
                sheet.money(row[11] or 0),
            ]
        )


def _budget(sheet: _Sheet) -> None:
    """Write every allocation by year and funding source (one query)."""
    rows = Allocation.objects.order_by(
        "year", "source_id", "project__ward__sort_name", "pk"
    ).values_list(
        "year",
        "source__name",
        *(f"project__{field}" for field in WARD),
        "project__title",
        "amount",
        "disbursed_total",
    )
    names = _WardNames()
    for row in rows.iterator(chunk_size=CHUNK):
        amount, disbursed = row[8], row[9]
        sheet.append(
            [
                row[0],
                row[1],
                names(*row[2:7]),
                row[7],
                sheet.money(amount),
                sheet.money(disbursed),
                sheet.money(amount - disbursed),  # Allocation.remaining
            ]
        )


def _reconciliation(sheet: _Sheet) -> None:
    """Write the Đề án's budget lines against the allocations entered (one query)."""
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
