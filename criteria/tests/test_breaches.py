"""A breach is never hidden: breached parts decide whatever is missing, and both are named."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from criteria.facts import FacilitiesFacts, PeriodFigure, StaffingFacts
from criteria.langson import CRITERIA_2023
from criteria.models import Criterion, CriterionKind
from criteria.rules import BREACH_DESPITE_MISSING, MET, NOT_ASSESSABLE, NOT_MET
from criteria.services import criterion_outcome
from criteria.tests.test_rules import make_facts, run

MISSING_MARCH = {
    "missing_months": (3,),
    "on_time": {m: True for m in range(1, 13) if m != 3},
    "submitted": {m: f"2023-{m:02d}-28" for m in range(1, 13) if m != 3},
}
NO_FIGURE = PeriodFigure(None, ("Phường A thiếu báo cáo tháng đã duyệt (tháng 3/2023)",))


def facts_missing_march(**other):
    """Facts of a ward whose March 2023 report is not approved (other months are)."""
    return make_facts(**{**MISSING_MARCH, **other})


def assert_breach_and_missing(outcome, breach: str, missing: str = "tháng 3/2023"):
    """Assert a "Không đạt" whose explanation names the breach and what is still missing."""
    assert outcome.result == NOT_MET
    assert breach.lower() in outcome.explanation.lower()
    assert missing.lower() in outcome.explanation.lower()
    assert outcome.explanation.endswith(BREACH_DESPITE_MISSING)


# --- zero-tolerance counts: any approved month above zero breaches them -------------------------


@pytest.mark.parametrize(
    ("number", "field", "label"),
    [
        (6, "serious_fires", "Vụ cháy, nổ nghiêm trọng trở lên: 1 trong các tháng đã duyệt"),
        (6, "illegal_racing", "Vụ đua xe trái phép: 1 trong các tháng đã duyệt"),
        (11, "large_economic_cases", ": 1 trong các tháng đã duyệt (mục tiêu: không có)"),
        (14, "violent_organised_crime", "manh động, kiểu xã hội đen: 1 trong các tháng đã duyệt"),
        (14, "mass_complaints", "vượt cấp trái pháp luật: 1 trong các tháng đã duyệt"),
        (9, "serious_resident_crimes", "do công dân cư trú gây ra: 1 trong các tháng đã duyệt"),
        (12, "new_drug_addicts", "người nghiện mới phát sinh: 1 trong các tháng đã duyệt"),
        (21, "officer_complaints_substantiated", ": 1 trong các tháng đã duyệt (mục tiêu: không"),
    ],
)
def test_a_zero_tolerance_count_in_an_approved_month_breaches_despite_a_missing_month(
    number, field, label
):
    assert_breach_and_missing(run(number, facts_missing_march(sums={field: 1})), label)


@pytest.mark.parametrize("number", [6, 9, 11, 12, 14, 21])
def test_zero_counts_with_a_missing_month_stay_not_assessable_naming_the_month(number):
    outcome = run(number, facts_missing_march())
    assert outcome.result == NOT_ASSESSABLE
    assert "thiếu báo cáo tháng đã duyệt: tháng 3/2023" in outcome.explanation.lower()
    assert BREACH_DESPITE_MISSING not in outcome.explanation.lower()


def test_serious_crime_breaches_criterion_nine_when_last_year_is_unknown():
    facts = make_facts(
        sums={"serious_resident_crimes": 1},
        previous={"social_order_crimes": PeriodFigure(None, ("Chưa có số liệu năm 2022",))},
    )
    outcome = run(9, facts)
    assert_breach_and_missing(outcome, "do công dân cư trú gây ra: 1 (mục tiêu", "năm 2022")


@pytest.mark.parametrize(
    ("so_far", "expected"),
    [
        (47, NOT_ASSESSABLE),  # 50 − 6% = 47 allowed: the missing month decides
        (48, NOT_MET),  # already over 47: no month can bring it back down
    ],
)
def test_social_order_crime_already_over_the_allowed_most_breaches_criterion_nine(so_far, expected):
    facts = facts_missing_march(
        sums={"social_order_crimes": so_far},
        current={"social_order_crimes": PeriodFigure(None, ("thiếu tháng 3",))},
        previous={"social_order_crimes": 50},
    )
    outcome = run(9, facts)
    assert outcome.result == expected
    if expected == NOT_MET:
        assert_breach_and_missing(outcome, "48 vụ, đã vượt mức tối đa 47 vụ để giảm ít nhất 6%")


def test_hot_spots_left_at_year_end_with_a_new_one_breach_despite_a_missing_month():
    facts = facts_missing_march(
        sums={"new_hot_spots": 1}, current={"hot_spots": 2}, previous={"hot_spots": 4}
    )
    assert_breach_and_missing(run(10, facts), "tụ điểm phát sinh mới trong năm: 1")


def test_a_new_hot_spot_is_no_breach_while_the_year_end_is_unknown():
    # none left at year end would meet criterion 10 whatever was new: it stays open
    facts = facts_missing_march(
        missing_months=(12,),
        sums={"new_hot_spots": 1},
        current={"hot_spots": NO_FIGURE},
    )
    outcome = run(10, facts)
    assert outcome.result == NOT_ASSESSABLE
    assert "tháng 12/2023" in outcome.explanation.lower()


def test_no_hot_spot_at_year_end_with_a_missing_month_is_not_yet_met():
    outcome = run(10, facts_missing_march(current={"hot_spots": 0}))
    assert outcome.result == NOT_ASSESSABLE
    assert "tháng 3/2023" in outcome.explanation.lower()


def test_hot_spots_not_down_enough_breach_when_last_year_is_known_and_months_missing():
    facts = facts_missing_march(current={"hot_spots": 3}, previous={"hot_spots": 5})
    assert_breach_and_missing(run(10, facts), "Tụ điểm phức tạp giảm 40%")


def test_new_addict_breaches_criterion_twelve_when_last_year_is_unknown():
    facts = make_facts(
        sums={"new_drug_addicts": 2},
        previous={"drug_addicts": PeriodFigure(None, ("Chưa có số liệu năm 2022",))},
    )
    assert_breach_and_missing(run(12, facts), "người nghiện mới phát sinh: 2", "năm 2022")


def test_fugitives_with_a_missing_month_name_the_month_and_last_year_gap():
    facts = facts_missing_march(
        current={"fugitives": NO_FIGURE},
        previous={"fugitives": PeriodFigure(None, ("Chưa có số liệu năm 2022",))},
    )
    outcome = run(13, facts)
    assert outcome.result == NOT_ASSESSABLE
    assert "tháng 3/2023" in outcome.explanation.lower()
    assert "chưa có số liệu năm 2022" in outcome.explanation.lower()


# --- criterion 7: reoffending only adds up --------------------------------------------------


@pytest.mark.parametrize(
    ("reoffenders", "supervised", "expected"),
    [
        (3, 200, NOT_MET),  # 1,5% already in the approved months: not below 1,5%
        (2, 200, NOT_ASSESSABLE),  # 1%: March may still add reoffenders
        (0, 199, NOT_MET),  # one subject unsupervised at year end
    ],
)
def test_managed_subjects_with_a_missing_month(reoffenders, supervised, expected):
    facts = facts_missing_march(
        sums={"reoffenders": reoffenders},
        year_end={"managed_subjects": 200, "managed_subjects_supervised": supervised},
    )
    outcome = run(7, facts)
    assert outcome.result == expected
    assert "tháng 3/2023" in outcome.explanation.lower()


def test_managed_subjects_without_the_year_end_month_name_it():
    outcome = run(7, facts_missing_march(missing_months=(12,), year_end={}))
    assert outcome.result == NOT_ASSESSABLE
    assert "tháng 12/2023" in outcome.explanation.lower()


# --- criterion 21: a late report is late for good ----------------------------------------------


def test_a_late_report_breaches_criterion_twenty_one_despite_a_missing_month():
    facts = facts_missing_march(on_time={**MISSING_MARCH["on_time"], 5: False})
    outcome = run(21, facts)
    assert_breach_and_missing(outcome, "gửi đúng hạn 10/12 (mục tiêu 12/12; trễ hạn: tháng 5)")


def test_reports_on_time_but_one_missing_leave_criterion_twenty_one_open():
    outcome = run(21, facts_missing_march())
    assert outcome.result == NOT_ASSESSABLE
    assert outcome.explanation.startswith("Thiếu báo cáo tháng đã duyệt: tháng 3/2023")
    assert "gửi đúng hạn 11/12" in outcome.explanation.lower()


# --- criteria 4, 5, 22 --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rated", "good", "expected"),
    [
        (14, 14, NOT_ASSESSABLE),  # the 15th could still be rated good
        (14, 13, NOT_MET),  # one rated below good: 100% is out of reach
    ],
)
def test_staff_ratings_breach_as_soon_as_one_officer_is_rated_below_good(rated, good, expected):
    staffing = StaffingFacts(headcount=15, rated=rated, rated_good_or_better=good)
    outcome = run(4, make_facts(staffing=staffing))
    assert outcome.result == expected
    assert "mới có 14/15 cán bộ, chiến sĩ được phân loại năm 2023" in outcome.explanation.lower()
    if expected == NOT_MET:
        assert_breach_and_missing(outcome, "1 cán bộ, chiến sĩ được phân loại dưới mức", "14/15")


@pytest.mark.parametrize(("headcount", "expected"), [(21, NOT_MET), (20, NOT_ASSESSABLE)])
def test_headcount_out_of_range_breaches_criterion_five_before_teams_are_known(headcount, expected):
    outcome = run(5, make_facts(staffing=StaffingFacts(headcount=headcount)))
    assert outcome.result == expected
    assert "chưa có phân công cán bộ theo tổ" in outcome.explanation.lower()


def test_equipment_gap_breaches_criterion_twenty_two_with_the_headquarters_unknown():
    facilities = FacilitiesFacts(
        equipment_gaps={"scanner": 2}, hq_land_area_m2=None, hq_within_service_life=None
    )
    outcome = run(22, make_facts(facilities=facilities))
    assert_breach_and_missing(outcome, "Máy scan (thiếu 2)", "chưa có thông tin trụ sở")
    assert "chưa rõ niên hạn sử dụng trụ sở" in outcome.explanation.lower()


# --- mixed criteria: the automatic and the reviewer's part ------------------------------------


def _criterion_14() -> Criterion:
    number, area, kind, title_vi, title_en, target, rule_key, thresholds = next(
        row for row in CRITERIA_2023 if row[0] == 14
    )
    assert kind == CriterionKind.MIXED
    return Criterion(
        pk=14,
        number=number,
        area=area,
        kind=kind,
        title_vi=title_vi,
        title_en=title_en,
        target_text=target,
        rule_key=rule_key,
        thresholds=thresholds,
    )


def _decision(value: str):
    return SimpleNamespace(decision=value, note="Theo hồ sơ.", decided_by="Cán bộ PV01")


@pytest.mark.parametrize(
    ("violent", "decision", "expected"),
    [
        (0, None, NOT_ASSESSABLE),
        (0, MET, MET),
        (0, NOT_MET, NOT_MET),
        (1, None, NOT_MET),  # the automatic breach is not hidden by the missing decision
        (1, MET, NOT_MET),
    ],
)
def test_mixed_criterion_parts(violent, decision, expected):
    facts = make_facts(sums={"violent_organised_crime": violent})
    outcome = criterion_outcome(_criterion_14(), facts, _decision(decision) if decision else None)
    assert outcome.result == expected
    assert "phần đánh giá thủ công" in outcome.explanation.lower()


def test_mixed_breach_names_the_missing_decision_and_the_missing_month():
    facts = facts_missing_march(sums={"violent_organised_crime": 1})
    outcome = criterion_outcome(_criterion_14(), facts, None)
    assert_breach_and_missing(outcome, "kiểu xã hội đen: 1 trong các tháng đã duyệt")
    assert "Chưa có đánh giá của Công an tỉnh" in outcome.explanation
    assert outcome.explanation.count(BREACH_DESPITE_MISSING) == 1


def test_automatic_part_missing_with_a_not_met_decision_is_not_met():
    outcome = criterion_outcome(_criterion_14(), facts_missing_march(), _decision(NOT_MET))
    assert_breach_and_missing(outcome, "Công an tỉnh đánh giá: Không đạt")
