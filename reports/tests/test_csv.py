"""The CSV export of the year's monthly figures: the Excel export's rows as UTF-8 with a BOM,
formula-looking text kept as text, scoped like the Excel export."""

from __future__ import annotations

import codecs
import csv
import io

import pytest
from django.urls import reverse

from reports.csv_export import csv_cell
from reports.excel import monthly_export_header
from reports.rules import MONTHLY_FIELDS
from reports.tests.factories import MonthlyReportFactory

pytestmark = pytest.mark.django_db


def _rows(content: bytes) -> list[list[str]]:
    assert content.startswith(codecs.BOM_UTF8)
    text = content[len(codecs.BOM_UTF8) :].decode("utf-8")
    assert "\r\n" in text
    return list(csv.reader(io.StringIO(text, newline="")))


def test_bytes_bom_header_and_rows(reviewer_client, ward_a, ward_b):
    MonthlyReportFactory(ward=ward_a, month=3, criminal_cases=5, approved=True)
    MonthlyReportFactory(ward=ward_a, month=1)
    MonthlyReportFactory(ward=ward_b, month=2, status="returned", return_reason="Thiếu số liệu")
    response = reviewer_client.get(reverse("reports:export_csv", args=[2024]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="bao-cao-thang-2024-tat-ca.csv"'
    )
    assert response.content.startswith(b"\xef\xbb\xbfPh\xc6\xb0\xe1\xbb\x9dng,M\xc3\xa3 ph")
    header, *rows = _rows(response.content)
    assert header == monthly_export_header()
    assert len(header) == 7 + len(MONTHLY_FIELDS)
    assert [(row[1], row[3]) for row in rows] == [("ward-a", "1"), ("ward-a", "3"), ("ward-b", "2")]
    by_month = {row[3]: dict(zip(header, row, strict=True)) for row in rows}
    assert by_month["3"]["Vụ việc hình sự"] == "5"
    assert by_month["3"]["Trạng thái"] == "Đã duyệt"
    assert by_month["2"]["Lý do trả lại"] == "Thiếu số liệu"
    assert by_month["2"]["Phường"] == "Phường Phường B"


def test_the_same_rows_as_the_excel_export(reviewer_client, ward_a):
    from openpyxl import load_workbook

    MonthlyReportFactory(ward=ward_a, month=3, return_reason="ghi chú")
    csv_rows = _rows(reviewer_client.get(reverse("reports:export_csv", args=[2024])).content)
    xlsx = reviewer_client.get(reverse("reports:export", args=[2024])).content
    sheet = load_workbook(io.BytesIO(xlsx))["BaoCaoThang"]
    excel_rows = [
        ["" if value is None else str(value) for value in row]
        for row in sheet.iter_rows(values_only=True)
    ]
    assert csv_rows == excel_rows


def test_formula_looking_text_stays_text(reviewer_client, ward_a):
    MonthlyReportFactory(ward=ward_a, month=3, return_reason='=HYPERLINK("http://x","bấm")')
    MonthlyReportFactory(ward=ward_a, month=4, return_reason="+1-2")
    MonthlyReportFactory(ward=ward_a, month=5, return_reason="@SUM(A1)")
    MonthlyReportFactory(ward=ward_a, month=6, return_reason="-5 vụ")
    header, *rows = _rows(reviewer_client.get(reverse("reports:export_csv", args=[2024])).content)
    reasons = [row[header.index("Lý do trả lại")] for row in rows]
    assert reasons == ['\'=HYPERLINK("http://x","bấm")', "'+1-2", "'@SUM(A1)", "'-5 vụ"]
    assert csv_cell(5) == 5 and csv_cell("bình thường") == "bình thường"
    assert csv_cell("\tx") == "'\tx"


def test_ward_staff_get_their_ward_only(officer_a_client, ward_a, ward_b):
    MonthlyReportFactory(ward=ward_a, month=3)
    MonthlyReportFactory(ward=ward_b, month=3)
    response = officer_a_client.get(reverse("reports:export_csv", args=[2024]))
    assert response["Content-Disposition"].endswith('bao-cao-thang-2024-ward-a.csv"')
    _header, *rows = _rows(response.content)
    assert [row[1] for row in rows] == ["ward-a"]
    url = reverse("reports:export_csv", args=[2024]) + "?ward=ward-b"
    assert officer_a_client.get(url).status_code == 404


def test_province_roles_narrow_to_one_ward(committee_client, ward_a, ward_b):
    MonthlyReportFactory(ward=ward_a, month=3)
    MonthlyReportFactory(ward=ward_b, month=3)
    url = reverse("reports:export_csv", args=[2024]) + "?ward=ward-b"
    _header, *rows = _rows(committee_client.get(url).content)
    assert [row[1] for row in rows] == ["ward-b"]


def test_an_empty_year_has_the_header_only_and_bad_years_are_404(reviewer_client):
    rows = _rows(reviewer_client.get(reverse("reports:export_csv", args=[2022])).content)
    assert rows == [monthly_export_header()]  # the baseline year has no monthly reports
    assert reviewer_client.get("/reports/export/2099.csv").status_code == 404  # a future year
    assert reviewer_client.get("/reports/export/1999.csv").status_code == 404


def test_the_list_page_links_the_csv_beside_the_excel(officer_a_client, ward_a):
    html = officer_a_client.get(reverse("reports:list") + "?year=2024").content.decode()
    excel = html.index(reverse("reports:export", args=[2024]))
    assert 0 < html.index(reverse("reports:export_csv", args=[2024])) - excel < 300
