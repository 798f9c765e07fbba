"""The one Excel writer (config.excel): one sanitising rule for every cell of every export, in
normal and write-only (streamed) workbooks alike."""

from __future__ import annotations

import datetime
import io
import zoneinfo

import pytest
from openpyxl import Workbook, load_workbook

from config import excel

RISKY = ["=SUM(A1:A9)", "+84 912", "-1+2", "@cmd", "\tthụt", "\rđầu dòng", "#N/A", "#REF!"]
DIRTY = "Lê\x0bVăn\x00Tám\x7f\u202eđảo\x1f"


def _reopen(workbook: Workbook):
    return load_workbook(io.BytesIO(excel.save(workbook))).active


@pytest.mark.parametrize("write_only", [False, True])
def test_rows_keep_plain_values_and_sanitise_the_rest(write_only):
    workbook = Workbook(write_only=write_only)
    ws = workbook.create_sheet("Trang") if write_only else workbook.active
    day = datetime.date(2024, 12, 31)
    moment = datetime.datetime(2024, 12, 31, 23, 30, tzinfo=datetime.UTC)
    excel.append(ws, ["Phường Chi Lăng", 12, 1.5, None, True, day, moment, DIRTY, *RISKY])
    sheet = _reopen(workbook)
    cells = next(iter(sheet.iter_rows()))
    values = [c.value for c in cells]
    assert values[:3] == ["Phường Chi Lăng", 12, 1.5]
    assert values[4] is True
    assert values[5] == datetime.datetime(2024, 12, 31)
    assert cells[5].number_format == "DD/MM/YYYY"
    local = moment.astimezone(zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")).replace(tzinfo=None)
    assert values[6] == local and cells[6].number_format == "DD/MM/YYYY HH:MM"
    assert values[7] == "LêVănTámđảo"
    for cell, text in zip(cells[8:], RISKY, strict=True):
        # a CR comes back as a newline unless the writer escaped it (lxml does, ElementTree not)
        read = cell.value.replace("\r", "\n")
        assert (read, cell.data_type, cell.quotePrefix) == (text.replace("\r", "\n"), "s", True)
    assert not cells[0].quotePrefix


def test_a_plain_row_goes_to_openpyxl_as_it_is():
    """The fast path of the streamed workbook: no cell object for plain text and numbers."""
    ws = Workbook(write_only=True).create_sheet("Trang")
    values = ["Phường Chi Lăng", 12, None, 3.5, "tiêu chí 1 - đạt", "a=b"]
    assert excel.row(ws, list(values)) == values


def test_styled_cells_keep_their_style_and_quote_prefix():
    from openpyxl.styles import Font, NamedStyle

    workbook = Workbook(write_only=True)
    workbook.add_named_style(NamedStyle(name="Tiêu đề", font=Font(bold=True)))
    ws = workbook.create_sheet("Trang")
    ws.append([excel.cell(ws, "=tiêu đề", style="Tiêu đề"), excel.cell(ws, "Mục\x0b")])
    first, second = next(_reopen(workbook).iter_rows())
    assert first.value == "=tiêu đề" and first.font.b and first.quotePrefix
    assert second.value == "Mục"


def test_put_writes_at_a_coordinate_with_the_style_given():
    from openpyxl.styles import Font

    workbook = Workbook()
    excel.put(workbook.active, "B3", "=1+1\x00", font=Font(bold=True))
    sheet = _reopen(workbook)
    assert sheet["B3"].value == "=1+1" and sheet["B3"].data_type == "s"
    assert sheet["B3"].quotePrefix and sheet["B3"].font.b


def test_lazy_translated_text_is_written_as_text():
    from django.utils.translation import gettext_lazy

    workbook = Workbook()
    excel.append(workbook.active, [gettext_lazy("Phường")])
    assert _reopen(workbook)["A1"].value == "Phường"
