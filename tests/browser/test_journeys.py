"""Real-browser journeys through the monthly report workflow (Playwright + Debian chromium)."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from pypdf import PdfReader

from documents.models import DocumentKind, GeneratedDocument
from reports.models import (
    MonthlyReport,
    Notification,
    ReportStatus,
    ReportTransition,
)
from reports.rules import MONTHLY_FIELDS, label

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR, MONTH = 2024, 3
WARD_NAME = "Hoàng Văn Thụ"
RETURN_REASON = "Số tin báo đã giải quyết chưa khớp sổ theo dõi, đề nghị kiểm tra lại."


def _month_path(ward) -> str:
    return f"/reports/{ward.code}/{YEAR}/{MONTH}/"


def _fill_figures(page, **overrides: int) -> None:
    """Fill every figure of the monthly form with 5 (10 procedures received, nothing carried
    over from the previous month), then overrides."""
    nothing_carried = {"crime_reports_carried_over": 0, "procedures_carried_over": 0}
    values = (
        {name: 5 for name in MONTHLY_FIELDS}
        | {"procedures_received": 10}
        | nothing_carried
        | overrides
    )
    for name, value in values.items():
        page.fill(f"#id_{name}", str(value))


def _feedback_next_to(page, name: str) -> str:
    """Return the validation message(s) shown right under a figure's input."""
    return page.locator(f"#id_{name} ~ .invalid-feedback").all_inner_texts()


@pytest.fixture
def journey_world(ward_a, officer_a, chief_a, reviewer, committee):
    """Ward A with its officer and chief, a reviewer and the committee, and the 22 criteria."""
    from criteria.langson import load_criteria

    load_criteria()
    ward_a.name = WARD_NAME
    ward_a.save()
    return {"ward": ward_a}


def test_monthly_report_from_entry_to_scorecard(sign_in, journey_world, eager_celery):
    ward = journey_world["ward"]
    path = _month_path(ward)

    # The officer enters the month with crime reports handled > received and sees why.
    officer = sign_in("officer-a")
    page = officer.open(path)
    _fill_figures(page, crime_reports_received=3, crime_reports_handled=4)
    page.click("form button[type=submit]:has-text('Lưu')")
    errors = _feedback_next_to(page, "crime_reports_handled")
    assert any("không được lớn hơn" in text for text in errors), errors
    assert page.locator(".is-invalid").count() == 1
    officer.screenshot("01-monthly-report-validation")
    assert not MonthlyReport.objects.exists()

    # Fixed, it saves.
    page.fill("#id_crime_reports_handled", "3")
    page.click("form button[type=submit]:has-text('Lưu')")
    assert "Đã lưu báo cáo." in page.inner_text(".alert-success")
    report = MonthlyReport.objects.get(ward=ward, year=YEAR, month=MONTH)
    assert (report.crime_reports_received, report.crime_reports_handled) == (3, 3)
    assert report.status == ReportStatus.DRAFT

    # The chief corrects a figure and presses "Lưu và gửi duyệt": the report goes to the
    # province with the edit (saved and submitted in one step).
    chief = sign_in("chief-a")
    page = chief.open(path)
    page.fill("#id_drug_cases", "7")
    page.click("button:has-text('Lưu và gửi duyệt')")
    assert "Đã lưu và gửi duyệt báo cáo." in page.inner_text(".alert-success")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.drug_cases == 7

    # The reviewer finds it in the queue and returns it with a reason.
    reviewer = sign_in("reviewer")
    page = reviewer.open("/reports/review/")
    reviewer.screenshot("02-review-queue")
    page.click(f"a[href='{path}']")
    page.fill("#id_reason", RETURN_REASON)
    page.click("button:has-text('Trả lại')")
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert report.return_reason == RETURN_REASON

    # The officer sees the notification, opens the report and corrects it.
    page = officer.open("/reports/notifications/")
    officer.screenshot("03-notifications")
    assert RETURN_REASON in page.inner_text("main")
    assert Notification.objects.filter(recipient__username="officer-a").exists()
    page = officer.open(path)
    assert RETURN_REASON in page.inner_text(".alert-warning")
    page.fill("#id_crime_reports_received", "4")
    page.fill("#id_crime_reports_handled", "4")
    page.click("form button[type=submit]:has-text('Lưu')")
    assert "Đã lưu báo cáo." in page.inner_text(".alert-success")

    # The chief resubmits; the reviewer approves.
    page = chief.open(path)
    page.click("button:has-text('Lưu và gửi duyệt')")
    assert "Đã lưu và gửi duyệt báo cáo." in page.inner_text(".alert-success")
    page = reviewer.open(path)
    page.click("button:has-text('Duyệt')")
    assert "Đã duyệt báo cáo." in page.inner_text(".alert-success")
    reviewer.screenshot("04-monthly-report-approved")
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    assert (report.crime_reports_received, report.crime_reports_handled) == (4, 4)
    assert report.drug_cases == 7
    actions = list(report.transitions.order_by("created_at").values_list("action", flat=True))
    assert actions == ["submit", "return", "submit", "approve"]
    assert ReportTransition.objects.filter(monthly_report=report, reason=RETURN_REASON).exists()

    # The reviewer scores the year and reads the ward's scorecard.
    page = reviewer.open(f"/criteria/{YEAR}/")
    page.click("button:has-text('Đánh giá ngay')")
    assert "Đã nhận yêu cầu đánh giá tiêu chí" in page.inner_text(".alert-success")
    page = reviewer.open(f"/criteria/{YEAR}/")
    assert page.locator("tr.job-done").count() == 1
    reviewer.screenshot("05-criteria-matrix")
    page.click(f"a:has-text('{ward.name}')")
    assert re.search(r"/criteria/\d{4}/" + ward.code + "/$", page.url)
    body = page.inner_text("main")
    assert "22" in body
    reviewer.screenshot("06-scorecard")
    from criteria.models import Scorecard

    scorecard = Scorecard.objects.get(ward=ward, year=YEAR)
    assert scorecard.in_force_count == 22

    # The steering committee reads the dashboard, then asks for the year's progress report (PDF)
    # and workbook (Excel), downloads both and the files hold the scored figures.
    committee = sign_in("committee")
    page = committee.open(f"/reports/dashboard/?nam={YEAR}")
    assert ward.name in page.inner_text("main")
    committee.screenshot("08-province-dashboard")
    pdf = _request_and_download(committee, DocumentKind.PROGRESS_REPORT_PDF)
    assert pdf.suggested_filename.endswith(".pdf")
    text = _pdf_text(pdf.path().read_bytes())
    assert ward.display_name in text, text[:500]
    assert f"{ward.display_name} {scorecard.met_count}/{scorecard.in_force_count}" in text
    workbook_download = _request_and_download(committee, DocumentKind.YEAR_WORKBOOK_XLSX)
    assert workbook_download.suggested_filename.endswith(".xlsx")
    committee.screenshot("09-documents")
    workbook = openpyxl.load_workbook(io.BytesIO(workbook_download.path().read_bytes()))
    scores = {row[0]: row for row in workbook["Kết quả đánh giá"].iter_rows(values_only=True)}
    assert scores[ward.display_name][1:6] == (
        YEAR,
        scorecard.met_count,
        scorecard.not_met_count,
        scorecard.not_assessable_count,
        scorecard.in_force_count,
    )
    months = workbook["Số liệu tháng"]
    header = [cell.value for cell in months[1]]
    rows = [row for row in months.iter_rows(min_row=2, values_only=True) if row[1] == MONTH]
    assert len(rows) == 1 and rows[0][0] == ward.display_name
    saved = dict(zip(header, rows[0], strict=True))
    for name in MONTHLY_FIELDS:
        assert saved[str(label(MonthlyReport, name))] == getattr(report, name), name
    assert saved[str(label(MonthlyReport, "crime_reports_received"))] == 4
    documents = GeneratedDocument.objects.filter(requested_by__username="committee")
    assert sorted(documents.values_list("state", flat=True)) == ["done", "done"]


def _pdf_text(content: bytes) -> str:
    """Return a PDF's text with line breaks (table cells wrap) turned into single spaces."""
    pages = PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


def _request_and_download(actor, kind: DocumentKind):
    """Ask for a province document of YEAR on the documents page and download it when done."""
    page = actor.open("/reports/documents/")
    page.select_option("#id_kind", kind.value)
    page.select_option("#id_year", str(YEAR))
    page.select_option("#id_ward", "")
    page.click("button:has-text('Tạo báo cáo')")
    assert "Đã nhận yêu cầu, tài liệu đang được tạo" in page.inner_text(".alert-success")
    row = page.locator("#documents tbody tr", has_text=str(kind.label)).first
    with page.expect_download() as download_info:
        row.locator("a:has-text('Tải về')").click()
    return download_info.value


def test_excel_upload_with_an_error_names_the_cell_and_saves_nothing(sign_in, ward_a, officer_a):
    officer = sign_in("officer-a")
    page = officer.open(_month_path(ward_a))
    with page.expect_download() as download_info:
        page.click("a:has-text('Tải mẫu Excel')")
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(download.path().read_bytes()))
    sheet = workbook["BaoCaoThang"]
    rows = {sheet[f"A{row}"].value: row for row in range(9, 9 + len(MONTHLY_FIELDS))}
    for name, row in rows.items():
        sheet[f"C{row}"] = 4 if name == "procedures_received" else 2
    bad_row = rows["drug_cases"]
    sheet[f"C{bad_row}"] = "mười"
    buffer = io.BytesIO()
    workbook.save(buffer)

    page.set_input_files(
        "input[type=file][name=file]",
        files=[
            {
                "name": "bao-cao.xlsx",
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": buffer.getvalue(),
            }
        ],
    )
    page.click("button:has-text('Tải lên')")
    errors = page.locator(".list-group-item-danger").all_inner_texts()
    officer.screenshot("07-excel-upload-error")
    assert len(errors) == 1, errors
    assert "BaoCaoThang" in errors[0] and f"ô C{bad_row}" in errors[0], errors
    assert "Nhập số nguyên, dấu chấm ngăn cách hàng nghìn" in errors[0]
    assert not MonthlyReport.objects.exists()
