import datetime
import io

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db.models import Sum

from reports.demo import demo_reports_create
from reports.models import MonthlyReport, ReportStatus, YearlyReport
from reports.rules import validation_errors
from reports.tests.factories import MonthlyReportFactory
from wards.langson import WARD_CODES_2023, WARDS_2025
from wards.models import Ward

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 10, 15)
NEW_CODES = [new.code for new in WARDS_2025]


def _snapshot():
    return sorted(
        MonthlyReport.objects.values_list(
            "ward__code", "year", "month", "criminal_cases", "drug_addicts", "procedures_received"
        )
    )


def test_demo_data_fills_every_programme_ward_up_to_last_month(langson):
    counts = demo_reports_create(today=TODAY)
    # five old wards January 2023 - June 2025, four new wards July - September 2025
    assert counts == {"demo_monthly_reports": 5 * 30 + 4 * 3, "demo_yearly_reports": 5 * 2}
    assert set(MonthlyReport.objects.values_list("status", "is_demo").distinct()) == {
        (ReportStatus.APPROVED, True)
    }
    old = MonthlyReport.objects.filter(ward__code__in=WARD_CODES_2023)
    assert old.filter(year=2025, month__gt=6).count() == 0
    assert old.filter(year=2025, month=6).count() == 5
    new = MonthlyReport.objects.filter(ward__code__in=NEW_CODES)
    assert sorted(set(new.values_list("year", "month"))) == [(2025, 7), (2025, 8), (2025, 9)]
    assert not MonthlyReport.objects.filter(ward__in_programme=False).exists()
    assert not MonthlyReport.objects.filter(year=2025, month=10).exists()


def test_demo_figures_are_valid_and_follow_the_2022_baseline_downwards(langson):
    demo_reports_create(today=TODAY)
    for report in MonthlyReport.objects.all():
        values = {name: getattr(report, name) for name in report.__dict__}
        assert validation_errors(MonthlyReport, values) == {}
        assert report.first_submitted_at.date() <= datetime.date(
            report.year + (report.month == 12), report.month % 12 + 1, 5
        )
    old = MonthlyReport.objects.filter(ward__code__in=WARD_CODES_2023)
    total_2023 = old.filter(year=2023).aggregate(total=Sum("criminal_cases"))["total"]
    total_2024 = old.filter(year=2024).aggregate(total=Sum("criminal_cases"))["total"]
    assert 66 * 0.6 <= total_2023 <= 66 * 1.3  # 2022 baseline: 66 criminal cases
    assert total_2024 < total_2023 * 1.15
    drugs_2023 = old.filter(year=2023).aggregate(total=Sum("drug_cases"))["total"]
    assert 75 * 0.6 <= drugs_2023 <= 75 * 1.3


def test_demo_data_is_deterministic_and_idempotent(langson):
    demo_reports_create(today=TODAY)
    first = _snapshot()
    assert demo_reports_create(today=TODAY) == {
        "demo_monthly_reports": 0,
        "demo_yearly_reports": 0,
    }
    assert _snapshot() == first
    MonthlyReport.objects.all().delete()
    YearlyReport.objects.all().delete()
    demo_reports_create(today=TODAY)
    assert _snapshot() == first


def test_demo_data_never_overwrites_an_existing_report(langson):
    chi_lang = Ward.objects.get(code="chi-lang")
    real = MonthlyReportFactory(ward=chi_lang, year=2023, month=1, criminal_cases=42)
    demo_reports_create(today=TODAY)
    real.refresh_from_db()
    assert (real.criminal_cases, real.is_demo, real.status) == (42, False, ReportStatus.DRAFT)


def test_demo_yearly_reports_are_consistent(langson):
    demo_reports_create(today=datetime.date(2026, 3, 1))
    years = sorted(YearlyReport.objects.values_list("ward__code", "year"))
    assert ("chi-lang", 2024) in years and ("chi-lang", 2025) not in years
    assert ("luong-van-tri", 2025) in years
    for report in YearlyReport.objects.all():
        assert report.cultured_households <= report.households
        assert report.is_demo


def test_command_option_loads_demo_data(langson):
    out = io.StringIO()
    call_command("load_langson", "--demo-data", stdout=out)
    assert "demo_monthly_reports" in out.getvalue()
    assert MonthlyReport.objects.filter(is_demo=True).exists()
    count = MonthlyReport.objects.count()
    call_command("load_langson", "--demo-data", stdout=io.StringIO())
    assert MonthlyReport.objects.count() == count


def test_demo_data_is_refused_under_production_settings(settings, langson):
    settings.ALLOW_DEMO_DATA = False
    with pytest.raises(CommandError):
        call_command("load_langson", "--demo-data", stdout=io.StringIO())
    with pytest.raises(ImproperlyConfigured):
        demo_reports_create(today=TODAY)
    assert not MonthlyReport.objects.exists()
