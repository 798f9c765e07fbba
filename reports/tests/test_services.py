import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from reports.models import (
    MonthlyReport,
    Notification,
    NotificationKind,
    ReportStatus,
    ReportTransition,
)
from reports.services import (
    ReportError,
    ReportLockedError,
    ReportPermissionError,
    ReportValidationError,
    StaleReportError,
    monthly_report_save,
    report_approve,
    report_reminders_send,
    report_reopen,
    report_return,
    report_submit,
    reports_bulk_approve,
    yearly_report_save,
)
from reports.tests.factories import MonthlyReportFactory, monthly_values, yearly_values
from wards.models import Role
from wards.tests.factories import UserFactory, WardFactory

pytestmark = pytest.mark.django_db


def _save(user, ward, version=None, month=3, **overrides):
    return monthly_report_save(
        user=user,
        ward=ward,
        year=2024,
        month=month,
        values=monthly_values(**overrides),
        version=version,
    )


def test_officer_creates_a_draft_with_an_audit_row(officer_a, ward_a):
    report = _save(officer_a, ward_a)
    assert report.status == ReportStatus.DRAFT
    assert report.version == 1
    assert report.updated_by == officer_a
    record = report.history.get()
    assert record.history_user == officer_a
    assert record.criminal_cases == 2


def test_second_save_bumps_version_and_audits_old_and_new(officer_a, chief_a, ward_a):
    report = _save(officer_a, ward_a)
    report = _save(chief_a, ward_a, version=1, criminal_cases=5)
    assert report.version == 2
    newest, oldest = report.history.order_by("-history_date", "-history_id")[:2]
    delta = newest.diff_against(oldest, included_fields=["criminal_cases"])
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("criminal_cases", 2, 5)]
    assert newest.history_user == chief_a


def test_stale_version_is_refused_and_nothing_is_overwritten(officer_a, chief_a, ward_a):
    _save(officer_a, ward_a)
    _save(officer_a, ward_a, version=1, criminal_cases=7)
    with pytest.raises(StaleReportError) as caught:
        _save(chief_a, ward_a, version=1, criminal_cases=9)
    assert "người khác thay đổi" in caught.value.message
    report = MonthlyReport.objects.get()
    assert (report.criminal_cases, report.version) == (7, 2)
    assert report.history.count() == 2


def test_creating_a_report_that_someone_else_just_created_is_refused(officer_a, ward_a):
    _save(officer_a, ward_a)
    with pytest.raises(StaleReportError):
        _save(officer_a, ward_a, version=None, criminal_cases=9)
    assert MonthlyReport.objects.get().criminal_cases == 2


@pytest.mark.parametrize("who", ["officer_b", "reviewer", "committee", "admin_user"])
def test_only_the_wards_staff_may_enter_its_figures(request, who, ward_a):
    user = request.getfixturevalue(who)
    with pytest.raises(ReportPermissionError):
        _save(user, ward_a)
    assert not MonthlyReport.objects.exists()


def test_bad_figures_are_refused_by_the_service(officer_a, ward_a):
    with pytest.raises(ReportValidationError) as caught:
        _save(officer_a, ward_a, crime_reports_handled=5)
    assert "crime_reports_handled" in caught.value.errors


def test_future_month_and_month_outside_validity_are_refused(officer_a, ward_a):
    with pytest.raises(ReportError):
        monthly_report_save(
            user=officer_a,
            ward=ward_a,
            year=2024,
            month=5,
            values=monthly_values(),
            version=None,
            today=datetime.date(2024, 4, 30),
        )
    ward_a.valid_to = datetime.date(2023, 12, 31)
    ward_a.save()
    with pytest.raises(ReportError):
        _save(officer_a, ward_a)


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("chief_a", True), ("officer_a", False), ("chief_b", False), ("reviewer", False)],
)
def test_submit_by_each_role(request, who, allowed, ward_a):
    report = MonthlyReportFactory(ward=ward_a, month=3)
    user = request.getfixturevalue(who)
    if allowed:
        report = report_submit(user=user, report=report)
        assert report.status == ReportStatus.SUBMITTED
        assert report.submitted_by == user
        assert report.first_submitted_at == report.submitted_at
    else:
        with pytest.raises(ReportPermissionError):
            report_submit(user=user, report=report)
        report.refresh_from_db()
        assert report.status == ReportStatus.DRAFT


def test_submit_before_month_end_is_refused(chief_a, ward_a):
    report = MonthlyReportFactory(ward=ward_a, month=3)
    with pytest.raises(ReportError):
        report_submit(user=chief_a, report=report, today=datetime.date(2024, 3, 30))
    report_submit(user=chief_a, report=report, today=datetime.date(2024, 3, 31))


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("reviewer", True), ("admin_user", True), ("committee", False), ("chief_a", False)],
)
def test_approve_by_each_role(request, who, allowed, ward_a):
    report = MonthlyReportFactory(ward=ward_a, submitted=True)
    user = request.getfixturevalue(who)
    if allowed:
        report = report_approve(user=user, report=report)
        assert report.status == ReportStatus.APPROVED
        assert report.reviewed_by == user and report.approved_at
    else:
        with pytest.raises(ReportPermissionError):
            report_approve(user=user, report=report)
        report.refresh_from_db()
        assert report.status == ReportStatus.SUBMITTED


@pytest.mark.parametrize("who", ["committee", "chief_a", "officer_a"])
def test_return_and_reopen_refused_to_non_reviewers(request, who, ward_a):
    user = request.getfixturevalue(who)
    submitted = MonthlyReportFactory(ward=ward_a, submitted=True)
    approved = MonthlyReportFactory(ward=ward_a, approved=True)
    with pytest.raises(ReportPermissionError):
        report_return(user=user, report=submitted, reason="Sai số")
    with pytest.raises(ReportPermissionError):
        report_reopen(user=user, report=approved, reason="Sai số")


def test_draft_cannot_be_approved_or_returned(reviewer, ward_a):
    report = MonthlyReportFactory(ward=ward_a)
    with pytest.raises(ReportLockedError):
        report_approve(user=reviewer, report=report)
    with pytest.raises(ReportLockedError):
        report_return(user=reviewer, report=report, reason="x")


def test_return_needs_a_reason_and_tells_the_wards_staff(
    reviewer, ward_a, officer_a, chief_a, officer_b
):
    report = MonthlyReportFactory(ward=ward_a, month=3, submitted=True)
    with pytest.raises(ReportValidationError):
        report_return(user=reviewer, report=report, reason="   ")
    report = report_return(user=reviewer, report=report, reason="Thiếu số liệu ma túy")
    assert report.status == ReportStatus.RETURNED
    assert report.return_reason == "Thiếu số liệu ma túy"
    notified = Notification.objects.filter(kind=NotificationKind.RETURNED)
    assert set(notified.values_list("recipient__username", flat=True)) == {"officer-a", "chief-a"}
    assert "Thiếu số liệu ma túy" in notified.first().text
    assert notified.first().link == f"/reports/{ward_a.code}/2024/3/"


def test_returned_report_is_fixed_and_resubmitted_keeping_first_submission(
    reviewer, officer_a, chief_a, ward_a
):
    report = _save(officer_a, ward_a)
    report = report_submit(user=chief_a, report=report)
    first = report.first_submitted_at
    report = report_return(user=reviewer, report=report, reason="Sai")
    report = _save(officer_a, ward_a, version=report.version, criminal_cases=3)
    report = report_submit(user=chief_a, report=report)
    assert report.first_submitted_at == first
    assert report.submitted_at > first
    actions = list(report.transitions.values_list("action", "from_status", "to_status"))
    assert actions == [
        ("submit", "draft", "submitted"),
        ("return", "submitted", "returned"),
        ("submit", "returned", "submitted"),
    ]
    assert ReportTransition.objects.get(action="return").reason == "Sai"


def test_approved_report_is_locked_until_a_reviewer_reopens_it(
    reviewer, officer_a, chief_a, ward_a
):
    report = _save(officer_a, ward_a)
    report = report_submit(user=chief_a, report=report)
    with pytest.raises(ReportLockedError):
        _save(officer_a, ward_a, version=report.version, criminal_cases=8)
    report = report_approve(user=reviewer, report=report)
    with pytest.raises(ReportLockedError):
        _save(officer_a, ward_a, version=report.version, criminal_cases=8)
    with pytest.raises(ReportValidationError):
        report_reopen(user=reviewer, report=report, reason="")
    report = report_reopen(user=reviewer, report=report, reason="Điều chỉnh số liệu")
    assert report.status == ReportStatus.RETURNED and report.approved_at is None
    report = _save(officer_a, ward_a, version=report.version, criminal_cases=8)
    assert report.criminal_cases == 8
    assert Notification.objects.filter(kind=NotificationKind.REOPENED).count() == 2
    reasons = list(report.history.values_list("history_change_reason", flat=True))
    assert any(reason.startswith("Mở lại để sửa: Điều chỉnh") for reason in reasons)


def test_transition_with_stale_version_is_refused(chief_a, ward_a):
    report = MonthlyReportFactory(ward=ward_a, version=3)
    with pytest.raises(StaleReportError):
        report_submit(user=chief_a, report=report, version=2)


def test_bulk_approve_approves_submitted_and_skips_the_rest(reviewer, ward_a, ward_b):
    one = MonthlyReportFactory(ward=ward_a, month=1, submitted=True)
    two = MonthlyReportFactory(ward=ward_b, month=1, submitted=True)
    draft = MonthlyReportFactory(ward=ward_a, month=2)
    counts = reports_bulk_approve(user=reviewer, monthly_ids=[one.pk, two.pk, draft.pk, 99999])
    assert counts == {"approved": 2, "skipped": 2}
    assert set(MonthlyReport.objects.values_list("status", flat=True)) == {"approved", "draft"}
    assert ReportTransition.objects.filter(action="approve").count() == 2


def test_bulk_approve_refused_to_committee(committee, ward_a):
    report = MonthlyReportFactory(ward=ward_a, submitted=True)
    with pytest.raises(ReportPermissionError):
        reports_bulk_approve(user=committee, monthly_ids=[report.pk])


def test_yearly_report_follows_the_same_workflow(officer_a, chief_a, reviewer, ward_a):
    report = yearly_report_save(
        user=officer_a, ward=ward_a, year=2024, values=yearly_values(), version=None
    )
    report = report_submit(user=chief_a, report=report)
    report = report_return(user=reviewer, report=report, reason="Thiếu")
    report = yearly_report_save(
        user=officer_a, ward=ward_a, year=2024, values=yearly_values(), version=report.version
    )
    report = report_approve(user=reviewer, report=report_submit(user=chief_a, report=report))
    assert report.status == ReportStatus.APPROVED
    assert report.transitions.count() == 4
    with pytest.raises(ReportValidationError):
        yearly_report_save(
            user=officer_a,
            ward=ward_a,
            year=2025,
            values=yearly_values(cultured_households=1001),
            version=None,
        )


# --- Outliers --------------------------------------------------------------------------------


def _history(ward, months: int, **values):
    for month in range(1, months + 1):
        MonthlyReportFactory(ward=ward, year=2023, month=month, approved=True, **values)


def test_value_far_above_the_wards_median_is_flagged_not_refused(officer_a, ward_a):
    _history(ward_a, 6, criminal_cases=2)
    report = _save(officer_a, ward_a, criminal_cases=20)
    assert report.outlier_fields == ["criminal_cases"]
    assert report.status == ReportStatus.DRAFT


def test_value_within_range_or_small_rise_is_not_flagged(officer_a, ward_a):
    _history(ward_a, 6, criminal_cases=2)
    assert _save(officer_a, ward_a, criminal_cases=6).outlier_fields == []
    _save(officer_a, ward_a, version=1, criminal_cases=7)
    assert MonthlyReport.objects.get(year=2024, month=3).outlier_fields == []


def test_sharp_fall_of_a_stock_is_flagged(officer_a, ward_a):
    _history(ward_a, 6, drug_addicts=30)
    report = _save(officer_a, ward_a, drug_addicts=5)
    assert report.outlier_fields == ["drug_addicts"]


def test_no_outlier_without_enough_history(officer_a, ward_a):
    _history(ward_a, 5, criminal_cases=2)
    assert _save(officer_a, ward_a, criminal_cases=50).outlier_fields == []


# --- Reminders -------------------------------------------------------------------------------


@pytest.fixture
def march_staff(ward_a, ward_b, officer_a, chief_a, officer_b):
    return ward_a, ward_b


def test_due_reminder_reaches_the_staff_of_wards_not_yet_submitted(settings, march_staff):
    settings.REPORT_DUE_DAY = 5
    _, ward_b = march_staff
    MonthlyReportFactory(ward=ward_b, year=2024, month=3, submitted=True)
    assert report_reminders_send(today=datetime.date(2024, 4, 1)) == {"reminders": 0}
    assert report_reminders_send(today=datetime.date(2024, 4, 2)) == {"reminders": 2}
    reminders = Notification.objects.filter(kind=NotificationKind.REMINDER_DUE)
    assert set(reminders.values_list("recipient__username", flat=True)) == {"officer-a", "chief-a"}
    assert "05/04/2024" in reminders.first().text


def test_reminders_are_never_sent_twice(settings, march_staff):
    settings.REPORT_DUE_DAY = 5
    assert report_reminders_send(today=datetime.date(2024, 4, 3))["reminders"] == 3
    assert report_reminders_send(today=datetime.date(2024, 4, 5))["reminders"] == 0
    assert report_reminders_send(today=datetime.date(2024, 4, 6))["reminders"] == 3
    assert report_reminders_send(today=datetime.date(2024, 4, 7))["reminders"] == 0
    assert Notification.objects.filter(kind=NotificationKind.REMINDER_LATE).count() == 3


def test_no_reminder_for_wards_outside_the_programme_or_not_in_force(settings):
    settings.REPORT_DUE_DAY = 5
    gone = WardFactory(valid_to=datetime.date(2024, 2, 29))
    outside = WardFactory(in_programme=False)
    UserFactory(role=Role.WARD_OFFICER, ward=gone)
    UserFactory(role=Role.WARD_OFFICER, ward=outside)
    assert report_reminders_send(today=datetime.date(2024, 4, 6)) == {"reminders": 0}


def test_reminders_are_emailed_when_an_email_server_is_configured(
    settings, ward_a, django_capture_on_commit_callbacks, eager_celery
):
    settings.EMAIL_HOST = "smtp.example.vn"
    UserFactory(username="mail-officer", role=Role.WARD_OFFICER, ward=ward_a, email="cb@example.vn")
    UserFactory(username="no-mail", role=Role.WARD_CHIEF, ward=ward_a, email="")
    with django_capture_on_commit_callbacks(execute=True):
        report_reminders_send(today=datetime.date(2024, 4, 6))
    assert [m.to for m in mail.outbox] == [["cb@example.vn"]]
    assert "quá hạn" in mail.outbox[0].body


def test_no_email_without_an_email_server(settings, ward_a, django_capture_on_commit_callbacks):
    settings.EMAIL_HOST = ""
    UserFactory(username="mail-officer", role=Role.WARD_OFFICER, ward=ward_a, email="cb@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        report_reminders_send(today=datetime.date(2024, 4, 6))
    assert mail.outbox == []
    assert Notification.objects.count() == 1


def test_reminder_command_and_task_run_the_service(settings, officer_a, capsys, eager_celery):
    settings.REPORT_DUE_DAY = 5
    call_command("send_report_reminders", "--date", "2024-04-06")
    assert "1" in capsys.readouterr().out
    from reports.tasks import send_report_reminders

    first = send_report_reminders.delay().get()["reminders"]
    assert send_report_reminders.delay().get() == {"reminders": 0}
    assert Notification.objects.count() == 1 + first


def test_reminder_task_is_scheduled_daily(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["report-reminders"]
    assert entry["task"] == "reports.tasks.send_report_reminders"


def test_return_is_emailed_to_staff_with_an_address(
    settings, reviewer, ward_a, django_capture_on_commit_callbacks, eager_celery
):
    settings.EMAIL_HOST = "smtp.example.vn"
    UserFactory(username="chief-mail", role=Role.WARD_CHIEF, ward=ward_a, email="tp@example.vn")
    report = MonthlyReportFactory(ward=ward_a, month=3, submitted=True)
    with django_capture_on_commit_callbacks(execute=True):
        report_return(user=reviewer, report=report, reason="Thiếu số liệu")
    assert [m.to for m in mail.outbox] == [["tp@example.vn"]]
    assert "Thiếu số liệu" in mail.outbox[0].body
    assert f"/reports/{ward_a.code}/2024/3/" in mail.outbox[0].body
