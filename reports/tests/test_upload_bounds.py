"""The Excel upload is bounded: read-only and streamed, a sheet larger than the template refused
before its rows are read, memory flat and the answer quick whatever the file declares or holds;
its text cells parse numbers as the forms do."""

from __future__ import annotations

import io
import re
import time
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from reports.excel import (
    FIRST_FIGURE_ROW,
    MAX_SHEET_ROWS,
    TEMPLATE_SHEET,
    monthly_template,
    read_monthly_upload,
)
from reports.models import MonthlyReport
from reports.rules import MONTHLY_FIELDS

pytestmark = pytest.mark.django_db

EXTRA_ROWS = 420_000
MEMORY_BOUND = 50 * 2**20
TIME_BOUND = 2.0


def _template(ward, **cells) -> bytes:
    """Return a filled template with the given cells (coordinate → value) set."""
    book = load_workbook(io.BytesIO(monthly_template(ward=ward, year=2024, month=3)))
    ws = book[TEMPLATE_SHEET]
    for coordinate, value in cells.items():
        ws[coordinate] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _with_sheet_rows(
    data: bytes, *, dimension: str | None, rows: int, numbered: bool = True
) -> bytes:
    """Return the file with `rows` sparse rows added to the template sheet after its own, and
    its <dimension> set to `dimension` (removed when None): a few MB compressed."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                xml = content.decode()
                replacement = f'<dimension ref="{dimension}"/>' if dimension else ""
                xml = re.sub(r"<dimension [^>]*/>", replacement, xml)
                first = FIRST_FIGURE_ROW + len(MONTHLY_FIELDS) + 10
                extra = "".join(
                    f'<row r="{n}"><c r="C{n}"><v>1</v></c></row>'
                    if numbered
                    else "<row><c><v>1</v></c></row>"  # numbers are optional in the format
                    for n in range(first, first + rows)
                )
                xml = xml.replace("</sheetData>", extra + "</sheetData>")
                content = xml.encode()
            target.writestr(info, content)
    return out.getvalue()


def _post(client, ward, data: bytes):
    url = reverse("reports:excel_upload", args=[ward.code, 2024, 3])
    return client.post(url, {"file": SimpleUploadedFile("bao-cao.xlsx", data)})


def _bounded(client, ward, data: bytes):
    """Post the file twice: once timed, once traced; return (response, seconds, peak bytes)."""
    started = time.perf_counter()
    response = _post(client, ward, data)
    seconds = time.perf_counter() - started
    tracemalloc.start()
    try:
        baseline = tracemalloc.get_traced_memory()[0]
        _post(client, ward, data)
        peak = tracemalloc.get_traced_memory()[1] - baseline
    finally:
        tracemalloc.stop()
    return response, seconds, peak


@pytest.mark.parametrize(
    ("dimension", "message"),
    [
        (f"A1:Z{EXTRA_ROWS + 50}", "420.050 dòng, 26 cột"),  # declared: refused before reading
        (None, f"có dòng {MAX_SHEET_ROWS + 1}"),  # not declared: refused at the first row past
        ("A1:C40", f"có dòng {MAX_SHEET_ROWS + 1}"),  # declared small, holding more: the same
    ],
)
def test_a_sheet_of_420_000_rows_is_refused_quickly_in_flat_memory(
    officer_a_client, ward_a, dimension, message
):
    data = _with_sheet_rows(_template(ward_a), dimension=dimension, rows=EXTRA_ROWS)
    assert len(data) < 8 * 2**20  # a small file, well under the upload limit
    response, seconds, peak = _bounded(officer_a_client, ward_a, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Tệp có trang lớn hơn mẫu báo cáo tháng" in page and message in page
    assert not MonthlyReport.objects.exists()
    assert seconds < TIME_BOUND, seconds
    assert peak < MEMORY_BOUND, peak / 2**20


def test_a_template_with_a_few_notes_below_is_still_read(officer_a_client, ward_a):
    data = _with_sheet_rows(_template(ward_a), dimension=None, rows=20)
    assert _post(officer_a_client, ward_a, data).status_code == 302
    assert MonthlyReport.objects.get().criminal_cases == 0


def test_a_bloated_shared_strings_part_is_refused_before_reading(officer_a_client, ward_a):
    """openpyxl reads the shared strings whole even in read-only mode: 300,000 of them."""
    data = _template(ward_a)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    strings = b"<sst>" + b"<si><t>x</t></si>" * 300_000 + b"</sst>"
    override = (
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    )
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                content = content.replace(b"</Types>", override)
            target.writestr(info, content)
        target.writestr("xl/sharedStrings.xml", strings)
    response = _post(officer_a_client, ward_a, out.getvalue())
    assert response.status_code == 400
    assert "quá lớn so với mẫu" in response.content.decode()


@pytest.mark.parametrize(
    ("text", "stored"), [("1.234", 1234), ("1234", 1234), (" 12 ", 12), ("4.200", 4200)]
)
def test_text_cells_are_parsed_as_the_forms_parse_them(ward_a, text, stored):
    values, _version = read_monthly_upload(
        _template(ward_a, C9=text), ward=ward_a, year=2024, month=3
    )
    assert values[MONTHLY_FIELDS[0]] == stored


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("²", "Chỉ dùng các chữ số 0 đến 9"),
        ("١٢", "Chỉ dùng các chữ số 0 đến 9"),
        ("9" * 5000, "Số quá dài (tối đa 32 ký tự)."),
        ("1,5", "không có phần thập phân"),
    ],
)
def test_odd_digits_in_an_upload_give_a_message_naming_the_cell(
    officer_a_client, ward_a, text, message
):
    response = _post(officer_a_client, ward_a, _template(ward_a, C9=text))
    assert response.status_code == 400
    page = response.content.decode()
    assert f"Trang “{TEMPLATE_SHEET}”, ô C9" in page and message in page
    assert not MonthlyReport.objects.exists()


def test_unnumbered_rows_are_counted(officer_a_client, ward_a):
    data = _with_sheet_rows(_template(ward_a), dimension=None, rows=EXTRA_ROWS, numbered=False)
    response = _post(officer_a_client, ward_a, data)
    assert response.status_code == 400
    assert f"có dòng {MAX_SHEET_ROWS + 1}" in response.content.decode()
    assert not MonthlyReport.objects.exists()
