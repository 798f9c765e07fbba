"""The monthly entry page: save-and-submit, withdrawal, the error summary, the filled count,
the figures beside each field, deadlines, the reviewer's inbox and bulk approval."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reports.models import MonthlyReport, Notification, NotificationKind, ReportStatus
from reports.rules import MONTHLY_FIELDS
from reports.selectors import report_due_date
from reports.services import notifications_create, report_url
from reports.tests.factories import MonthlyReportFactory, YearlyReportFactory, monthly_values

pytestmark = pytest.mark.django_db

TOTAL = len(MONTHLY_FIELDS)


def _url(ward, year=2024, month=3):
    return reverse("reports:monthly", args=[ward.code, year, month])


def _post(version=0, action="save", **overrides):
    return {**monthly_values(**overrides), "version": version, "action": action}


def _action(client, report, action, **data):
    url = reverse("reports:action", args=["monthly", report.pk, action])
    return client.post(url, {"version": report.version, **data})


def _messages(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


# --- Save and submit -----------------------------------------------------------------------


def test_chief_saves_and_submits_the_edited_figures_in_one_go(chief_a_client, ward_a):
    report = MonthlyReportFactory(ward=ward_a, month=3, criminal_cases=2)
    response = chief_a_client.post(
        _url(ward_a), _post(version=report.version, action="submit", criminal_cases=14)
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.criminal_cases) == (ReportStatus.SUBMITTED, 14)
    assert "Đã lưu và gửi duyệt báo cáo." in _messages(response)


def test_invalid_save_and_submit_shows_every_error_and_submits_nothing(chief_a_client, ward_a):
    report = MonthlyReportFactory(ward=ward_a, month=3)
    data = _post(
        version=report.version,
        action="submit",
        crime_reports_received=1,
        crime_reports_handled=2,
        criminal_cases="",
    )
    response = chief_a_client.post(_url(ward_a), data)
    assert response.status_code == 200
    body = response.content.decode()
    title = re.search(r"<title>(.*?)</title>", body, re.S).group(1).strip()
    assert title.startswith("Lỗi:"), title
    summary = body[
        body.index('id="error-summary"') : body.index("</ul>", body.index("error-summary"))
    ]
    assert 'href="#id_criminal_cases"' in summary and 'href="#id_crime_reports_handled"' in summary
    assert "Chưa nhập số liệu" in summary and "không được lớn hơn" in summary
    assert len(response.context["errors"]) == 2
    assert 'aria-invalid="true"' in body and "data-unsaved" in body
    assert f"{TOTAL - 1}</strong>/{TOTAL}" in body
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and not report.transitions.exists()


def test_a_second_click_on_save_and_submit_submits_once(chief_a_client, ward_a):
    data = _post(action="submit", criminal_cases=7)
    assert chief_a_client.post(_url(ward_a), data).status_code == 302
    response = chief_a_client.post(_url(ward_a), data)
    assert response.status_code == 302
    assert "Báo cáo đã được gửi duyệt." in _messages(response)
    report = MonthlyReport.objects.get()
    assert report.status == ReportStatus.SUBMITTED and report.transitions.count() == 1


def test_a_later_different_save_on_a_submitted_report_is_refused(chief_a_client, ward_a):
    chief_a_client.post(_url(ward_a), _post(action="submit"))
    response = chief_a_client.post(_url(ward_a), _post(version=2, action="submit", drug_cases=3))
    assert "không sửa được" in " ".join(_messages(response))
    assert MonthlyReport.objects.get().drug_cases == 0


def test_officer_cannot_save_and_submit(officer_a_client, ward_a):
    assert officer_a_client.post(_url(ward_a), _post(action="submit")).status_code == 403
    assert not MonthlyReport.objects.exists()


def test_no_save_and_submit_button_before_the_month_ends(chief_a_client, ward_a):
    today = timezone.localdate()
    body = chief_a_client.get(_url(ward_a, today.year, today.month)).content.decode()
    assert 'value="save"' in body and 'value="submit"' not in body


def test_sticky_bar_counts_filled_figures(officer_a_client, ward_a):
    body = officer_a_client.get(_url(ward_a)).content.decode()
    assert f"data-filled-count>0</strong>/{TOTAL}" in body
    MonthlyReportFactory(ward=ward_a, month=3)
    body = officer_a_client.get(_url(ward_a)).content.decode()
    assert f"data-filled-count>{TOTAL}</strong>/{TOTAL}" in body
    assert "ô đã nhập" in body and "Điền 0 vào các ô còn trống" in body


def test_entry_page_loads_its_script_and_no_inline_code(officer_a_client, ward_a):
    body = officer_a_client.get(_url(ward_a)).content.decode()
    assert '<script src="/static/js/reports.js" defer></script>' in body
    assert 'data-draft-prefix="entry:' in body and "Khôi phục số liệu chưa lưu" in body


# --- Withdrawal ----------------------------------------------------------------------------


def test_chief_withdraws_a_submitted_report(chief_a_client, officer_a_client, ward_a):
    report = MonthlyReportFactory(ward=ward_a, month=3, submitted=True)
    assert "Rút lại" in chief_a_client.get(_url(ward_a)).content.decode()
    assert "/withdraw/" not in officer_a_client.get(_url(ward_a)).content.decode()
    assert _action(officer_a_client, report, "withdraw").status_code == 403
    response = _action(chief_a_client, report, "withdraw")
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    # A second click finds it already withdrawn.
    response = _action(chief_a_client, MonthlyReport.objects.get(pk=report.pk), "withdraw")
    assert "Báo cáo đã được rút lại." in _messages(response)
    assert report.transitions.filter(action="withdraw").count() == 1


def test_no_withdrawal_after_approval(chief_a_client, ward_a):
    report = MonthlyReportFactory(ward=ward_a, month=3, approved=True)
    assert "/withdraw/" not in chief_a_client.get(_url(ward_a)).content.decode()
    response = _action(chief_a_client, report, "withdraw")
    assert "Đã duyệt" in " ".join(_messages(response))
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED


def test_a_second_submit_click_is_not_an_error(chief_a_client, ward_a):
    report = MonthlyReportFactory(ward=ward_a, month=3)
    _action(chief_a_client, report, "submit")
    response = _action(chief_a_client, report, "submit")
    assert "Báo cáo đã được gửi duyệt." in _messages(response)
    assert report.transitions.count() == 1


# --- Context beside each field -------------------------------------------------------------


def _history(ward, months, **values):
    for month in range(1, months + 1):
        MonthlyReportFactory(ward=ward, year=2023, month=month, approved=True, **values)


def test_last_month_and_same_month_last_year_are_shown_beside_each_field(officer_a_client, ward_a):
    MonthlyReportFactory(ward=ward_a, year=2024, month=2, drug_cases=14)
    MonthlyReportFactory(ward=ward_a, year=2023, month=3, drug_cases=12)
    body = officer_a_client.get(_url(ward_a)).content.decode()
    assert "Tháng trước: 14 · cùng kỳ: 12" in body
    assert "tháng trước (02/2024)" in body and "cùng kỳ năm trước (03/2023)" in body


def test_outlier_warning_says_what_it_compared_with(officer_a_client, reviewer_client, ward_a):
    _history(ward_a, 12, drug_cases=1)
    MonthlyReportFactory(ward=ward_a, year=2024, month=2, drug_cases=14)
    officer_a_client.post(_url(ward_a), _post(drug_cases=40))
    assert MonthlyReport.objects.get(year=2024, month=3).outlier_fields == ["drug_cases"]
    body = officer_a_client.get(_url(ward_a)).content.decode()
    assert "(tháng trước: 14 · cùng kỳ: 1 · mức thường gặp: 1)" in body
    assert "Tháng trước (02/2024)" in reviewer_client.get(_url(ward_a)).content.decode()


def test_entry_page_reads_the_comparisons_in_few_queries(officer_a_client, ward_a):
    _history(ward_a, 12, drug_cases=1)
    officer_a_client.post(_url(ward_a), _post(drug_cases=40))
    with CaptureQueriesContext(connection) as queries:
        assert officer_a_client.get(_url(ward_a)).status_code == 200
    report_reads = [q["sql"] for q in queries if 'FROM "reports_monthlyreport"' in q["sql"]]
    # the report itself, last month + same month last year, the approved months' medians
    assert len(report_reads) == 3, report_reads


def test_sections_are_numbered_as_on_the_paper_form(officer_a_client, ward_a):
    body = officer_a_client.get(_url(ward_a)).content.decode()
    assert "I. Vụ việc, vụ án" in body and "VII. Nhân dân và cán bộ" in body


# --- Notices -------------------------------------------------------------------------------


def test_opening_the_returned_report_marks_its_notice_read(
    officer_a_client, officer_a, chief_a, ward_a
):
    report = MonthlyReportFactory(ward=ward_a, month=3, status=ReportStatus.RETURNED)
    mine, chiefs = notifications_create(
        recipients=[officer_a, chief_a],
        kind=NotificationKind.RETURNED,
        text="Bị trả lại",
        link=report_url(report),
    )
    officer_a_client.get(_url(ward_a))
    mine.refresh_from_db()
    chiefs.refresh_from_db()
    assert mine.is_read and not chiefs.is_read


def test_approval_through_the_page_notifies_officer_and_chief(
    reviewer_client, officer_a, chief_a, ward_a
):
    report = MonthlyReportFactory(ward=ward_a, month=3, submitted=True)
    _action(reviewer_client, report, "approve")
    recipients = set(
        Notification.objects.filter(kind=NotificationKind.APPROVED).values_list(
            "recipient__username", flat=True
        )
    )
    assert recipients == {"officer-a", "chief-a"}


# --- Deadlines -----------------------------------------------------------------------------


def test_ward_home_says_how_many_days_are_left(officer_a_client, ward_a):
    today = timezone.localdate()
    days = (report_due_date(today.year, today.month) - today).days
    body = officer_a_client.get(reverse("home")).content.decode()
    assert f"Còn {days} ngày" in body


def test_month_list_and_board_say_how_late_a_missing_report_is(officer_a_client, ward_a):
    MonthlyReportFactory(ward=ward_a, year=2024, month=3)
    late = (timezone.localdate() - report_due_date(2024, 3)).days
    body = officer_a_client.get(reverse("reports:list") + "?year=2024").content.decode()
    assert body.count(f"Quá hạn {late} ngày") >= 2  # the board cell and the list row
    body = officer_a_client.get(reverse("reports:board") + "?year=2024").content.decode()
    assert f"Quá hạn {late} ngày" in body
    assert "Chú giải" in body and "board-legend" in body
    assert 'class="board-icon" aria-hidden="true">✎</span>Bản nháp' in body


# --- The reviewer's inbox and bulk approval -----------------------------------------------


def test_reviewer_home_count_equals_the_waiting_list(reviewer_client, ward_a, ward_b):
    MonthlyReportFactory(ward=ward_a, month=2, submitted=True)
    MonthlyReportFactory(ward=ward_b, month=2, submitted=True)
    YearlyReportFactory(ward=ward_a, submitted=True)
    body = reviewer_client.get(reverse("home")).content.decode()
    assert 'Báo cáo chờ duyệt <span class="badge text-bg-primary">3</span>' in body


def test_review_queue_has_select_all_and_warning_counts(reviewer_client, ward_a):
    MonthlyReportFactory(
        ward=ward_a, month=2, submitted=True, outlier_fields=["drug_cases", "hot_spots"]
    )
    body = reviewer_client.get(reverse("reports:review")).content.decode()
    assert "Chọn tất cả" in body and "data-select-all" in body
    assert "2 số liệu bất thường" in body


def test_bulk_approval_lists_each_reports_warnings_before_confirming(reviewer_client, ward_a):
    flagged = MonthlyReportFactory(
        ward=ward_a, month=2, submitted=True, outlier_fields=["drug_cases", "hot_spots"]
    )
    clean = MonthlyReportFactory(ward=ward_a, month=4, submitted=True)
    response = reviewer_client.post(reverse("reports:review"), {"monthly": [flagged.pk, clean.pk]})
    body = response.content.decode()
    assert response.status_code == 200 and response.context["warnings"] == 2
    assert "2 số liệu bất thường" in body and "Không có" in body
    assert "Xác nhận duyệt 2 báo cáo" in body
    assert set(MonthlyReport.objects.values_list("status", flat=True)) == {"submitted"}


def test_bulk_approval_without_a_selection_says_so(reviewer_client):
    response = reviewer_client.post(reverse("reports:review"), {})
    assert response.status_code == 302
    assert "Chưa chọn báo cáo nào." in _messages(response)
