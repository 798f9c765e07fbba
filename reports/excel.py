"""Excel files for reports: the month's template (download, fill offline, upload) and the
yearly export. Uploads are checked whole before anything is saved."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

from reports.models import MonthlyReport, ReportStatus, YearlyReport
from reports.rules import MONTHLY_FIELDS, YEARLY_FIELDS, check_value, cross_field_errors, label
from wards.models import Ward

TEMPLATE_SHEET = "BaoCaoThang"
FIRST_FIGURE_ROW = 9
META_ROWS = {"ward": 3, "year": 4, "month": 5, "version": 6}
KEY_COLUMN, LABEL_COLUMN, VALUE_COLUMN = "A", "B", "C"
ZIP_SIGNATURE = b"PK\x03\x04"
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
FORMULA_PREFIXES = ("=", "+", "-", "@")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

HEADER_FONT = Font(bold=True)
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")


@dataclass(frozen=True)
class CellError:
    sheet: str
    cell: str
    message: str

    def __str__(self) -> str:
        if self.cell:
            return _("Trang “%(sheet)s”, ô %(cell)s: %(message)s") % {
                "sheet": self.sheet,
                "cell": self.cell,
                "message": self.message,
            }
        return self.message


class ExcelImportError(Exception):
    """The uploaded file cannot be used; errors lists every problem found."""

    def __init__(self, errors: list[CellError]):
        super().__init__("; ".join(str(error) for error in errors))
        self.errors = errors


def _set(ws, coordinate: str, value) -> None:
    """Write a value; text that looks like a formula is kept as plain text."""
    cell = ws[coordinate]
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        cell.data_type = "s"


def _append(ws, values: list) -> None:
    """Append a row; text that looks like a formula is kept as plain text."""
    ws.append(values)
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_PREFIXES):
            cell.data_type = "s"


def _to_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def monthly_template(
    *, ward: Ward, year: int, month: int, report: MonthlyReport | None = None
) -> bytes:
    """Return the month's .xlsx form for a ward, prefilled with the report's figures if any."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = TEMPLATE_SHEET
    _set(
        ws,
        "A1",
        _("BÁO CÁO SỐ LIỆU THÁNG %(month)02d/%(year)s — %(ward)s")
        % {"month": month, "year": year, "ward": ward.display_name},
    )
    ws["A1"].font = Font(bold=True, size=13)
    _set(ws, "A2", _("Chỉ nhập số nguyên không âm vào cột C; không sửa cột A và các ô C3 đến C6."))
    meta = {
        "ward": (_("Mã phường"), ward.code),
        "year": (_("Năm"), year),
        "month": (_("Tháng"), month),
        "version": (_("Phiên bản (không sửa)"), report.version if report else 0),
    }
    for key, row in META_ROWS.items():
        _set(ws, f"{KEY_COLUMN}{row}", key)
        _set(ws, f"{LABEL_COLUMN}{row}", meta[key][0])
        _set(ws, f"{VALUE_COLUMN}{row}", meta[key][1])
    header = FIRST_FIGURE_ROW - 1
    for column, text in zip(
        (KEY_COLUMN, LABEL_COLUMN, VALUE_COLUMN),
        (_("Mã chỉ tiêu"), _("Chỉ tiêu"), _("Số liệu")),
        strict=True,
    ):
        _set(ws, f"{column}{header}", text)
        ws[f"{column}{header}"].font = HEADER_FONT
    for offset, name in enumerate(MONTHLY_FIELDS):
        row = FIRST_FIGURE_ROW + offset
        _set(ws, f"{KEY_COLUMN}{row}", name)
        _set(ws, f"{LABEL_COLUMN}{row}", label(MonthlyReport, name))
        _set(ws, f"{VALUE_COLUMN}{row}", getattr(report, name) if report else 0)
        ws[f"{VALUE_COLUMN}{row}"].fill = INPUT_FILL
    ws.column_dimensions[KEY_COLUMN].width = 30
    ws.column_dimensions[LABEL_COLUMN].width = 80
    ws.column_dimensions[VALUE_COLUMN].width = 14
    return _to_bytes(workbook)


def _open_workbook(data: bytes):
    """Return the workbook in data or raise ExcelImportError with a plain reason."""
    if len(data) > settings.MAX_UPLOAD_BYTES:
        raise ExcelImportError(
            [
                CellError(
                    "",
                    "",
                    _("Tệp quá lớn (tối đa %(size)s MB).")
                    % {"size": settings.MAX_UPLOAD_BYTES // (1024 * 1024) or 1},
                )
            ]
        )
    if not data.startswith(ZIP_SIGNATURE):
        raise ExcelImportError(
            [CellError("", "", _("Tệp không phải định dạng Excel .xlsx. Hãy dùng mẫu tải về."))]
        )
    corrupt = CellError("", "", _("Tệp Excel bị hỏng hoặc không đọc được."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNCOMPRESSED_BYTES:
                raise ExcelImportError([corrupt])
        return load_workbook(io.BytesIO(data), data_only=True)
    except ExcelImportError:
        raise
    except (
        zipfile.BadZipFile,
        InvalidFileException,
        KeyError,
        ValueError,
        OSError,
        TypeError,
    ) as exc:
        raise ExcelImportError([corrupt]) from exc
    except Exception as exc:  # openpyxl raises many kinds on malformed XML
        raise ExcelImportError([corrupt]) from exc


def read_monthly_upload(
    data: bytes, *, ward: Ward, year: int, month: int
) -> tuple[dict[str, int], int]:
    """Return (figures, version) from an uploaded month template for this ward and month;
    raise ExcelImportError listing every error with its sheet and cell."""
    workbook = _open_workbook(data)
    if TEMPLATE_SHEET not in workbook.sheetnames:
        raise ExcelImportError(
            [
                CellError(
                    "",
                    "",
                    _("Không thấy trang “%(sheet)s”; hãy dùng mẫu tải về.")
                    % {"sheet": TEMPLATE_SHEET},
                )
            ]
        )
    ws = workbook[TEMPLATE_SHEET]
    errors: list[CellError] = []

    def error(cell: str, message: str) -> None:
        errors.append(CellError(TEMPLATE_SHEET, cell, message))

    expected = {"ward": ward.code, "year": year, "month": month}
    for key, value in expected.items():
        coordinate = f"{VALUE_COLUMN}{META_ROWS[key]}"
        found = ws[coordinate].value
        if str(found).strip() != str(value):
            error(
                coordinate,
                _("Tệp là của “%(found)s”, không phải “%(expected)s”.")
                % {"found": found if found is not None else "", "expected": value},
            )
    version_cell = f"{VALUE_COLUMN}{META_ROWS['version']}"
    version, message = check_value(ws[version_cell].value or 0)
    if message:
        error(version_cell, _("Phiên bản không hợp lệ."))
    rows: dict[str, int] = {}
    last = FIRST_FIGURE_ROW + len(MONTHLY_FIELDS) + 100
    for row in range(FIRST_FIGURE_ROW, last):
        key = ws[f"{KEY_COLUMN}{row}"].value
        if isinstance(key, str) and key.strip() in MONTHLY_FIELDS:
            rows.setdefault(key.strip(), row)
    values: dict[str, int] = {}
    for offset, name in enumerate(MONTHLY_FIELDS):
        row = rows.get(name)
        if row is None:
            error(
                f"{KEY_COLUMN}{FIRST_FIGURE_ROW + offset}",
                _("Thiếu dòng “%(label)s” (mã %(key)s).")
                % {"label": label(MonthlyReport, name), "key": name},
            )
            continue
        number, message = check_value(ws[f"{VALUE_COLUMN}{row}"].value)
        if message:
            error(f"{VALUE_COLUMN}{row}", f"{label(MonthlyReport, name)}: {message}")
        else:
            values[name] = number
    for name, messages in cross_field_errors(MonthlyReport, values).items():
        for text in messages:
            error(f"{VALUE_COLUMN}{rows[name]}", text)
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
    _append(monthly_ws, monthly_export_header())
    for row in monthly_export_rows(year=year, wards=wards):
        _append(monthly_ws, row)
    yearly_ws = workbook.create_sheet("BaoCaoNam")
    _append(yearly_ws, [*common, *tail, *(label(YearlyReport, n) for n in YEARLY_FIELDS)])
    yearly = (
        YearlyReport.objects.filter(ward__in=wards, year=year)
        .select_related("ward")
        .order_by("ward__valid_from", "ward__name")
    )
    for report in yearly:
        _append(
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
    return _to_bytes(workbook)
