"""Excel files for reports: the month's template (download, fill offline, upload) and the
yearly export. Uploads are checked whole before anything is saved."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from config import excel
from config.excel_upload import (
    Bounds,
    CellError,
    ExcelImportError,
    declared,
    open_upload,
    refuse,
    row_past,
)
from reports.models import MonthlyReport, ReportStatus, YearlyReport
from reports.rules import (
    CARRY_OVER_FIELDS,
    MAX_COUNT,
    MONTHLY_FIELDS,
    YEARLY_FIELDS,
    check_value,
    cross_field_errors,
    label,
)
from reports.selectors import carried_over_defaults
from wards.models import Ward

TEMPLATE_SHEET = "BaoCaoThang"
INSTRUCTIONS_SHEET = "Hướng dẫn"
FIRST_FIGURE_ROW = 9
META_ROWS = {"ward": 3, "year": 4, "month": 5, "version": 6}
KEY_COLUMN, LABEL_COLUMN, VALUE_COLUMN = "A", "B", "C"
COLUMNS = {KEY_COLUMN: 1, LABEL_COLUMN: 2, VALUE_COLUMN: 3}
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
# Parts openpyxl reads whole (shared strings, styles, workbook, relationships): the template's
# are a few kilobytes; only worksheets are streamed.
MAX_PART_BYTES = 2 * 1024 * 1024
# The largest sheet accepted: the template's rows with room for notes below, columns A to Z.
MAX_SHEET_ROWS = FIRST_FIGURE_ROW + len(MONTHLY_FIELDS) + 100
MAX_SHEET_COLUMNS = 26

HEADER_FONT = Font(bold=True)
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")


def _instructions_sheet(workbook: Workbook, *, version: int) -> None:
    """Add the "Hướng dẫn" sheet: how to fill the form and send it back."""
    ws = workbook.create_sheet(INSTRUCTIONS_SHEET)
    lines = [
        _("Cách điền mẫu báo cáo tháng"),
        _("1. Nhập số liệu vào các ô màu vàng ở cột “Số liệu” của trang “%(sheet)s”.")
        % {"sheet": TEMPLATE_SHEET},
        _("2. Chỉ nhập số nguyên từ 0 trở lên; ô không có số liệu thì nhập 0."),
        _("3. Các ô khác được khóa để giữ đúng chỉ tiêu; không cần mật khẩu để mở khóa."),
        _(
            "4. Lưu tệp (định dạng .xlsx) rồi tải lên ở trang báo cáo tháng, mục “Nhập từ tệp "
            "Excel”."
        ),
        _(
            "5. Tệp mang phiên bản %(version)s của báo cáo. Nếu báo cáo được sửa trên trang web "
            "sau khi tải mẫu, tệp sẽ không được lưu thẳng: số liệu trong tệp được hiện lên để "
            "bạn xem lại trước khi lưu."
        )
        % {"version": version},
        _("6. Tệp có lỗi thì không có số liệu nào được lưu; trang web chỉ rõ trang và ô bị lỗi."),
    ]
    for row, text in enumerate(lines, start=1):
        excel.put(ws, f"A{row}", text)
    ws["A1"].font = Font(bold=True, size=13)
    ws.column_dimensions["A"].width = 110
    ws.protection.sheet = True


def monthly_template(
    *, ward: Ward, year: int, month: int, report: MonthlyReport | None = None
) -> bytes:
    """Return the month's .xlsx form for a ward, prefilled with the report's figures if any:
    Vietnamese labels beside a hidden column of field codes, whole-number checks on the input
    cells, every other cell locked (no password), a "Hướng dẫn" sheet, and the report's
    version so that an out-of-date file is recognised on upload."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = TEMPLATE_SHEET
    # Column A holds the field codes and is hidden: the title and the note go in column B.
    excel.put(
        ws,
        f"{LABEL_COLUMN}1",
        _("BÁO CÁO SỐ LIỆU THÁNG %(month)02d/%(year)s — %(ward)s")
        % {"month": month, "year": year, "ward": ward.display_name},
        font=Font(bold=True, size=13),
    )
    excel.put(
        ws,
        f"{LABEL_COLUMN}2",
        _("Chỉ nhập số nguyên từ 0 trở lên vào các ô màu vàng; xem trang “Hướng dẫn”."),
    )
    meta = {
        "ward": (_("Mã phường"), ward.code),
        "year": (_("Năm"), year),
        "month": (_("Tháng"), month),
        "version": (_("Phiên bản (không sửa)"), report.version if report else 0),
    }
    for key, row in META_ROWS.items():
        excel.put(ws, f"{KEY_COLUMN}{row}", key)
        excel.put(ws, f"{LABEL_COLUMN}{row}", meta[key][0])
        excel.put(ws, f"{VALUE_COLUMN}{row}", meta[key][1])
    header = FIRST_FIGURE_ROW - 1
    for column, text in zip(
        (KEY_COLUMN, LABEL_COLUMN, VALUE_COLUMN),
        (_("Mã chỉ tiêu"), _("Chỉ tiêu"), _("Số liệu")),
        strict=True,
    ):
        excel.put(ws, f"{column}{header}", text, font=HEADER_FONT)
    validation = DataValidation(
        type="whole",
        operator="between",
        formula1="0",
        formula2=str(MAX_COUNT),
        allow_blank=False,
        showErrorMessage=True,
        showInputMessage=True,
        errorTitle=_("Số liệu không hợp lệ"),
        error=_("Chỉ nhập số nguyên từ 0 trở lên, không có phần thập phân."),
        promptTitle=_("Số liệu"),
        prompt=_("Số nguyên từ 0 trở lên; không có thì nhập 0."),
    )
    ws.add_data_validation(validation)
    # A new month starts with "tồn kỳ trước" = the previous month's closing.
    carried = {} if report else carried_over_defaults(ward=ward, year=year, month=month)
    for offset, name in enumerate(MONTHLY_FIELDS):
        row = FIRST_FIGURE_ROW + offset
        excel.put(ws, f"{KEY_COLUMN}{row}", name)
        excel.put(ws, f"{LABEL_COLUMN}{row}", label(MonthlyReport, name))
        value = getattr(report, name) if report else carried.get(name, 0)
        cell = excel.put(ws, f"{VALUE_COLUMN}{row}", value, fill=INPUT_FILL)
        cell.protection = Protection(locked=False)
    last_row = FIRST_FIGURE_ROW + len(MONTHLY_FIELDS) - 1
    validation.add(f"{VALUE_COLUMN}{FIRST_FIGURE_ROW}:{VALUE_COLUMN}{last_row}")
    ws.column_dimensions[KEY_COLUMN].width = 30
    ws.column_dimensions[KEY_COLUMN].hidden = True
    ws.column_dimensions[LABEL_COLUMN].width = 80
    ws.column_dimensions[VALUE_COLUMN].width = 14
    ws.freeze_panes = f"{LABEL_COLUMN}{FIRST_FIGURE_ROW}"
    ws.protection.sheet = True
    _instructions_sheet(workbook, version=meta["version"][1])
    return excel.save(workbook)


def _sheet_too_large(found: str) -> str:
    return _(
        "Tệp có trang lớn hơn mẫu báo cáo tháng (%(found)s; mẫu có tối đa %(max_rows)s dòng, "
        "%(max_columns)s cột). Hãy tải mẫu mới và chỉ nhập số vào cột C."
    ) % {"found": found, "max_rows": MAX_SHEET_ROWS, "max_columns": MAX_SHEET_COLUMNS}


def _open_workbook(data: bytes):
    """Return the uploaded template opened read-only within the template's bounds, or raise
    ExcelImportError with a plain reason. Close it after use."""
    return open_upload(
        data,
        Bounds(
            max_rows=MAX_SHEET_ROWS,
            max_columns=MAX_SHEET_COLUMNS,
            max_part_bytes=MAX_PART_BYTES,
            max_uncompressed_bytes=MAX_UNCOMPRESSED_BYTES,
            too_big=_("Tệp Excel quá lớn so với mẫu báo cáo tháng. Hãy dùng mẫu tải về."),
            sheet_too_large=_sheet_too_large,
        ),
    )


def _template_cells(workbook) -> dict[tuple[int, int], object]:
    """Return {(row, column): value} of the template sheet's columns A to C, read as a stream;
    refuse a sheet declared, or found, larger than the template before reading its rows."""
    if TEMPLATE_SHEET not in workbook.sheetnames:
        raise refuse(
            _("Không thấy trang “%(sheet)s”; hãy dùng mẫu tải về.") % {"sheet": TEMPLATE_SHEET}
        )
    ws = workbook[TEMPLATE_SHEET]
    declared_rows, declared_columns = ws.max_row or 0, ws.max_column or 0
    if declared_rows > MAX_SHEET_ROWS or declared_columns > MAX_SHEET_COLUMNS:
        raise refuse(_sheet_too_large(declared(declared_rows, declared_columns)))
    cells: dict[tuple[int, int], object] = {}
    rows = ws.iter_rows(
        min_row=1, max_row=MAX_SHEET_ROWS + 1, max_col=len(COLUMNS), values_only=True
    )
    for number, values in enumerate(rows, start=1):
        if number > MAX_SHEET_ROWS:  # a row past the bound exists: stop reading, refuse
            raise refuse(_sheet_too_large(row_past(number)))
        for column, value in enumerate(values, start=1):
            if value is not None:
                cells[number, column] = value
    return cells


def read_monthly_upload(
    data: bytes, *, ward: Ward, year: int, month: int
) -> tuple[dict[str, int], int]:
    """Return (figures, version) from an uploaded month template for this ward and month;
    raise ExcelImportError listing every error with its sheet and cell.

    The file is opened read-only and only the template's rows of columns A to C are read, as a
    stream: memory stays flat whatever the file declares or holds."""
    workbook = _open_workbook(data)
    try:
        cells = _template_cells(workbook)
    except ExcelImportError:
        raise
    except Exception as exc:  # malformed sheet XML surfaces while streaming its rows
        raise refuse(_("Tệp Excel bị hỏng hoặc không đọc được.")) from exc
    finally:
        workbook.close()
    return _figures(cells, ward=ward, year=year, month=month)


def _figures(
    cells: dict[tuple[int, int], object], *, ward: Ward, year: int, month: int
) -> tuple[dict[str, int], int]:
    errors: list[CellError] = []

    def error(cell: str, message: str) -> None:
        errors.append(CellError(TEMPLATE_SHEET, cell, message))

    def value(column: str, row: int):
        return cells.get((row, COLUMNS[column]))

    expected = {"ward": ward.code, "year": year, "month": month}
    for key, wanted in expected.items():
        found = value(VALUE_COLUMN, META_ROWS[key])
        if str(found).strip() != str(wanted):
            error(
                f"{VALUE_COLUMN}{META_ROWS[key]}",
                _("Tệp là của “%(found)s”, không phải “%(expected)s”.")
                % {"found": found if found is not None else "", "expected": wanted},
            )
    version_row = META_ROWS["version"]
    version, message = check_value(value(VALUE_COLUMN, version_row) or 0)
    if message:
        error(f"{VALUE_COLUMN}{version_row}", _("Phiên bản không hợp lệ."))
    rows: dict[str, int] = {}
    for row in range(FIRST_FIGURE_ROW, MAX_SHEET_ROWS + 1):
        key = value(KEY_COLUMN, row)
        if isinstance(key, str) and key.strip() in MONTHLY_FIELDS:
            rows.setdefault(key.strip(), row)
    values: dict[str, int] = {}
    carried: dict[str, int] = {}
    for offset, name in enumerate(MONTHLY_FIELDS):
        row = rows.get(name)
        if row is None and name in CARRY_OVER_FIELDS:
            # A file from before "tồn kỳ trước" existed: keep the stored figure (or last
            # month's closing), as entering the month on the web page would.
            carried = carried or carried_over_defaults(ward=ward, year=year, month=month)
            values[name] = carried[name]
            continue
        if row is None:
            error(
                f"{KEY_COLUMN}{FIRST_FIGURE_ROW + offset}",
                _("Thiếu dòng “%(label)s” (mã %(key)s).")
                % {"label": label(MonthlyReport, name), "key": name},
            )
            continue
        number, message = check_value(value(VALUE_COLUMN, row))
        if message:
            error(f"{VALUE_COLUMN}{row}", f"{label(MonthlyReport, name)}: {message}")
        else:
            values[name] = number
    for name, messages in cross_field_errors(MonthlyReport, values).items():
        for text in messages:
            error(f"{VALUE_COLUMN}{rows.get(name, FIRST_FIGURE_ROW)}", text)
    if errors:
        raise ExcelImportError(errors)
    return values, version or 0


def monthly_export_header() -> list[str]:
    """Return the column titles of the monthly export (Excel sheet and CSV alike)."""
    return [
        _("Phường"),
        _("Mã phường"),
        _("Năm"),
        _("Tháng"),
        _("Trạng thái"),
        _("Dữ liệu mẫu"),
        _("Lý do trả lại"),
        *(label(MonthlyReport, n) for n in MONTHLY_FIELDS),
    ]


def monthly_export_rows(*, year: int, wards: QuerySet[Ward]) -> Iterator[list]:
    """Yield one row per monthly report of the wards in the year, in ward then month order
    (one query, read in chunks): the rows of the Excel export and of the CSV."""
    monthly = (
        MonthlyReport.objects.filter(ward__in=wards, year=year)
        .select_related("ward")
        .order_by("ward__valid_from", "ward__name", "month")
    )
    for report in monthly.iterator(chunk_size=500):
        yield [
            report.ward.display_name,
            report.ward.code,
            report.year,
            report.month,
            str(ReportStatus(report.status).label),
            _("có") if report.is_demo else "",
            report.return_reason,
            *(getattr(report, n) for n in MONTHLY_FIELDS),
        ]


def export_year(*, year: int, wards: QuerySet[Ward]) -> bytes:
    """Return an .xlsx of the year's monthly and yearly reports of the wards (two queries)."""
    workbook = Workbook()
    monthly_ws = workbook.active
    monthly_ws.title = "BaoCaoThang"
    common = [_("Phường"), _("Mã phường"), _("Năm")]
    tail = [_("Trạng thái"), _("Dữ liệu mẫu"), _("Lý do trả lại")]
    excel.append(monthly_ws, monthly_export_header())
    for row in monthly_export_rows(year=year, wards=wards):
        excel.append(monthly_ws, row)
    yearly_ws = workbook.create_sheet("BaoCaoNam")
    excel.append(yearly_ws, [*common, *tail, *(label(YearlyReport, n) for n in YEARLY_FIELDS)])
    yearly = (
        YearlyReport.objects.filter(ward__in=wards, year=year)
        .select_related("ward")
        .order_by("ward__valid_from", "ward__name")
    )
    for report in yearly:
        excel.append(
            yearly_ws,
            [
                report.ward.display_name,
                report.ward.code,
                report.year,
                str(ReportStatus(report.status).label),
                _("có") if report.is_demo else "",
                report.return_reason,
                *(getattr(report, n) for n in YEARLY_FIELDS),
            ],
        )
    for ws in (monthly_ws, yearly_ws):
        for cell in ws[1]:
            cell.font = HEADER_FONT
        ws.freeze_panes = "B2"
    return excel.save(workbook)
