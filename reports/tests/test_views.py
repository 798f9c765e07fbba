import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.models import MonthlyReport, Notification, ReportStatus, YearlyReport
from reports.selectors import completeness_board
from reports.tests.factories import MonthlyReportFactory, YearlyReportFactory, monthly_values
from wards.models import Ward
from wards.tests.factories import WardFactory

pytestmark = pytest.mark.django_db


def _url(ward, year=2024, month=3):
    return reverse("reports:monthly", args=[ward.code, year, month])


def _post_values(version=0, **overrides):
    return {**monthly_values(**overrides), "version": version}


# --- Entry page ------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login_from_every_report_page(anonymous_client, ward_a):
    report = MonthlyReportFactory(ward=ward_a, month=3)
    urls = [
        reverse("reports:list"),
        reverse("reports:board"),
        reverse("reports:review"),
        reverse("reports:notifications"),
        _url(ward_a),
        reverse("reports:yearly", args=[ward_a.code, 2024]),
        reverse("reports:history", args=["monthly", report.pk]),
        reverse("reports:excel_template", args=[ward_a.code, 2024, 3]),
        reverse("reports:export", args=[2024]),
    ]
    for url in urls:
        response = anonymous_client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login"))


def test_officer_enters_a_monthly_report(officer_a_client, officer_a, ward_a):
    response = officer_a_client.get(_url(ward_a))
    assert response.status_code == 200
    assert 'name="criminal_cases"' in response.content.decode()
    response = officer_a_client.post(_url(ward_a), _post_values(criminal_cases=4))
    assert response.status_code == 302
    report = MonthlyReport.objects.get(ward=ward_a, year=2024, month=3)
    assert report.criminal_cases == 4 and report.updated_by == officer_a
    assert report.history.get().history_user == officer_a


def test_officer_cannot_open_other_ward_report(officer_b_client, ward_a):
    MonthlyReportFactory(ward=ward_a, month=3)
    assert officer_b_client.get(_url(ward_a)).status_code == 404
    assert officer_b_client.post(_url(ward_a), _post_values()).status_code == 404


@pytest.mark.parametrize("role", ["committee", "reviewer", "admin"])
def test_province_roles_read_but_cannot_write_a_wards_figures(role_clients, role, ward_a):
    MonthlyReportFactory(ward=ward_a, month=3, criminal_cases=2)
    client = role_clients[role]
    response = client.get(_url(ward_a))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="criminal_cases"' not in body
    assert "Vụ việc hình sự" in body
    assert client.post(_url(ward_a), _post_values(criminal_cases=9)).status_code == 403
    assert MonthlyReport.objects.get().criminal_cases == 2


def test_form_error_is_shown_next_to_the_field_and_nothing_saved(officer_a_client, ward_a):
    response = officer_a_client.post(_url(ward_a), _post_values(crime_reports_handled=5))
    assert response.status_code == 200
    body = response.content.decode()
    assert "không được lớn hơn" in body
    assert "is-invalid" in body
    assert not MonthlyReport.objects.exists()
    response = officer_a_client.post(_url(ward_a), _post_values(drug_cases=-1))
    assert "Không được là số âm." in response.content.decode()


def test_second_editor_with_stale_version_is_refused_and_keeps_what_they_typed(
    officer_a_client, chief_a_client, ward_a
):
    officer_a_client.post(_url(ward_a), _post_values(version=0, criminal_cases=4))
    officer_a_client.post(_url(ward_a), _post_values(version=1, criminal_cases=5))
    response = chief_a_client.post(_url(ward_a), _post_values(version=1, criminal_cases=777))
    assert response.status_code == 409
    body = response.content.decode()
    assert "người khác thay đổi" in body
    assert 'value="777"' in body
    report = MonthlyReport.objects.get()
    assert (report.criminal_cases, report.version) == (5, 2)


def test_future_month_and_month_before_the_ward_existed_are_404(officer_a_client, ward_a):
    today = datetime.date.today()
    future = today.replace(day=1) + datetime.timedelta(days=40)
    assert officer_a_client.get(_url(ward_a, future.year, future.month)).status_code == 404
    assert officer_a_client.get(_url(ward_a, 2024, 13)).status_code == 404
    Ward.objects.filter(pk=ward_a.pk).update(valid_from=datetime.date(2025, 7, 1))
    assert officer_a_client.get(_url(ward_a, 2025, 6)).status_code == 404
    assert officer_a_client.get(_url(ward_a, 2025, 7)).status_code == 200


def test_approved_report_is_shown_read_only_to_its_ward(officer_a_client, ward_a):
    MonthlyReportFactory(ward=ward_a, month=3, approved=True, criminal_cases=2)
    response = officer_a_client.get(_url(ward_a))
    assert 'name="criminal_cases"' not in response.content.decode()
    response = officer_a_client.post(_url(ward_a), _post_values(version=1, criminal_cases=9))
    assert response.status_code == 302
    assert MonthlyReport.objects.get().criminal_cases == 2


def test_demo_report_shows_the_demo_badge(committee_client, ward_a):
    MonthlyReportFactory(ward=ward_a, month=3, approved=True, is_demo=True)
    assert "dữ liệu mẫu" in committee_client.get(_url(ward_a)).content.decode()
    body = committee_client.get(reverse("reports:list") + "?year=2024").content.decode()
    assert "dữ liệu mẫu" in body


def test_outlier_warning_is_shown_on_the_form_and_to_the_reviewer(
    officer_a_client, reviewer_client, ward_a
):
    for month in range(1, 7):
        MonthlyReportFactory(ward=ward_a, year=2023, month=month, approved=True)
    officer_a_client.post(_url(ward_a), _post_values(criminal_cases=40))
    assert MonthlyReport.objects.get(year=2024).outlier_fields == ["criminal_cases"]
    assert "Khác xa các tháng trước" in officer_a_client.get(_url(ward_a)).content.decode()
    assert "Khác xa các tháng trước" in reviewer_client.get(_url(ward_a)).content.decode()


# --- Actions ---------------------------------------------------------------------------------


def _action(client, report, action, **data):
    url = reverse("reports:action", args=["monthly", report.pk, action])
    return client.post(url, {"version": report.version, **data})


def test_submit_is_for_the_chief_only(officer_a_client, chief_a_client, ward_a):
    report = MonthlyReportFactory(ward=ward_a, month=3)
    assert _action(officer_a_client, report, "submit").status_code == 403
    assert MonthlyReport.objects.get().status == ReportStatus.DRAFT
    assert _action(chief_a_client, report, "submit").status_code == 302
    assert MonthlyReport.objects.get().status == ReportStatus.SUBMITTED


def test_actions_on_other_ward_report_are_404(officer_b_client, ward_a):
    report = MonthlyReportFactory(ward=ward_a, month=3)
    assert _action(officer_b_client, report, "submit").status_code == 404


def test_actions_need_post(chief_a_client, ward_a):
    report = MonthlyReportFactory(ward=ward_a, month=3)
    url = reverse("reports:action", args=["monthly", report.pk, "submit"])
    assert chief_a_client.get(url).status_code == 405


@pytest.mark.parametrize("role", ["committee", "chief_a", "officer_a"])
def test_approve_return_reopen_are_403_for_non_reviewers(role_clients, role, ward_a):
    report = MonthlyReportFactory(ward=ward_a, month=3, submitted=True)
    client = role_clients[role]
    assert _action(client, report, "approve").status_code == 403
    assert _action(client, report, "return", reason="x").status_code == 403
    assert MonthlyReport.objects.get().status == ReportStatus.SUBMITTED


def test_reviewer_returns_with_reason_and_ward_sees_it(
    reviewer_client, officer_a_client, ward_a, officer_a
):
    report = MonthlyReportFactory(ward=ward_a, month=3, submitted=True)
    response = _action(reviewer_client, report, "return", reason="")
    assert response.status_code == 302
    assert MonthlyReport.objects.get().status == ReportStatus.SUBMITTED
    _action(reviewer_client, report, "return", reason="Kiểm tra lại ma túy")
    assert MonthlyReport.objects.get().status == ReportStatus.RETURNED
    home = officer_a_client.get(reverse("home")).content.decode()
    assert "Kiểm tra lại ma túy" in home
    page = officer_a_client.get(_url(ward_a)).content.decode()
    assert "Lý do trả lại" in page and 'name="criminal_cases"' in page


def test_reviewer_approves_then_reopens_with_reason(reviewer_client, ward_a):
    report = MonthlyReportFactory(ward=ward_a, month=3, submitted=True)
    _action(reviewer_client, report, "approve")
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    _action(reviewer_client, report, "reopen", reason="Sửa số liệu thủ tục")
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert report.return_reason == "Sửa số liệu thủ tục"


def test_unknown_action_is_404(reviewer_client, ward_a):
    report = MonthlyReportFactory(ward=ward_a, month=3, submitted=True)
    assert _action(reviewer_client, report, "delete").status_code == 404


# --- History ---------------------------------------------------------------------------------


def test_history_shows_old_and_new_values(officer_a_client, reviewer_client, ward_a):
    officer_a_client.post(_url(ward_a), _post_values(version=0, criminal_cases=4))
    officer_a_client.post(_url(ward_a), _post_values(version=1, criminal_cases=11))
    report = MonthlyReport.objects.get()
    url = reverse("reports:history", args=["monthly", report.pk])
    for client in (reviewer_client, officer_a_client):
        response = client.get(url)
        assert response.status_code == 200
        body = response.content.decode()
        assert "Vụ việc hình sự" in body
        assert "4 → <strong>11</strong>" in body
        assert "officer-a" in body or str(report.updated_by) in body


def test_history_permissions(officer_b_client, committee_client, ward_a):
    report = MonthlyReportFactory(ward=ward_a, month=3)
    url = reverse("reports:history", args=["monthly", report.pk])
    assert officer_b_client.get(url).status_code == 404
    assert committee_client.get(url).status_code == 403


# --- Review queue ----------------------------------------------------------------------------


def test_review_queue_lists_and_bulk_approves(reviewer_client, ward_a, ward_b):
    one = MonthlyReportFactory(ward=ward_a, month=1, submitted=True)
    two = MonthlyReportFactory(ward=ward_b, month=1, submitted=True)
    yearly = YearlyReportFactory(ward=ward_a, submitted=True)
    response = reviewer_client.get(reverse("reports:review"))
    assert response.status_code == 200
    assert len(response.context["monthly"]) == 2 and len(response.context["yearly"]) == 1
    selection = {"monthly": [one.pk, two.pk], "yearly": [yearly.pk]}
    # First the selected reports are listed with their warnings to confirm; nothing approved.
    response = reviewer_client.post(reverse("reports:review"), selection)
    assert response.status_code == 200
    assert response.context["count"] == 3
    assert set(MonthlyReport.objects.values_list("status", flat=True)) == {"submitted"}
    response = reviewer_client.post(reverse("reports:review"), {**selection, "confirm": "1"})
    assert response.status_code == 302
    assert set(MonthlyReport.objects.values_list("status", flat=True)) == {"approved"}
    assert YearlyReport.objects.get().status == "approved"


@pytest.mark.parametrize("role", ["officer_a", "chief_a", "committee"])
def test_review_queue_is_403_for_others(role_clients, role, ward_a):
    report = MonthlyReportFactory(ward=ward_a, month=1, submitted=True)
    assert role_clients[role].get(reverse("reports:review")).status_code == 403
    for data in ({"monthly": [report.pk]}, {"monthly": [report.pk], "confirm": "1"}):
        assert role_clients[role].post(reverse("reports:review"), data).status_code == 403
    assert MonthlyReport.objects.get().status == ReportStatus.SUBMITTED


def test_reviewer_home_lists_reports_waiting(reviewer_client, ward_a):
    MonthlyReportFactory(ward=ward_a, month=2, submitted=True)
    body = reviewer_client.get(reverse("home")).content.decode()
    assert "Báo cáo chờ duyệt" in body and "02/2024" in body


# --- Yearly ----------------------------------------------------------------------------------


def test_yearly_report_entry_and_permissions(
    officer_a_client, officer_b_client, committee_client, ward_a
):
    url = reverse("reports:yearly", args=[ward_a.code, 2024])
    from reports.tests.factories import yearly_values

    response = officer_a_client.post(url, {**yearly_values(), "version": 0})
    assert response.status_code == 302
    assert YearlyReport.objects.get().households == 1000
    assert officer_b_client.get(url).status_code == 404
    assert committee_client.post(url, {**yearly_values(), "version": 1}).status_code == 403
    response = officer_a_client.post(url, {**yearly_values(cultured_households=1001), "version": 1})
    assert "không được lớn hơn" in response.content.decode()


# --- Completeness board ----------------------------------------------------------------------


def test_board_statuses_and_lateness(settings, ward_a):
    settings.REPORT_DUE_DAY = 5
    gone = WardFactory(code="gone", valid_to=datetime.date(2024, 2, 29))
    WardFactory(code="outside", in_programme=False)
    MonthlyReportFactory(ward=ward_a, month=1, approved=True)  # submitted 03/01/2024: on time
    MonthlyReportFactory(
        ward=ward_a,
        month=2,
        status="submitted",
        submitted_at=datetime.datetime(2024, 3, 9, tzinfo=datetime.UTC),
        first_submitted_at=datetime.datetime(2024, 3, 9, tzinfo=datetime.UTC),
    )
    MonthlyReportFactory(ward=ward_a, month=3, status="returned", return_reason="x")
    board = completeness_board(year=2024, today=datetime.date(2024, 5, 10))
    rows = {row.ward.code: row for row in board["rows"]}
    assert set(rows) == {"ward-a", "gone"}
    cells = rows["ward-a"].cells
    assert [c.status for c in cells[:5]] == [
        "approved",
        "submitted",
        "returned",
        "not_started",
        "not_started",
    ]
    assert [c.late for c in cells[:5]] == [False, True, True, True, False]
    assert cells[5].future
    assert [c.expected for c in rows["gone"].cells[:3]] == [True, True, False]
    assert board["totals"][0] == {"expected": 2, "submitted": 1, "approved": 1, "late": 1}
    assert gone.code in rows


def test_board_runs_a_fixed_number_of_queries(committee_client):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert committee_client.get(reverse("reports:board") + "?year=2024").status_code == 200
        return len(ctx)

    ward = WardFactory()
    MonthlyReportFactory(ward=ward, month=1)
    few = count()
    for _ in range(4):
        extra = WardFactory()
        for month in range(1, 4):
            MonthlyReportFactory(ward=extra, month=month, approved=True)
    assert count() == few


def test_board_is_scoped_for_ward_staff(officer_a_client, ward_a, ward_b):
    response = officer_a_client.get(reverse("reports:board") + "?year=2024")
    assert response.status_code == 200
    assert [row.ward for row in response.context["rows"]] == [ward_a]


# --- Notifications and home ------------------------------------------------------------------


def test_ward_home_shows_this_months_report_and_notifications(officer_a_client, officer_a, ward_a):
    Notification.objects.create(recipient=officer_a, kind="reminder_due", text="Nhắc hạn tháng")
    body = officer_a_client.get(reverse("home")).content.decode()
    assert "Nhắc hạn tháng" in body
    assert "Báo cáo tháng" in body


def test_notifications_page_marks_read_only_own(officer_a_client, officer_a, officer_b):
    mine = Notification.objects.create(recipient=officer_a, kind="returned", text="Của tôi")
    theirs = Notification.objects.create(
        recipient=officer_b, kind="returned", text="Của người khác"
    )
    body = officer_a_client.get(reverse("reports:notifications")).content.decode()
    assert "Của tôi" in body and "Của người khác" not in body
    officer_a_client.post(reverse("reports:notifications"), {"id": [mine.pk, theirs.pk]})
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.is_read and not theirs.is_read


def test_a_notification_numbered_past_999_is_marked_read_from_its_button(
    officer_a_client, officer_a
):
    note = Notification.objects.create(
        pk=12345, recipient=officer_a, kind="returned", text="Số thứ tự lớn"
    )
    body = officer_a_client.get(reverse("reports:notifications")).content.decode()
    assert 'name="id" value="12345"' in body  # not "12.345", the number as the page shows it
    officer_a_client.post(reverse("reports:notifications"), {"id": "12345"})
    note.refresh_from_db()
    assert note.is_read


def test_list_page_for_each_role(role_clients, ward_a, ward_b):
    MonthlyReportFactory(ward=ward_a, month=1)
    MonthlyReportFactory(ward=ward_b, month=1)
    assert (
        len(
            role_clients["officer_a"].get(reverse("reports:list") + "?year=2024").context["reports"]
        )
        == 1
    )
    assert (
        len(role_clients["reviewer"].get(reverse("reports:list") + "?year=2024").context["reports"])
        == 2
    )
    assert (
        len(
            role_clients["committee"].get(reverse("reports:list") + "?year=2024").context["reports"]
        )
        == 2
    )


def test_menu_shows_review_to_reviewers_only(officer_a_client, reviewer_client):
    assert "Duyệt báo cáo" in reviewer_client.get(reverse("home")).content.decode()
    assert "Duyệt báo cáo" not in officer_a_client.get(reverse("home")).content.decode()
    assert "Tiến độ báo cáo" in officer_a_client.get(reverse("home")).content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


@pytest.mark.parametrize(
    "url",
    [reverse("reports:list") + "?year=2024", reverse("reports:review"), reverse("home")],
)
def test_report_pages_run_a_fixed_number_of_queries(reviewer_client, url):
    ward = WardFactory()
    MonthlyReportFactory(ward=ward, month=1, submitted=True)
    few = _queries(reviewer_client, url)
    for _ in range(3):
        extra = WardFactory()
        for month in range(1, 4):
            MonthlyReportFactory(ward=extra, month=month, submitted=True)
        YearlyReportFactory(ward=extra, submitted=True)
    assert _queries(reviewer_client, url) == few


def test_admin_shows_reports_read_only(admin_client_user, ward_a):
    report = MonthlyReportFactory(ward=ward_a, month=3)
    url = reverse("admin:reports_monthlyreport_change", args=[report.pk])
    assert admin_client_user.get(url).status_code == 200
    admin_client_user.post(url, {"criminal_cases": 99})
    report.refresh_from_db()
    assert report.criminal_cases == 2


def test_yearly_history_lists_changes(officer_a_client, reviewer_client, ward_a):
    from reports.tests.factories import yearly_values

    url = reverse("reports:yearly", args=[ward_a.code, 2024])
    officer_a_client.post(url, {**yearly_values(), "version": 0})
    officer_a_client.post(url, {**yearly_values(households=1200), "version": 1})
    report = YearlyReport.objects.get()
    body = reviewer_client.get(reverse("reports:history", args=["yearly", report.pk])).content
    assert "1.000 → <strong>1.200</strong>" in body.decode()


def test_reviewer_sees_review_buttons_only_on_submitted_reports(reviewer_client, ward_a):
    MonthlyReportFactory(ward=ward_a, month=3, submitted=True)
    body = reviewer_client.get(_url(ward_a)).content.decode()
    assert "/approve/" in body and "/return/" in body and "/reopen/" not in body
    MonthlyReportFactory(ward=ward_a, month=4, approved=True)
    body = reviewer_client.get(_url(ward_a, month=4)).content.decode()
    assert "/approve/" not in body and "/reopen/" in body


def test_chief_sees_save_and_submit_button_officer_does_not(
    chief_a_client, officer_a_client, ward_a
):
    MonthlyReportFactory(ward=ward_a, month=3)
    button = 'name="action" value="submit"'
    body = chief_a_client.get(_url(ward_a)).content.decode()
    assert button in body and "Lưu và gửi duyệt" in body
    body = officer_a_client.get(_url(ward_a)).content.decode()
    assert button not in body and "Lưu và gửi duyệt" not in body
