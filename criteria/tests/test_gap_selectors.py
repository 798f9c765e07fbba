"""A ward's "Còn thiếu gì để đạt kiểu mẫu" read from the database, and its fixed query count."""

from __future__ import annotations

import datetime

import pytest

from criteria.gap_selectors import ward_gaps, wards_gaps
from criteria.gaps import AT_RISK, NO_DATA, NOT_MET, UNDECIDED
from criteria.langson import load_criteria
from criteria.tests.factories import year_of_reports
from facilities.models import EquipmentKind, Team
from facilities.tests.factories import EquipmentCountFactory, HeadquartersFactory, OfficerFactory
from wards.tests.factories import WardFactory

TODAY = datetime.date(2026, 11, 30)  # October's report was due on 05/11: January–October due


def running_year(ward) -> None:
    """2025 in full (12 social-order crimes), 2026 approved to September (9 so far), 13 officers
    all in the CSKV team, 1 scanner, headquarters of 450 m²."""
    year_of_reports(ward, 2025, social_order_crimes=1)
    year_of_reports(ward, 2026, months=range(1, 10), social_order_crimes=1)
    for _ in range(13):
        OfficerFactory(ward=ward, team=Team.CSKV)
    EquipmentCountFactory(
        ward=ward, kind=EquipmentKind.SCANNER, quantity=1, counted_on=datetime.date(2026, 1, 5)
    )
    HeadquartersFactory(ward=ward, land_area_m2=450)


@pytest.mark.django_db
def test_a_running_year_lists_what_is_still_needed_with_exact_numbers(ward_a):
    load_criteria()
    running_year(ward_a)
    gaps = ward_gaps(ward=ward_a, year=2026, today=TODAY)
    assert gaps.through_month == 10
    by_number: dict = {}
    for gap in gaps.items:
        by_number.setdefault(gap.number, []).append(gap)
    [missing] = by_number[None]
    assert (missing.status, missing.text) == (
        NO_DATA,
        "Thiếu số liệu tháng 10/2026 (báo cáo tháng chưa được duyệt).",
    )
    # 12 × 94% = 11,28: at most 11 in the year, 9 so far → at most 2 in the 3 months left.
    [crime] = by_number[9]
    assert (crime.status, crime.needed) == (AT_RISK, 2)
    assert crime.text == (
        "Tối đa 2 vụ tội phạm về TTXH trong 3 tháng còn lại (tháng 10–12/2026) để giảm ít nhất "
        "6% so với năm 2025 (12 vụ); đã có 9 vụ."
    )
    staffing = {g.text for g in by_number[5]}
    assert "Cần thêm 2 biên chế (hiện 13 người; mục tiêu 15–20)." in staffing
    assert "Cần thêm 3 biên chế cho tổ PCTP (hiện 0; mỗi tổ ≥ 3)." in staffing
    facilities = {g.text: g.needed for g in by_number[22]}
    assert facilities["Cần thêm 1 máy scan."] == 1  # 2 per ward, 1 held
    assert facilities["Cần thêm 13 máy tính để bàn."] == 13  # one per officer
    assert any(t.startswith("Diện tích đất trụ sở còn thiếu 50 m²") for t in facilities)
    assert [(g.status, g.text) for g in by_number[1]] == [
        (UNDECIDED, "Chưa có quyết định đánh giá của Công an tỉnh.")
    ]
    assert [(g.number, g.text) for g in gaps.items if g.status == NOT_MET] == []


@pytest.mark.django_db
def test_a_breach_already_reported_loses_the_criterion_for_the_year(ward_a):
    load_criteria()
    year_of_reports(ward_a, 2025, social_order_crimes=1)
    year_of_reports(ward_a, 2026, months=range(1, 11), serious_fires=[0, 0, 1, 0, 0, 0, 0, 0, 0, 0])
    gaps = ward_gaps(ward=ward_a, year=2026, today=TODAY)
    [fire] = [g for g in gaps.items if g.number == 6]
    assert fire.status == NOT_MET
    assert fire.text.startswith("Đã có 1 vụ cháy, nổ nghiêm trọng trở lên")


@pytest.mark.django_db
def test_no_gaps_for_a_future_year_or_a_ward_not_standing():
    load_criteria()
    ward = WardFactory(code="w-old", valid_to=datetime.date(2024, 12, 31))
    assert ward_gaps(ward=ward, year=2026, today=TODAY) is None
    assert ward_gaps(ward=WardFactory(code="w-new"), year=2027, today=TODAY) is None


@pytest.mark.django_db
def test_the_gaps_of_many_wards_take_the_same_queries(django_assert_max_num_queries):
    load_criteria()
    wards = [WardFactory(code=f"w-{n}") for n in range(2)]
    for ward in wards:
        running_year(ward)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as two:
        result = wards_gaps(wards=wards, year=2026, today=TODAY)
    assert len(result) == 2
    more = wards + [WardFactory(code=f"x-{n}") for n in range(5)]
    for ward in more[2:]:
        running_year(ward)
    with django_assert_max_num_queries(len(two.captured_queries)):
        result = wards_gaps(wards=more, year=2026, today=TODAY)
    assert len(result) == 7
    assert all(any(g.number == 9 for g in r.items) for r in result.values())
