"""The monthly entry page in a real browser: nothing typed is lost, errors are found at once,
a double click sends once, and the reviewer ticks every report with one box."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from reports.models import MonthlyReport, ReportStatus
from reports.rules import MONTHLY_FIELDS
from reports.tests.factories import MonthlyReportFactory
from tests.browser.conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR, MONTH = 2024, 3
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
TOTAL = len(MONTHLY_FIELDS)


def _path(ward) -> str:
    return f"/reports/{ward.code}/{YEAR}/{MONTH}/"


def _record_dialogs(page) -> list[str]:
    """Accept every dialog (the "leave this page?" question included) and note its type."""
    seen: list[str] = []

    def accept(dialog):
        seen.append(dialog.type)
        dialog.accept()

    page.on("dialog", accept)
    return seen


def test_unsaved_input_asks_before_leaving_and_is_offered_back(sign_in, ward_a, officer_a):
    officer = sign_in("officer-a")
    page = officer.open(_path(ward_a))
    assert page.inner_text("[data-filled-count]") == "0"
    page.fill("#id_criminal_cases", "12")
    page.fill("#id_drug_cases", "3")
    assert page.inner_text("[data-filled-count]") == "2"
    dialogs = _record_dialogs(page)

    # Leaving asks first; the typed values come back after the reload.
    page.reload()
    assert "beforeunload" in dialogs
    banner = page.locator("[data-draft-banner]")
    banner.wait_for(state="visible")
    assert page.input_value("#id_criminal_cases") == ""
    page.click("button:has-text('Khôi phục số liệu chưa lưu')")
    assert page.input_value("#id_criminal_cases") == "12"
    assert page.input_value("#id_drug_cases") == "3"
    assert not banner.is_visible()

    # "Điền 0" fills the rest; saving keeps the restored values and clears the draft.
    page.click("button:has-text('Điền 0 vào các ô còn trống')")
    assert page.inner_text("[data-filled-count]") == str(TOTAL)
    page.fill("#id_procedures_received", "0")
    page.click("form[data-entry-form] button[value=save]")
    assert "Đã lưu báo cáo." in page.inner_text(".alert-success")
    report = MonthlyReport.objects.get(ward=ward_a, year=YEAR, month=MONTH)
    assert (report.criminal_cases, report.drug_cases) == (12, 3)
    page.reload()
    assert not page.locator("[data-draft-banner]").is_visible()
    stored = page.evaluate("Object.keys(window.localStorage).filter(k => k.startsWith('entry:'))")
    assert stored == [], stored


def test_a_number_typed_with_thousands_dots_is_stored_whole_and_shown_back_grouped(
    sign_in, ward_a, officer_a
):
    officer = sign_in("officer-a")
    page = officer.open(_path(ward_a))
    page.click("button:has-text('Điền 0 vào các ô còn trống')")
    page.fill("#id_crime_reports_received", "1.234")
    page.fill("#id_crime_reports_handled", "1234")
    page.click("form[data-entry-form] button[value=save]")

    assert "Đã lưu báo cáo." in page.inner_text(".alert-success")
    report = MonthlyReport.objects.get(ward=ward_a, year=YEAR, month=MONTH)
    assert (report.crime_reports_received, report.crime_reports_handled) == (1234, 1234)
    assert page.input_value("#id_crime_reports_received") == "1.234"

    # "1,5" in a whole-number field: refused, with how to type it.
    page.fill("#id_drug_cases", "1,5")
    page.click("form[data-entry-form] button[value=save]")
    assert page.title().startswith("Lỗi:")
    assert MonthlyReport.objects.get(pk=report.pk).drug_cases == 0  # nothing stored
    assert "số nguyên" in page.inner_text("#error-summary").lower()


def test_failed_save_lands_on_the_error_summary(sign_in, ward_a, officer_a):
    officer = sign_in("officer-a")
    page = officer.open(_path(ward_a))
    page.click("button:has-text('Điền 0 vào các ô còn trống')")
    page.fill("#id_crime_reports_received", "1")
    page.fill("#id_crime_reports_handled", "2")
    page.fill("#id_drug_cases", "")
    page.click("form[data-entry-form] button[value=save]")
    assert page.title().startswith("Lỗi:"), page.title()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    links = page.locator("#error-summary a")
    assert links.count() == 2
    # A viewport shot (the summary at the top, the sticky bar at the bottom) for the README.
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "22-monthly-report-error-summary.png"))
    page.click("#error-summary a[href='#id_crime_reports_handled']")
    assert page.evaluate("document.activeElement.id") == "id_crime_reports_handled"
    assert page.inner_text("[data-filled-count]") == str(TOTAL - 1)
    assert not MonthlyReport.objects.exists()


def test_on_a_phone_a_failed_save_lands_on_the_error_summary_in_view(sign_in, ward_a, officer_a):
    officer = sign_in("officer-a", **PHONE)
    page = officer.open(_path(ward_a))
    page.click("button:has-text('Điền 0 vào các ô còn trống')")
    page.fill("#id_crime_reports_received", "1")
    page.fill("#id_crime_reports_handled", "2")
    page.locator("form[data-entry-form] button[value=save]").first.click()

    assert page.title().startswith("Lỗi:"), page.title()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    # The summary is on screen (not 4,000 px further down the form) and the page does not
    # scroll sideways.
    box = page.locator("#error-summary").bounding_box()
    assert box is not None and 0 <= box["y"] < PHONE["viewport"]["height"], box
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.locator("#error-summary a[href='#id_crime_reports_handled']").count() == 1
    officer.screenshot("phone-monthly-report-error-summary", full_page=False)

    page.tap("#error-summary a[href='#id_crime_reports_handled']")
    assert page.evaluate("document.activeElement.id") == "id_crime_reports_handled"
    # scrolled to (smoothly: the assertion waits for it to arrive on screen)
    expect(page.locator("#id_crime_reports_handled")).to_be_in_viewport()
    assert not MonthlyReport.objects.exists()


def test_double_click_submits_once_and_the_chief_can_withdraw(sign_in, ward_a, chief_a):
    MonthlyReportFactory(ward=ward_a, year=YEAR, month=MONTH)
    chief = sign_in("chief-a")
    page = chief.open(_path(ward_a))
    page.fill("#id_drug_cases", "5")
    page.dblclick("button:has-text('Lưu và gửi duyệt')")
    page.wait_for_selector(".alert-success")
    report = MonthlyReport.objects.get()
    assert (report.status, report.drug_cases) == (ReportStatus.SUBMITTED, 5)
    assert report.transitions.count() == 1

    page.click("button:has-text('Rút lại')")
    assert "Đã rút lại báo cáo" in page.inner_text(".alert-success")
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert page.locator("#id_drug_cases").is_editable()


def test_reviewer_selects_all_and_confirms_after_seeing_the_warnings(
    sign_in, ward_a, ward_b, reviewer
):
    MonthlyReportFactory(
        ward=ward_a, year=YEAR, month=2, submitted=True, outlier_fields=["drug_cases"]
    )
    MonthlyReportFactory(ward=ward_b, year=YEAR, month=2, submitted=True)
    actor = sign_in("reviewer")
    page = actor.open("/reports/review/")
    page.check("#select-all")
    assert page.locator("input[data-selectable]:checked").count() == 2
    page.click("button:has-text('Duyệt các báo cáo đã chọn')")
    assert "1 số liệu bất thường" in page.inner_text("main")
    assert not MonthlyReport.objects.filter(status=ReportStatus.APPROVED).exists()
    page.click("button:has-text('Xác nhận duyệt 2 báo cáo')")
    assert "Đã duyệt 2 báo cáo" in page.inner_text(".alert-success")
    assert set(MonthlyReport.objects.values_list("status", flat=True)) == {"approved"}


def test_carry_over_starts_from_last_months_closing_and_warns_when_changed(
    sign_in, ward_a, officer_a
):
    # February: 4 received + 1 carried over − 3 handled → 2 still open at the month's end.
    MonthlyReportFactory(
        ward=ward_a,
        year=YEAR,
        month=MONTH - 1,
        crime_reports_carried_over=1,
        crime_reports_received=4,
        crime_reports_handled=3,
    )
    officer = sign_in("officer-a")
    page = officer.open(_path(ward_a))
    assert page.input_value("#id_crime_reports_carried_over") == "2"
    warning = page.locator("#id_crime_reports_carried_over_carry [data-carry-warning]")
    assert not warning.is_visible()
    page.fill("#id_crime_reports_carried_over", "5")
    assert warning.is_visible()
    assert "(2): đang nhập 5" in warning.inner_text()
    closing = page.locator("#id_crime_reports_carried_over_carry [data-carry-closing]")
    assert closing.inner_text() == "—"  # nothing received or handled typed yet
    page.fill("#id_crime_reports_received", "4")
    page.fill("#id_crime_reports_handled", "3")
    assert closing.inner_text() == "6"  # 4 received + 5 carried over − 3 handled
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate(
        "document.getElementById('id_crime_reports_carried_over').scrollIntoView({block: 'center'})"
    )
    page.screenshot(path=str(SCREENSHOTS / "23-monthly-report-carry-over.png"))
    page.fill("#id_crime_reports_carried_over", "2")
    assert not warning.is_visible()
