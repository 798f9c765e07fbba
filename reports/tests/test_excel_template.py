"""The month's Excel template: what a user sees, what they may type, and an out-of-date file."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from reports.excel import (
    FIRST_FIGURE_ROW,
    INSTRUCTIONS_SHEET,
    TEMPLATE_SHEET,
    monthly_template,
)
from reports.models import MonthlyReport
from reports.rules import MAX_COUNT, MONTHLY_FIELDS, label
from reports.tests.factories import MonthlyReportFactory

pytestmark = pytest.mark.django_db

LAST_ROW = FIRST_FIGURE_ROW + len(MONTHLY_FIELDS) - 1


def _workbook(ward, report=None):
    return load_workbook(io.BytesIO(monthly_template(ward=ward, year=2024, month=3, report=report)))


def test_labels_are_visible_and_field_codes_hidden(ward_a):
    ws = _workbook(ward_a)[TEMPLATE_SHEET]
    assert ws.column_dimensions["A"].hidden
    assert not ws.column_dimensions["B"].hidden and not ws.column_dimensions["C"].hidden
    for offset, name in enumerate(MONTHLY_FIELDS):
        row = FIRST_FIGURE_ROW + offset
        assert ws[f"A{row}"].value == name
        assert ws[f"B{row}"].value == label(MonthlyReport, name)
    assert "BÁO CÁO SỐ LIỆU THÁNG 03/2024" in ws["B1"].value


def test_input_cells_accept_whole_numbers_from_zero_only(ward_a):
    ws = _workbook(ward_a)[TEMPLATE_SHEET]
    validations = ws.data_validations.dataValidation
    assert len(validations) == 1
    rule = validations[0]
    assert (rule.type, rule.operator, rule.formula1) == ("whole", "between", "0")
    assert rule.formula2 == str(MAX_COUNT) and rule.showErrorMessage
    assert str(rule.sqref) == f"C{FIRST_FIGURE_ROW}:C{LAST_ROW}"


def test_only_the_input_cells_are_unlocked_and_no_password_is_needed(ward_a):
    ws = _workbook(ward_a)[TEMPLATE_SHEET]
    assert ws.protection.sheet
    assert not ws.protection.password
    for row in range(FIRST_FIGURE_ROW, LAST_ROW + 1):
        assert ws[f"C{row}"].protection.locked is False
        assert ws[f"B{row}"].protection.locked is True
    for row in range(3, 7):  # ward, year, month, version
        assert ws[f"C{row}"].protection.locked is True


def test_instructions_sheet_explains_the_form_and_carries_the_version(ward_a):
    report = MonthlyReportFactory(ward=ward_a, month=3, version=5)
    workbook = _workbook(ward_a, report)
    assert workbook.sheetnames == [TEMPLATE_SHEET, INSTRUCTIONS_SHEET]
    assert workbook.active.title == TEMPLATE_SHEET
    text = " ".join(
        str(row[0]) for row in workbook[INSTRUCTIONS_SHEET].iter_rows(values_only=True) if row[0]
    )
    assert "ô màu vàng" in text and "phiên bản 5" in text
    assert workbook[TEMPLATE_SHEET]["C6"].value == 5


def test_a_filled_template_still_uploads(officer_a_client, ward_a):
    workbook = _workbook(ward_a)
    ws = workbook[TEMPLATE_SHEET]
    ws[f"C{FIRST_FIGURE_ROW + MONTHLY_FIELDS.index('drug_cases')}"] = 3
    buffer = io.BytesIO()
    workbook.save(buffer)
    url = reverse("reports:excel_upload", args=[ward_a.code, 2024, 3])
    response = officer_a_client.post(
        url, {"file": SimpleUploadedFile("bao-cao.xlsx", buffer.getvalue())}
    )
    assert response.status_code == 302
    assert MonthlyReport.objects.get().drug_cases == 3


def test_upload_of_an_out_of_date_template_after_a_web_save(officer_a_client, ward_a):
    """Downloaded at version 1, the report is then saved on the web (version 2): the file is
    not saved, its values fill the form for review, and saving that form goes through."""
    report = MonthlyReportFactory(ward=ward_a, month=3, drug_cases=1)
    workbook = _workbook(ward_a, report)
    MonthlyReport.objects.filter(pk=report.pk).update(version=2, drug_cases=4)
    ws = workbook[TEMPLATE_SHEET]
    ws[f"C{FIRST_FIGURE_ROW + MONTHLY_FIELDS.index('drug_cases')}"] = 6
    buffer = io.BytesIO()
    workbook.save(buffer)
    url = reverse("reports:excel_upload", args=[ward_a.code, 2024, 3])
    response = officer_a_client.post(
        url, {"file": SimpleUploadedFile("bao-cao.xlsx", buffer.getvalue())}
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "báo cáo đã thay đổi sau khi tải mẫu" in body
    assert "tệp mang phiên bản 1, báo cáo nay là phiên bản 2" in body
    assert response.context["review"]["stored"] == {"drug_cases": 4}
    assert MonthlyReport.objects.get().drug_cases == 4
    form = response.context["form"]
    data = {**{k: v for k, v in form.initial.items()}, "action": "save"}
    page = reverse("reports:monthly", args=[ward_a.code, 2024, 3])
    assert officer_a_client.post(page, data).status_code == 302
    assert MonthlyReport.objects.get().drug_cases == 6
