"""Early warning: year to date against the same months of last year, on track or not."""

from __future__ import annotations

from decimal import Decimal

import pytest

from criteria.selectors import OFF_TRACK, ON_TRACK, UNKNOWN, ward_early_warnings
from criteria.tests.factories import BaselineFactory, year_of_reports
from reports.models import MonthlyReport, ReportStatus

pytestmark = pytest.mark.django_db


def by_number(warnings):
    return {w.number: w for w in warnings}


def test_same_months_of_last_year_from_approved_reports(ward_a, criteria_2023):
    year_of_reports(ward_a, 2024, social_order_crimes=2, fugitives_caught=1, drug_addicts=20)
    year_of_reports(ward_a, 2025, range(1, 7), social_order_crimes=1, fugitives_caught=1)
    got = by_number(ward_early_warnings(ward=ward_a, year=2025, month=6))
    # 9: Jan-Jun 2025: 1×6 = 6 against Jan-Jun 2024: 2×6 = 12 → −50% ≤ −6% → on track
    crime = got[9]
    assert (crime.current, crime.previous) == (6, Decimal(12))
    assert crime.change_pct == Decimal("-50.0")
    assert crime.status == ON_TRACK
    assert crime.months == "tháng 1–6/2025"
    assert "cùng kỳ năm 2024" in crime.previous_basis
    # 13: fugitives 6 against 6 → +0% < +20% → off track
    assert got[13].status == OFF_TRACK
    assert "Có nguy cơ không đạt mục tiêu." in got[13].explanation
    # 12: addicts at June 2025 = 0 against June 2024 = 20 → on track
    assert (got[12].current, got[12].previous, got[12].status) == (0, Decimal(20), ON_TRACK)
    # 10: no hot spot left → on track whatever last year was
    assert got[10].status == ON_TRACK


def test_a_yearly_baseline_is_pro_rated_for_flows_and_used_as_is_for_stocks(ward_a, criteria_2023):
    BaselineFactory(ward=ward_a, year=2022, social_order_crimes=24, drug_addicts=10)
    year_of_reports(ward_a, 2023, range(1, 4), social_order_crimes=2, drug_addicts=9)
    got = by_number(ward_early_warnings(ward=ward_a, year=2023, month=3))
    # 9: 2×3 = 6 against 24 × 3/12 = 6 → 0% change, not the 6% decrease → off track
    assert got[9].previous == Decimal(6)
    assert got[9].status == OFF_TRACK
    assert "ước tính: số liệu năm 2022 × 3/12 tháng" in got[9].previous_basis
    # 12: March 2023 stock 9 against 10 at the end of 2022 → −10%, target −15% → off track
    assert got[12].previous == Decimal(10)
    assert got[12].previous_basis == "cuối năm 2022"
    assert got[12].status == OFF_TRACK
    # 13: no 2022 figure → unknown, and says why
    assert got[13].status == UNKNOWN
    assert "Chưa có số liệu" in got[13].explanation


def test_defaults_to_the_last_approved_month_and_names_missing_months(ward_a, criteria_2023):
    year_of_reports(ward_a, 2024, range(1, 5))
    MonthlyReport.objects.filter(ward=ward_a, month=2).update(status=ReportStatus.RETURNED)
    got = ward_early_warnings(ward=ward_a, year=2024)
    assert got
    assert all(w.status == UNKNOWN for w in got)
    assert "Thiếu báo cáo tháng đã duyệt: tháng 2/2024." in got[0].explanation


def test_no_data_this_year_gives_no_warning(ward_a, criteria_2023):
    assert ward_early_warnings(ward=ward_a, year=2024) == []


def test_a_serious_crime_is_off_track_even_with_a_month_missing(ward_a, criteria_2023):
    year_of_reports(ward_a, 2025, [1, 2, 4], serious_resident_crimes=[0, 1, 0])
    got = by_number(ward_early_warnings(ward=ward_a, year=2025, month=4))
    assert got[9].status == OFF_TRACK
    assert got[9].explanation.startswith(
        "Tội phạm nghiêm trọng trở lên, lỗi cố ý, do công dân cư trú gây ra: 1 trong các tháng "
        "đã duyệt (mục tiêu: không có). Thiếu báo cáo tháng đã duyệt: tháng 3/2025."
    )
    assert got[13].status == UNKNOWN  # no zero-tolerance part: the missing month decides
