"""Year-on-year comparisons name the period compared, sum exactly those months on both sides,
name a merged ward's predecessors, and estimate a yearly-only figure only when allowed."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from criteria import periods
from criteria.models import CriterionResult, Result
from criteria.periods import comparison_name, period_name
from criteria.selectors import prorated
from criteria.services import ward_year_score
from criteria.tests.factories import BaselineFactory, year_of_reports
from reports.models import BaselineTotals
from wards.models import WardKind, WardLineage
from wards.tests.factories import WardFactory

pytestmark = pytest.mark.django_db

SERIOUS_NONE = (
    "tội phạm nghiêm trọng trở lên, lỗi cố ý, do công dân cư trú gây ra: 0 (mục tiêu: không có)."
)


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """Today is 30/11/2026: 2025 is complete, 2026 is provisional to October."""
    monkeypatch.setattr(periods, "today", lambda: datetime.date(2026, 11, 30))


@pytest.fixture
def merge(db):
    """Old ward P (tracked, to 30/6/2025) + untracked commune Q → new ward N from 1/7/2025."""
    last, first = datetime.date(2025, 6, 30), datetime.date(2025, 7, 1)
    old = WardFactory(code="old-p", name="P", valid_to=last)
    commune = WardFactory(
        code="xa-q", name="Q", kind=WardKind.COMMUNE, valid_to=last, in_programme=False
    )
    new = WardFactory(code="new-n", name="N", valid_from=first)
    for predecessor in (old, commune):
        WardLineage.objects.create(successor=new, predecessor=predecessor, effective_date=first)
    return old, commune, new


def result(ward, year, number) -> CriterionResult:
    return CriterionResult.objects.get(ward=ward, year=year, criterion__number=number)


@pytest.mark.parametrize(
    ("months", "year", "name", "comparison"),
    [
        (range(1, 13), 2024, "năm 2024", "cả năm 2024 so với năm 2023"),
        (range(1, 7), 2025, "6 tháng đầu năm 2025", "6 tháng đầu năm 2025 so với cùng kỳ 2024"),
        (range(7, 13), 2025, "6 tháng cuối năm 2025", "6 tháng cuối năm 2025 so với cùng kỳ 2024"),
        (range(1, 11), 2026, "10 tháng đầu năm 2026", "10 tháng đầu năm 2026 so với cùng kỳ 2025"),
        ([1], 2026, "tháng 1/2026", "tháng 1/2026 so với cùng kỳ 2025"),
        ([12], 2025, "tháng 12/2025", "tháng 12/2025 so với cùng kỳ 2024"),
        (range(7, 11), 2025, "tháng 7–10/2025", "tháng 7–10/2025 so với cùng kỳ 2024"),
    ],
)
def test_period_names_say_which_months_are_compared(months, year, name, comparison):
    assert period_name(list(months), year) == name
    assert comparison_name(list(months), year) == comparison


@pytest.mark.parametrize(
    ("value", "months", "of", "expected"),
    [(7, 6, 12, 4), (5, 6, 12, 3), (4, 6, 12, 2), (1, 1, 3, 0), (2, 1, 3, 1), (0, 6, 12, 0)],
)
def test_prorating_rounds_to_the_nearest_whole_number_half_up(value, months, of, expected):
    assert prorated(value, months, of) == expected


def test_full_year_names_the_whole_year(ward_a, criteria_2023):
    year_of_reports(ward_a, 2023, social_order_crimes=2)
    year_of_reports(ward_a, 2024, social_order_crimes=[1] * 11 + [2])
    ward_year_score(ward=ward_a, year=2024)
    got = result(ward_a, 2024, 9)
    # 13 against 24: (24 − 13) / 24 = 45,83% → "giảm 45,8%"
    assert got.result == Result.MET
    assert got.explanation == (
        "Tội phạm về TTXH giảm 45,8% (cả năm 2024 so với năm 2023; mục tiêu giảm ít nhất 6%): "
        f"năm 2024: 13 vụ, năm 2023: 24 vụ; {SERIOUS_NONE}"
    )


def test_dissolved_ward_compares_january_to_june_on_both_sides(merge, criteria_2023):
    old, _commune, _new = merge
    # 2024: 2 a month to June, 5 a month after (left out); 2025: 1 a month to June.
    year_of_reports(old, 2024, social_order_crimes=[2] * 6 + [5] * 6)
    year_of_reports(old, 2025, range(1, 7), social_order_crimes=1)
    ward_year_score(ward=old, year=2025)
    got = result(old, 2025, 9)
    assert got.result == Result.MET
    assert got.explanation == (
        "Tội phạm về TTXH giảm 50% (6 tháng đầu năm 2025 so với cùng kỳ 2024; mục tiêu giảm ít "
        f"nhất 6%): 6 tháng đầu năm 2025: 6 vụ, cùng kỳ 2024: 12 vụ; {SERIOUS_NONE}"
    )
    assert got.inputs["social_order_crimes_previous"] == 12


def _second_half_2025(old, commune, new):
    """P: 1 a month to June 2024, 3 a month after (18 for July-December); Q: 7 for all 2024
    (yearly only); N: 2 a month July-December 2025 (12)."""
    year_of_reports(old, 2024, social_order_crimes=[1] * 6 + [3] * 6, fugitives_caught=1)
    BaselineFactory(
        ward=commune, year=2024, social_order_crimes=7, fugitives_caught_or_surrendered=3
    )
    year_of_reports(new, 2025, range(7, 13), social_order_crimes=2, fugitives_caught=2)


def test_merged_ward_second_half_without_permission_is_not_assessable(merge, criteria_2023):
    old, commune, new = merge
    _second_half_2025(old, commune, new)
    ward_year_score(ward=new, year=2025)
    got = result(new, 2025, 9)
    assert got.result == Result.NOT_ASSESSABLE
    assert got.explanation == (
        "Không so sánh được tội phạm về trật tự xã hội 6 tháng cuối năm 2025 so với cùng kỳ 2024: "
        "Xã Q (đến 30/06/2025) chỉ có số liệu tội phạm về trật tự xã hội cả năm 2024, không tách "
        "được tháng 7–12/2024 (quản trị hệ thống chưa cho phép ước tính theo tháng); "
        f"{SERIOUS_NONE}"
    )
    assert got.measured_text == ""


def test_merged_ward_second_half_with_permission_uses_a_marked_estimate(
    merge, criteria_2023, reviewer_client
):
    old, commune, new = merge
    _second_half_2025(old, commune, new)
    BaselineTotals.objects.filter(ward=commune, year=2024).update(prorate_by_month=True)
    ward_year_score(ward=new, year=2025)
    got = result(new, 2025, 9)
    # previous = P 3×6 = 18 + Q 7×6/12 = 3,5 → 4 = 22; 12 against 22: 45,45% → "giảm 45,4%"
    assert got.result == Result.MET
    assert got.explanation == (
        "Tội phạm về TTXH giảm 45,4% (6 tháng cuối năm 2025 so với cùng kỳ 2024; mục tiêu giảm "
        "ít nhất 6%): 6 tháng cuối năm 2025: 12 vụ, cùng kỳ 2024: 22 vụ (ước tính), là tổng của "
        "phường P và xã Q; xã Q: 4 vụ ước tính = 7 (cả năm 2024) × 6/12 tháng, làm tròn đến số "
        f"nguyên gần nhất; {SERIOUS_NONE}"
    )
    assert got.measured_text == "12 / 22 (-45,4%) (ước tính)"
    assert got.inputs["social_order_crimes_previous"] == 22
    # 13: fugitives P 1×6 + Q 3×6/12 = 1,5 → 2 = 8; N 2×6 = 12: +50% ≥ 20% → met
    fugitives = result(new, 2025, 13)
    assert fugitives.result == Result.MET
    assert fugitives.explanation == (
        "Đối tượng bị bắt, đầu thú tăng 50% (6 tháng cuối năm 2025 so với cùng kỳ 2024; mục tiêu "
        "tăng ít nhất 20%): 6 tháng cuối năm 2025: 12 đối tượng, cùng kỳ 2024: 8 đối tượng "
        "(ước tính), là tổng của phường P và xã Q; xã Q: 2 đối tượng ước tính = 3 (cả năm 2024) "
        "× 6/12 tháng, làm tròn đến số nguyên gần nhất."
    )
    assert fugitives.measured_text == "12 / 8 (ước tính)"
    page = reviewer_client.get(reverse("criteria:scorecard", args=[2025, new.code]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "12 / 22 (-45,4%) (ước tính)" in html
    assert "12 / 8 (ước tính)" in html


def test_current_year_compares_the_months_up_to_the_last_one_due(ward_a, criteria_2023):
    # 2025: 2 a month to October (20), 10 a month after (left out); 2026: 1 a month to October.
    year_of_reports(ward_a, 2025, social_order_crimes=[2] * 10 + [10] * 2)
    year_of_reports(ward_a, 2026, range(1, 11), social_order_crimes=1)
    card = ward_year_score(ward=ward_a, year=2026)
    assert card.provisional_month == 10
    got = result(ward_a, 2026, 9)
    assert got.result == Result.MET
    assert got.explanation == (
        "Tội phạm về TTXH giảm 50% (10 tháng đầu năm 2026 so với cùng kỳ 2025; mục tiêu giảm ít "
        f"nhất 6%): 10 tháng đầu năm 2026: 10 vụ, cùng kỳ 2025: 20 vụ; {SERIOUS_NONE}"
    )


def test_merged_ward_current_year_names_predecessors_and_its_own_months(merge, criteria_2023):
    old, commune, new = merge
    year_of_reports(old, 2025, range(1, 7), social_order_crimes=2)
    BaselineFactory(ward=commune, year=2025, social_order_crimes=6)  # its January-June
    year_of_reports(new, 2025, range(7, 13), social_order_crimes=[3] * 4 + [9] * 2)
    year_of_reports(new, 2026, range(1, 11), social_order_crimes=2)
    ward_year_score(ward=new, year=2026)
    got = result(new, 2026, 9)
    # previous = P 2×6 + Q 6 + N 3×4 (July-October) = 30; 2026: 2×10 = 20 → giảm 33,3%
    assert got.result == Result.MET
    assert got.explanation == (
        "Tội phạm về TTXH giảm 33,3% (10 tháng đầu năm 2026 so với cùng kỳ 2025; mục tiêu giảm "
        "ít nhất 6%): 10 tháng đầu năm 2026: 20 vụ, cùng kỳ 2025: 30 vụ, là tổng của phường P, "
        f"xã Q (tháng 1–6/2025) và của chính phường (tháng 7–10/2025); {SERIOUS_NONE}"
    )


def test_permission_to_estimate_is_set_in_the_admin_with_history(admin_client_user, merge):
    _old, commune, _new = merge
    baseline = BaselineFactory(ward=commune, year=2024, social_order_crimes=7)
    url = reverse("admin:reports_baselinetotals_change", args=[baseline.pk])
    page = admin_client_user.get(url)
    assert page.status_code == 200
    assert "Cho phép ước tính theo tháng" in page.content.decode()
    response = admin_client_user.post(
        url,
        {
            "ward": commune.pk,
            "year": 2024,
            "social_order_crimes": 7,
            "source": baseline.source,
            "prorate_by_month": "on",
        },
    )
    assert response.status_code == 302
    baseline.refresh_from_db()
    assert baseline.prorate_by_month is True
    latest = baseline.history.first()
    assert latest.prorate_by_month is True
    assert latest.history_user is not None
