"""A criteria set as an Excel file: the template (a version's rows, to start from) and the
upload of a new version, read whole and checked cell by cell before anything is stored."""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from config import excel
from config.excel_upload import Bounds, CellError, ExcelImportError, open_upload
from config.numbers import query_int
from criteria.labels import REFERENCE_SET_LABEL
from criteria.models import Area, CriteriaSet, CriterionKind
from criteria.rule_thresholds import rule_keys, thresholds_problems

SHEET = "TieuChi"
INSTRUCTIONS_SHEET = "Hướng dẫn"
# (field, header): the header text names the column; columns may come in any order.
COLUMNS = [
    ("number", "Số"),
    ("area", "Lĩnh vực"),
    ("title_vi", "Tên tiêu chí"),
    ("title_en", "Tên tiếng Anh"),
    ("target_text", "Chỉ tiêu"),
    ("kind", "Cách đánh giá"),
    ("rule_key", "Quy tắc"),
    ("thresholds", "Ngưỡng (JSON)"),
]
REQUIRED = {"number", "area", "title_vi", "target_text", "kind", "rule_key", "thresholds"}
HEADER_ROW = 1
MAX_ROWS = 200  # a set has a few dozen criteria
MAX_COLUMNS = 26
MAX_PART_BYTES = 2 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 20 * 1024 * 1024
TEXT_LIMITS = {"title_vi": 400, "title_en": 400, "target_text": 300, "rule_key": 50}


class CriteriaImportError(ExcelImportError):
    """The uploaded criteria file cannot be used; errors lists every problem found."""


def _refuse(message: str) -> CriteriaImportError:
    return CriteriaImportError([CellError("", "", message)])


# --- the template ------------------------------------------------------------------------------


def criteria_set_workbook(criteria_set: CriteriaSet) -> bytes:
    """Return a version's criteria as the import template (edit it, upload it as a new version)."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = SHEET
    bold = Font(bold=True)
    excel.append(ws, [header for _field, header in COLUMNS])
    for index in range(1, len(COLUMNS) + 1):
        ws.cell(row=HEADER_ROW, column=index).font = bold
    for c in criteria_set.criteria.order_by("number"):
        excel.append(
            ws,
            [
                c.number,
                c.area,
                c.title_vi,
                c.title_en,
                c.target_text,
                c.kind,
                c.rule_key,
                json.dumps(c.thresholds, ensure_ascii=False) if c.thresholds else "",
            ],
        )
    for index, width in enumerate([6, 10, 60, 40, 30, 14, 18, 60], start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    notes = workbook.create_sheet(INSTRUCTIONS_SHEET)
    lines = [
        str(REFERENCE_SET_LABEL),
        _("Mẫu lấy từ: %(set)s") % {"set": criteria_set},
        "",
        _("Mỗi dòng của trang “%(sheet)s” là một tiêu chí; dòng 1 là tên cột, giữ nguyên.")
        % {"sheet": SHEET},
        _("Số: số thứ tự tiêu chí (số nguyên dương, không trùng)."),
        _("Lĩnh vực: một trong %(areas)s.") % {"areas": ", ".join(Area.values)},
        _("Cách đánh giá: auto (tự động), manual (đánh giá thủ công), mixed (cả hai)."),
        _("Quy tắc: bỏ trống với tiêu chí đánh giá thủ công; nếu không, một trong: %(keys)s.")
        % {"keys": ", ".join(rule_keys())},
        _('Ngưỡng (JSON): các ngưỡng mà quy tắc dùng, ví dụ {"min_land_m2": 500}.'),
        _(
            "Tệp có lỗi thì không có gì được lưu; mỗi lỗi ghi rõ trang và ô. Bộ tiêu chí nhập "
            "vào là bản nháp cho đến khi quản trị viên kích hoạt."
        ),
    ]
    for line in lines:
        excel.append(notes, [line])
    notes.column_dimensions["A"].width = 110
    return excel.save(workbook)


# --- reading an upload -------------------------------------------------------------------------


def _rows(data: bytes) -> list[tuple]:
    """Return the rows of the criteria sheet (values only), or refuse the file."""
    try:
        workbook = open_upload(
            data,
            Bounds(
                max_rows=MAX_ROWS,
                max_columns=MAX_COLUMNS,
                max_part_bytes=MAX_PART_BYTES,
                max_uncompressed_bytes=MAX_UNCOMPRESSED_BYTES,
                too_big=_("Tệp Excel quá lớn so với mẫu bộ tiêu chí. Hãy dùng mẫu tải về."),
            ),
        )
    except ExcelImportError as exc:
        raise CriteriaImportError(exc.errors) from exc
    try:
        if SHEET not in workbook.sheetnames:
            raise _refuse(
                _("Không thấy trang “%(sheet)s”; hãy dùng mẫu tải về.") % {"sheet": SHEET}
            )
        return list(
            workbook[SHEET].iter_rows(
                min_row=1, max_row=MAX_ROWS, max_col=MAX_COLUMNS, values_only=True
            )
        )
    finally:
        workbook.close()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return excel.clean_text(str(value)).strip()


def read_criteria_upload(data: bytes) -> list[dict[str, Any]]:
    """Return the criteria rows of an uploaded file, ready for Criterion(**row); raise
    CriteriaImportError listing every problem with its sheet and cell (nothing is stored)."""
    rows = _rows(data)
    errors: list[CellError] = []

    def error(column: int, row: int, message: str) -> None:
        errors.append(CellError(SHEET, f"{get_column_letter(column)}{row}", message))

    header = [_text(v) for v in (rows[0] if rows else ())]
    while header and not header[-1]:
        header.pop()
    positions: dict[str, int] = {}
    for field_name, title in COLUMNS:
        if title in header:
            positions[field_name] = header.index(title) + 1
    missing = [
        title
        for field_name, title in COLUMNS
        if field_name in REQUIRED and field_name not in positions
    ]
    for offset, title in enumerate(missing):
        error(len(header) + 1 + offset, HEADER_ROW, _("thiếu cột “%(title)s”") % {"title": title})
    if missing:
        raise CriteriaImportError(errors)

    criteria: list[dict[str, Any]] = []
    seen: dict[int, int] = {}
    for row_number, values in enumerate(rows[1:], start=HEADER_ROW + 1):
        cells = {
            f: _text(values[p - 1]) if p - 1 < len(values) else "" for f, p in positions.items()
        }
        if not any(cells.values()):
            continue
        at = positions.get
        before = len(errors)
        number = query_int(cells["number"])
        if number is None or number < 1 or number > 999:
            error(at("number"), row_number, _("số tiêu chí phải là số nguyên dương"))
        elif number in seen:
            error(
                at("number"),
                row_number,
                _("số %(n)s trùng với dòng %(row)s") % {"n": number, "row": seen[number]},
            )
        else:
            seen[number] = row_number
        area = cells["area"].upper()
        if area not in Area.values:
            error(
                at("area"),
                row_number,
                _("lĩnh vực phải là một trong %(areas)s") % {"areas": ", ".join(Area.values)},
            )
        kind = cells["kind"].lower()
        if kind not in CriterionKind.values:
            error(at("kind"), row_number, _("cách đánh giá phải là auto, manual hoặc mixed"))
        if not cells["title_vi"]:
            error(at("title_vi"), row_number, _("chưa có tên tiêu chí"))
        if not cells["target_text"]:
            error(at("target_text"), row_number, _("chưa có chỉ tiêu"))
        for name, limit in TEXT_LIMITS.items():
            if name in cells and len(cells[name]) > limit:
                error(at(name), row_number, _("dài quá %(n)s ký tự") % {"n": limit})
        rule_key = cells["rule_key"]
        thresholds: Any = {}
        if cells["thresholds"]:
            try:
                thresholds = json.loads(cells["thresholds"])
            except ValueError:
                error(at("thresholds"), row_number, _("ngưỡng không đúng dạng JSON"))
                thresholds = None
        if kind == CriterionKind.MANUAL and not rule_key:
            if thresholds:
                error(at("thresholds"), row_number, _("tiêu chí đánh giá thủ công không có ngưỡng"))
        elif not rule_key:
            error(at("rule_key"), row_number, _("tiêu chí tự động cần một quy tắc"))
        elif rule_key not in rule_keys():
            error(
                at("rule_key"),
                row_number,
                _("quy tắc “%(key)s” không có trong hệ thống (có: %(keys)s)")
                % {"key": rule_key, "keys": ", ".join(rule_keys())},
            )
        elif thresholds is not None:
            for problem in thresholds_problems(rule_key, thresholds):
                error(at("thresholds"), row_number, problem)
        if len(errors) == before:
            criteria.append(
                {
                    "number": number,
                    "area": area,
                    "title_vi": cells["title_vi"],
                    "title_en": cells.get("title_en", ""),
                    "target_text": cells["target_text"],
                    "kind": kind,
                    "rule_key": rule_key,
                    "thresholds": thresholds or {},
                }
            )
    if not errors and not criteria:
        errors.append(CellError(SHEET, f"A{HEADER_ROW + 1}", _("tệp chưa có tiêu chí nào")))
    if errors:
        raise CriteriaImportError(sorted(errors, key=_cell_order))
    return criteria


def _cell_order(error: CellError) -> tuple[int, int]:
    """Sort key of an error: its row, then its column (errors read in sheet order)."""
    column, row = coordinate_from_string(error.cell)
    return row, column_index_from_string(column)
