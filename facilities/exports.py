"""Excel export of a roster, written through config.excel: typed cells, dates as dates, text
that is never read as a formula and never holds a character that breaks the file."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from config import excel
from facilities.models import Officer


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
        excel.write(sheet.cell(row=1, column=column), header).font = Font(bold=True)
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
            excel.write(sheet.cell(row=row, column=column), value)
    for column_cells in sheet.columns:
        width = max(len(str(c.value or "")) for c in column_cells)
        sheet.column_dimensions[column_cells[0].column_letter].width = min(max(width + 2, 10), 50)
    return excel.save(workbook)
