"""Save-and-submit in one transaction, withdrawal, approval notices, notices settled by their
action, deadlines and the figures shown beside each field."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reports.models import (
    MonthlyReport,
    Notification,
    NotificationKind,
    ReportStatus,
    YearlyReport,
)
from reports.selectors import (
    month_due_summary,
    report_comparisons,
    report_deadline,
    reports_waiting_review,
)
from reports.services import (
    ReportError,
    ReportLockedError,
    ReportPermissionError,
    ReportValidationError,
    StaleReportError,
    monthly_report_save,
    monthly_report_save_and_submit,
    notifications_create,
    notifications_mark_read_for_report,
    report_approve,
    report_return,
    report_submit,
    report_url,
    report_withdraw,
    yearly_report_save_and_submit,
)
from reports.tests.factories import (
    MonthlyReportFactory,
    YearlyReportFactory,
    monthly_values,
    yearly_values,
)

pytestmark = pytest.mark.django_db

APRIL = datetime.date(2024, 4, 2)


def _save_and_submit(user, ward, version=0, month=3, today=APRIL, **overrides):
    return monthly_report_save_and_submit(
        user=user,
        ward=ward,
        year=2024,
        month=month,
        values=monthly_values(**overrides),
        version=version,
        today=today,
    )


# --- Save and submit -----------------------------------------------------------------------


def test_save_and_submit_stores_the_figures_and_submits_them(chief_a, ward_a):
    report = _save_and_submit(chief_a, ward_a, criminal_cases=9)
    assert report.status == ReportStatus.SUBMITTED
    assert report.criminal_cases == 9 and report.submitted_by == chief_a
    assert list(report.transitions.values_list("action", flat=True)) == ["submit"]
    reasons = list(report.history.order_by("history_id").values_list("history_change_reason"))
    assert reasons[0] == ("Lưu và gửi duyệt",)


def test_save_and_submit_of_an_existing_draft_submits_the_edit(officer_a, chief_a, ward_a):
    draft = monthly_report_save(
        user=officer_a,
        ward=ward_a,
        year=2024,
        month=3,
        values=monthly_values(criminal_cases=1),
        version=0,
        today=APRIL,
    )
    report = _save_and_submit(chief_a, ward_a, version=draft.version, criminal_cases=14)
    report.refresh_from_db()
    assert (report.status, report.criminal_cases) == (ReportStatus.SUBMITTED, 14)


def test_invalid_figures_save_nothing_and_submit_nothing(officer_a, chief_a, ward_a):
    draft = monthly_report_save(
        user=officer_a,
        ward=ward_a,
        year=2024,
        month=3,
        values=monthly_values(criminal_cases=1),
        version=0,
        today=APRIL,
    )
    with pytest.raises(ReportValidationError):
        _save_and_submit(
            chief_a,
            ward_a,
            version=draft.version,
            criminal_cases=5,
            crime_reports_received=1,
            crime_reports_handled=2,
        )
    draft.refresh_from_db()
    assert (draft.status, draft.criminal_cases) == (ReportStatus.DRAFT, 1)
    assert not draft.transitions.exists()


def test_a_refused_submission_rolls_the_save_back(chief_a, ward_a):
    # The month has not ended: the figures are not kept either.
    with pytest.raises(ReportError, match="chưa kết thúc"):
        _save_and_submit(chief_a, ward_a, today=datetime.date(2024, 3, 15))
    assert not MonthlyReport.objects.exists()


def test_only_the_chief_may_save_and_submit(officer_a, chief_b, ward_a):
    for user in (officer_a, chief_b):
        with pytest.raises(ReportPermissionError):
            _save_and_submit(user, ward_a)
    assert not MonthlyReport.objects.exists()


def test_save_and_submit_with_a_stale_version_changes_nothing(chief_a, ward_a):
    report = MonthlyReportFactory(ward=ward_a, month=3, version=3, criminal_cases=2)
    with pytest.raises(StaleReportError):
        _save_and_submit(chief_a, ward_a, version=2, criminal_cases=8)
    report.refresh_from_db()
    assert (report.status, report.criminal_cases, report.version) == ("draft", 2, 3)


def test_a_repeated_save_and_submit_does_not_submit_twice(chief_a, ward_a):
    _save_and_submit(chief_a, ward_a)
    with pytest.raises(ReportLockedError):
        _save_and_submit(chief_a, ward_a)
    assert MonthlyReport.objects.get().transitions.count() == 1


def test_yearly_save_and_submit(chief_a, ward_a):
    report = yearly_report_save_and_submit(
        user=chief_a,
        ward=ward_a,
        year=2024,
        values=yearly_values(households=1500),
        version=0,
        today=datetime.date(2024, 12, 2),
    )
    assert (report.status, report.households) == (ReportStatus.SUBMITTED, 1500)


# --- Withdrawal ----------------------------------------------------------------------------


def test_chief_withdraws_a_submitted_report_back_to_draft(chief_a, ward_a):
    report = _save_and_submit(chief_a, ward_a)
    withdrawn = report_withdraw(user=chief_a, report=report, version=report.version)
    assert withdrawn.status == ReportStatus.DRAFT
    assert withdrawn.submitted_at is None
    assert withdrawn.first_submitted_at is not None  # lateness still counts the first sending
    transition = withdrawn.transitions.last()
    assert (transition.action, transition.actor) == ("withdraw", chief_a)
    assert (transition.from_status, transition.to_status) == ("submitted", "draft")
    assert withdrawn.history.order_by("-history_id").first().history_change_reason == "Rút lại"
    # It can be corrected and sent again.
    resent = report_submit(user=chief_a, report=withdrawn, today=APRIL)
    assert resent.status == ReportStatus.SUBMITTED


def test_withdrawal_is_for_the_wards_chief(officer_a, chief_b, reviewer, chief_a, ward_a):
    report = _save_and_submit(chief_a, ward_a)
    for user in (officer_a, chief_b, reviewer):
        with pytest.raises(ReportPermissionError):
            report_withdraw(user=user, report=report)
    assert MonthlyReport.objects.get().status == ReportStatus.SUBMITTED


def test_no_withdrawal_once_the_reviewer_has_acted(chief_a, reviewer, ward_a):
    report = _save_and_submit(chief_a, ward_a)
    approved = report_approve(user=reviewer, report=report)
    with pytest.raises(ReportLockedError):
        report_withdraw(user=chief_a, report=approved)
    other = _save_and_submit(chief_a, ward_a, month=2)
    returned = report_return(user=reviewer, report=other, reason="Xem lại")
    with pytest.raises(ReportLockedError):
        report_withdraw(user=chief_a, report=returned)


def test_withdrawal_with_a_stale_version_is_refused(chief_a, ward_a):
    report = _save_and_submit(chief_a, ward_a)
    with pytest.raises(StaleReportError):
        report_withdraw(user=chief_a, report=report, version=report.version - 1)


# --- Notices ------------------------------------------------------------------------------


def test_approval_notifies_the_wards_officer_and_chief(
    officer_a, chief_a, officer_b, reviewer, ward_a
):
    report = _save_and_submit(chief_a, ward_a)
    report_approve(user=reviewer, report=report)
    notices = Notification.objects.filter(kind=NotificationKind.APPROVED)
    assert {n.recipient for n in notices} == {officer_a, chief_a}
    assert all(n.link == report_url(report) and "03/2024" in n.text for n in notices)


def test_submitting_settles_the_reminders_and_return_notices_of_that_report(
    officer_a, chief_a, ward_a
):
    report = MonthlyReportFactory(ward=ward_a, month=3)
    link = report_url(report)
    for kind in (NotificationKind.REMINDER_LATE, NotificationKind.RETURNED):
        notifications_create(recipients=[officer_a, chief_a], kind=kind, text="x", link=link)
    other = notifications_create(
        recipients=[officer_a], kind=NotificationKind.REMINDER_DUE, text="y", link="/elsewhere/"
    )
    report_submit(user=chief_a, report=report, today=APRIL)
    assert not Notification.objects.filter(link=link, is_read=False).exists()
    other[0].refresh_from_db()
    assert not other[0].is_read


def test_opening_settles_only_the_users_notices_of_the_kinds_the_page_answers(
    officer_a, chief_a, ward_a
):
    report = MonthlyReportFactory(ward=ward_a, month=3)
    link = report_url(report)
    returned = notifications_create(
        recipients=[officer_a, chief_a], kind=NotificationKind.RETURNED, text="x", link=link
    )
    reminder = notifications_create(
        recipients=[officer_a], kind=NotificationKind.REMINDER_DUE, text="y", link=link
    )
    assert notifications_mark_read_for_report(report=report, user=officer_a) == 1
    states = {n.pk: n.is_read for n in Notification.objects.all()}
    assert states[returned[0].pk] is True and states[returned[1].pk] is False
    assert states[reminder[0].pk] is False


# --- Deadlines, waiting reports, figures beside each field ---------------------------------


@pytest.mark.parametrize(
    ("today", "days", "overdue"),
    [
        (datetime.date(2024, 3, 31), 5, False),
        (datetime.date(2024, 4, 5), 0, False),
        (datetime.date(2024, 4, 8), -3, True),
    ],
)
def test_deadline_counts_days_left_or_overdue(settings, today, days, overdue):
    settings.REPORT_DUE_DAY = 5
    deadline = report_deadline(year=2024, month=3, first_submitted_at=None, today=today)
    assert deadline.due == datetime.date(2024, 4, 5)
    assert (deadline.days, deadline.overdue) == (days, overdue)
    if overdue:
        assert deadline.days_late == 3


def test_no_deadline_once_the_report_was_sent():
    sent = timezone.now()
    assert report_deadline(year=2024, month=3, first_submitted_at=sent, today=APRIL) is None


def test_waiting_reports_count_matches_the_lists(ward_a, ward_b):
    MonthlyReportFactory(ward=ward_a, month=1, submitted=True)
    MonthlyReportFactory(ward=ward_b, month=1, submitted=True)
    MonthlyReportFactory(ward=ward_b, month=2)
    YearlyReportFactory(ward=ward_a, submitted=True)
    waiting = reports_waiting_review()
    assert waiting["count"] == len(waiting["monthly"]) + len(waiting["yearly"]) == 3


def test_month_due_summary_counts_wards_that_sent(settings, ward_a, ward_b):
    settings.REPORT_DUE_DAY = 5
    MonthlyReportFactory(ward=ward_a, year=2024, month=3, submitted=True)
    summary = month_due_summary(today=datetime.date(2024, 4, 8))
    assert (summary["year"], summary["month"]) == (2024, 3)
    assert summary["totals"]["submitted"] == 1 and summary["missing"] == 1
    assert summary["deadline"].days_late == 3


def test_comparisons_hold_last_month_and_same_month_last_year_in_one_query(ward_a, ward_b):
    MonthlyReportFactory(ward=ward_a, year=2024, month=2, criminal_cases=14)
    MonthlyReportFactory(ward=ward_a, year=2023, month=3, criminal_cases=12)
    MonthlyReportFactory(ward=ward_a, year=2024, month=1, criminal_cases=99)
    MonthlyReportFactory(ward=ward_b, year=2024, month=2, criminal_cases=77)
    with CaptureQueriesContext(connection) as queries:
        found = report_comparisons(model=MonthlyReport, ward=ward_a, year=2024, month=3)
    assert len(queries) == 1
    assert found["previous"]["values"]["criminal_cases"] == 14
    assert found["last_year"]["values"]["criminal_cases"] == 12
    assert (found["previous"]["period"], found["last_year"]["period"]) == ("02/2024", "03/2023")


def test_comparisons_of_january_look_at_last_december(ward_a):
    MonthlyReportFactory(ward=ward_a, year=2023, month=12, criminal_cases=6)
    found = report_comparisons(model=MonthlyReport, ward=ward_a, year=2024, month=1)
    assert found["previous"]["values"]["criminal_cases"] == 6
    assert found["last_year"]["values"] is None


def test_yearly_comparison_is_last_year(ward_a):
    YearlyReportFactory(ward=ward_a, year=2023, households=1900)
    found = report_comparisons(model=YearlyReport, ward=ward_a, year=2024)
    assert found["previous"]["values"]["households"] == 1900
