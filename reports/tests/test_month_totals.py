"""The province's monthly totals follow every approval and reopening, and a rebuild after a
bulk load gives the same figures as the reports."""

import datetime
import threading

import pytest
from django.db import connections
from django.db.models import Sum

from reports.demo import approved_report
from reports.models import TOTALLED_FIELDS, MonthlyReport, MonthTotals, ReportStatus
from reports.services import (
    monthly_report_save_and_submit,
    report_approve,
    report_reopen,
)
from reports.tests.factories import MonthlyReportFactory, monthly_values
from reports.totals import month_totals, month_totals_rebuild
from wards.models import Role
from wards.tests.factories import UserFactory, WardFactory

APRIL = datetime.date(2024, 4, 10)


def _submitted(chief, ward, **figures):
    return monthly_report_save_and_submit(
        user=chief,
        ward=ward,
        year=2024,
        month=3,
        values=monthly_values(**figures),
        version=0,
        today=APRIL,
    )


def test_approving_a_report_adds_it_to_its_months_totals(
    chief_a, chief_b, reviewer, ward_a, ward_b
):
    report_approve(user=reviewer, report=_submitted(chief_a, ward_a, criminal_cases=3))
    assert month_totals(years=[2024])[2024, 3]["criminal_cases"] == 3
    submitted_b = _submitted(chief_b, ward_b, criminal_cases=4, drug_cases=2)
    assert month_totals(years=[2024])[2024, 3]["criminal_cases"] == 3  # not approved yet
    report_approve(user=reviewer, report=submitted_b)
    row = MonthTotals.objects.get(year=2024, month=3)
    assert (row.approved_reports, row.criminal_cases, row.drug_cases) == (2, 7, 2)


def test_reopening_an_approved_report_takes_it_out_of_the_totals(chief_a, reviewer, ward_a):
    approved = report_approve(user=reviewer, report=_submitted(chief_a, ward_a, criminal_cases=5))
    report_reopen(user=reviewer, report=approved, reason="Sai số liệu")
    assert MonthTotals.objects.get(year=2024, month=3).approved_reports == 0
    assert month_totals(years=[2024]) == {}


def test_a_rebuild_after_a_bulk_load_matches_the_approved_reports(db):
    wards = [WardFactory(), WardFactory()]
    at = datetime.datetime(2024, 2, 3, 9, 0, tzinfo=datetime.UTC)
    MonthlyReport.objects.bulk_create(
        [
            approved_report(
                MonthlyReport, submitted_at=at, ward=ward, year=2024, month=month, **figures
            )
            for ward in wards
            for month in (1, 2)
            for figures in [monthly_values(criminal_cases=month + ward.pk, drug_cases=1)]
        ]
    )
    MonthlyReportFactory(ward=wards[0], year=2024, month=3, status=ReportStatus.DRAFT)
    assert month_totals_rebuild() == 2
    expected = {
        (row["year"], row["month"]): row
        for row in MonthlyReport.objects.filter(status=ReportStatus.APPROVED)
        .values("year", "month")
        .annotate(**{name: Sum(name) for name in TOTALLED_FIELDS})
        .order_by()
    }
    assert month_totals(years=[2024]) == expected
    assert MonthTotals.objects.get(year=2024, month=1).approved_reports == 2


def test_completeness_totals_counted_by_the_database_match_the_board(db, settings):
    """Sent on time, sent late, approved, never sent, a draft, a ward that had ended and one
    outside the programme: the database's totals equal those of every ward's cells."""
    from reports.selectors import completeness_month, completeness_month_totals

    due = datetime.date(2024, 4, settings.REPORT_DUE_DAY)
    on_time = datetime.datetime(2024, 4, 2, 9, 0, tzinfo=datetime.UTC)
    late = datetime.datetime.combine(due + datetime.timedelta(days=3), datetime.time(9, 0))
    late = late.replace(tzinfo=datetime.UTC)
    wards = [WardFactory() for _ in range(6)]
    WardFactory(in_programme=False)
    WardFactory(valid_to=datetime.date(2024, 2, 28))
    for ward, status, sent in (
        (wards[0], ReportStatus.APPROVED, on_time),
        (wards[1], ReportStatus.SUBMITTED, late),
        (wards[2], ReportStatus.RETURNED, on_time),
        (wards[3], ReportStatus.DRAFT, None),
    ):
        MonthlyReportFactory(ward=ward, year=2024, month=3, status=status, first_submitted_at=sent)
    for today in (due, due + datetime.timedelta(days=5), datetime.date(2024, 2, 1)):
        board = completeness_month(year=2024, month=3, today=today)["totals"]
        assert completeness_month_totals(year=2024, month=3, today=today) == board
    totals = completeness_month_totals(year=2024, month=3, today=due + datetime.timedelta(days=5))
    assert totals == {"expected": 6, "submitted": 2, "approved": 1, "late": 4}


@pytest.mark.services("postgres")
@pytest.mark.django_db(transaction=True)
def test_two_approvals_of_the_same_month_at_once_are_both_counted():
    """Each approval locks its month's totals row before summing, so the later one counts the
    earlier (PostgreSQL, two concurrent transactions)."""
    reviewer = UserFactory(username="race-reviewer", role=Role.REVIEWER, ward=None)
    reports = []
    for number, cases in ((1, 3), (2, 4)):
        ward = WardFactory(code=f"race-total-{number}")
        chief = UserFactory(username=f"race-chief-{number}", role=Role.WARD_CHIEF, ward=ward)
        reports.append(_submitted(chief, ward, criminal_cases=cases))
    barrier = threading.Barrier(2)
    errors: list[Exception] = []

    def approve(report):
        try:
            barrier.wait(timeout=10)
            report_approve(user=reviewer, report=report)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(report,)) for report in reports]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    row = MonthTotals.objects.get(year=2024, month=3)
    assert (row.approved_reports, row.criminal_cases) == (2, 7)
