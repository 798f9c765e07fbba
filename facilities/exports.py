"""Excel export of a roster: typed cells, and text that is never read as a formula."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font

from facilities.models import Officer

FORMULA_STARTS = ("=", "+", "-", "@")


def write_cell(cell: Cell, value) -> None:
    """Set a cell's value; text is always stored as text (never a formula), dates as dates."""
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
        return
    cell.value = value
    if isinstance(value, datetime.date):
        cell.number_format = "DD/MM/YYYY"


def roster_workbook(*, officers: Iterable[Officer], year: int) -> bytes:
    """Return an xlsx of the officers with their rating for the year (ratings prefetched)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Danh sách cán bộ")
    headers = [
        _("Phường"),
        _("Họ và tên"),
        _("Tên minh họa"),
        _("Cấp bậc"),
        _("Chức vụ"),
        _("Tổ công tác"),
        _("Trình độ chuyên môn"),
        _("Công tác từ"),
        _("Công tác đến"),
        _("Xếp loại năm %(year)s") % {"year": year},
    ]
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=column)
        write_cell(cell, header)
        cell.font = Font(bold=True)
    for row, officer in enumerate(officers, start=2):
        rating = next((r for r in officer.ratings.all() if r.year == year), None)
        values = [
            officer.ward.name,
            officer.full_name,
            _("Có") if officer.is_placeholder else _("Không"),
            officer.rank,
            officer.position,
            officer.get_team_display(),
            officer.get_education_display(),
            officer.active_from,
            officer.active_to,
            rating.get_rating_display() if rating else "",
        ]
        for column, value in enumerate(values, start=1):
            write_cell(sheet.cell(row=row, column=column), value)
    for column_cells in sheet.columns:
        width = max(len(str(c.value or "")) for c in column_cells)
        sheet.column_dimensions[column_cells[0].column_letter].width = min(max(width + 2, 10), 50)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
