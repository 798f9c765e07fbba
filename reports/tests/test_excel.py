import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from reports.excel import FIRST_FIGURE_ROW, TEMPLATE_SHEET, monthly_template
from reports.models import MonthlyReport
from reports.rules import MONTHLY_FIELDS
from reports.tests.factories import MonthlyReportFactory, monthly_values

pytestmark = pytest.mark.django_db


def _row(name: str) -> int:
    return FIRST_FIGURE_ROW + MONTHLY_FIELDS.index(name)


def _template(ward, month=3, report=None, **changes) -> bytes:
    data = monthly_template(ward=ward, year=2024, month=month, report=report)
    workbook = load_workbook(io.BytesIO(data))
    ws = workbook[TEMPLATE_SHEET]
    for coordinate, value in changes.items():
        ws[coordinate] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _upload(client, ward, data: bytes, name="bao-cao.xlsx", month=3):
    url = reverse("reports:excel_upload", args=[ward.code, 2024, month])
    return client.post(url, {"file": SimpleUploadedFile(name, data)})


def test_template_download_is_prefilled(officer_a_client, ward_a):
    MonthlyReportFactory(ward=ward_a, month=3, criminal_cases=7)
    response = officer_a_client.get(reverse("reports:excel_template", args=[ward_a.code, 2024, 3]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content))[TEMPLATE_SHEET]
    assert ws["C3"].value == ward_a.code and ws["C4"].value == 2024 and ws["C5"].value == 3
    assert ws["C6"].value == 1
    assert ws[f"A{_row('criminal_cases')}"].value == "criminal_cases"
    assert ws[f"C{_row('criminal_cases')}"].value == 7


def test_template_of_other_ward_is_404(officer_b_client, ward_a):
    url = reverse("reports:excel_template", args=[ward_a.code, 2024, 3])
    assert officer_b_client.get(url).status_code == 404


def test_good_file_is_imported(officer_a_client, officer_a, ward_a):
    values = monthly_values(criminal_cases=6, drug_cases=3)
    changes = {f"C{_row(name)}": value for name, value in values.items()}
    response = _upload(officer_a_client, ward_a, _template(ward_a, **changes))
    assert response.status_code == 302
    report = MonthlyReport.objects.get(ward=ward_a, year=2024, month=3)
    assert (report.criminal_cases, report.drug_cases, report.procedures_received) == (6, 3, 100)
    assert report.history.get().history_change_reason == "Nhập từ tệp Excel"


def test_file_with_errors_saves_nothing_and_names_every_cell(officer_a_client, ward_a):
    report = MonthlyReportFactory(ward=ward_a, month=3, criminal_cases=1)
    changes = {
        f"C{_row('drug_cases')}": -2,
        f"C{_row('criminal_cases')}": "nhiều",
        f"C{_row('crime_reports_handled')}": 9,  # more than the 4 received
        f"C{_row('criminal_cases') + 0}": "nhiều",
    }
    response = _upload(officer_a_client, ward_a, _template(ward_a, report=report, **changes))
    assert response.status_code == 400
    body = response.content.decode()
    assert f"Trang “{TEMPLATE_SHEET}”, ô C{_row('drug_cases')}" in body
    assert f"ô C{_row('criminal_cases')}" in body
    assert f"ô C{_row('crime_reports_handled')}" in body
    assert "Không được là số âm." in body
    report.refresh_from_db()
    assert (report.criminal_cases, report.drug_cases, report.version) == (1, 0, 1)


def test_file_for_another_month_is_refused(officer_a_client, ward_a):
    response = _upload(officer_a_client, ward_a, _template(ward_a, month=2), month=3)
    assert response.status_code == 400
    assert "ô C5" in response.content.decode()
    assert not MonthlyReport.objects.exists()


def test_stale_file_is_refused_and_its_values_are_shown_for_review(officer_a_client, ward_a):
    report = MonthlyReportFactory(ward=ward_a, month=3, version=4, criminal_cases=2)
    data = _template(ward_a, report=report, C6=3, **{f"C{_row('criminal_cases')}": 9})
    response = _upload(officer_a_client, ward_a, data)
    assert response.status_code == 409
    body = response.content.decode()
    assert "báo cáo đã thay đổi sau khi tải mẫu" in body
    assert "người khác" not in body
    # The file's figures fill the form (unsaved, version of the stored report), the stored
    # value is shown beside the changed field, and leaving the page asks first.
    form = response.context["form"]
    assert form.initial["criminal_cases"] == 9 and form.initial["version"] == 4
    assert 'value="9"' in body and "Khác bản đang lưu: 2" in body
    assert "data-unsaved" in body
    report.refresh_from_db()
    assert (report.version, report.criminal_cases) == (4, 2)


def test_stale_file_for_a_submitted_report_is_refused_with_the_reason(officer_a_client, ward_a):
    report = MonthlyReportFactory(ward=ward_a, month=3, version=4, submitted=True)
    response = _upload(officer_a_client, ward_a, _template(ward_a, report=report, C6=3))
    assert response.status_code == 400
    assert "đã gửi duyệt" in response.content.decode()


def test_corrupt_xlsx_gets_a_clear_error(officer_a_client, ward_a):
    response = _upload(officer_a_client, ward_a, b"PK\x03\x04" + b"\x00garbage" * 100)
    assert response.status_code == 400
    assert "bị hỏng" in response.content.decode()
    assert not MonthlyReport.objects.exists()


def test_non_xlsx_file_gets_a_clear_error(officer_a_client, ward_a):
    response = _upload(officer_a_client, ward_a, b"ward,year\nx,2024\n", name="bao-cao.csv")
    assert response.status_code == 400
    assert "không phải định dạng Excel .xlsx" in response.content.decode()


def test_xlsx_without_the_template_sheet_is_refused(officer_a_client, ward_a):
    buffer = io.BytesIO()
    Workbook().save(buffer)
    response = _upload(officer_a_client, ward_a, buffer.getvalue())
    assert response.status_code == 400
    assert TEMPLATE_SHEET in response.content.decode()


def test_oversized_file_is_refused(settings, officer_a_client, ward_a):
    settings.MAX_UPLOAD_BYTES = 1024
    response = _upload(officer_a_client, ward_a, _template(ward_a))
    assert response.status_code == 400
    assert "Tệp quá lớn" in response.content.decode()
    assert not MonthlyReport.objects.exists()


def test_upload_permissions(committee_client, reviewer_client, officer_b_client, ward_a):
    data = _template(ward_a)
    assert _upload(committee_client, ward_a, data).status_code == 403
    assert _upload(reviewer_client, ward_a, data).status_code == 403
    assert _upload(officer_b_client, ward_a, data).status_code == 404
    assert not MonthlyReport.objects.exists()


def test_upload_into_an_approved_report_is_refused(officer_a_client, ward_a):
    report = MonthlyReportFactory(ward=ward_a, month=3, approved=True)
    response = _upload(officer_a_client, ward_a, _template(ward_a, report=report))
    assert response.status_code == 400
    assert "không sửa được" in response.content.decode()


def test_export_has_numeric_cells_and_no_formulas(reviewer_client, ward_a, ward_b):
    MonthlyReportFactory(
        ward=ward_a,
        month=3,
        status="returned",
        return_reason='=HYPERLINK("http://x","bấm")',
        criminal_cases=5,
    )
    MonthlyReportFactory(ward=ward_b, month=3, return_reason="@SUM(A1)")
    response = reviewer_client.get(reverse("reports:export", args=[2024]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    ws = workbook["BaoCaoThang"]
    header = [cell.value for cell in ws[1]]
    rows = [
        dict(zip(header, [cell for cell in row], strict=True)) for row in ws.iter_rows(min_row=2)
    ]
    assert len(rows) == 2
    by_code = {row["Mã phường"].value: row for row in rows}
    a = by_code["ward-a"]
    assert a["Vụ việc hình sự"].value == 5 and a["Vụ việc hình sự"].data_type == "n"
    assert a["Lý do trả lại"].value.startswith("=HYPERLINK")
    assert a["Lý do trả lại"].data_type == "s"
    assert by_code["ward-b"]["Lý do trả lại"].data_type == "s"
    assert "BaoCaoNam" in workbook.sheetnames


def test_export_for_ward_staff_holds_only_their_ward(officer_a_client, ward_a, ward_b):
    MonthlyReportFactory(ward=ward_a, month=3)
    MonthlyReportFactory(ward=ward_b, month=3)
    response = officer_a_client.get(reverse("reports:export", args=[2024]))
    ws = load_workbook(io.BytesIO(response.content))["BaoCaoThang"]
    codes = [row[1].value for row in ws.iter_rows(min_row=2)]
    assert codes == ["ward-a"]
    url = reverse("reports:export", args=[2024]) + "?ward=ward-b"
    assert officer_a_client.get(url).status_code == 404
