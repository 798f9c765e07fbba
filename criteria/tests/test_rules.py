"""Each rule at and around its boundary, with hand-built facts (no database)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from criteria.facts import (
    FacilitiesFacts,
    PeriodFigure,
    StaffingFacts,
    WardYearFacts,
)
from criteria.langson import CRITERIA_2023
from criteria.rules import (
    MET,
    NOT_ASSESSABLE,
    NOT_MET,
    RULES,
    combine,
    conclude,
    evaluate,
)
from criteria.selectors import COUNT_FIELDS, YEARLY_FIELDS
from reports.rules import STOCK_FIELDS

THRESHOLDS = {number: (rule_key, thresholds) for number, *_, rule_key, thresholds in CRITERIA_2023}
GOOD_YEARLY = {
    "residential_groups": 20,
    "cultured_residential_groups": 18,
    "groups_with_convention": 20,
    "households": 1000,
    "cultured_households": 900,
    "civilised_households": 800,
    "roadside_households": 300,
    "roadside_pledged_households": 300,
    "businesses": 50,
    "compliant_businesses": 50,
    "safety_units": 40,
    "safe_units": 36,
    "self_managed_models_good": 2,
    "dan_van_kheo_models": 1,
    "commendations": 1,
    "civil_defence_breaches": 0,
    "procedures_total": 30,
    "procedures_published": 30,
}


def make_facts(
    *, sums=None, year_end=None, yearly=GOOD_YEARLY, current=None, previous=None, **other
) -> WardYearFacts:
    """Return facts of a ward with every month approved and on time, and zero counts."""
    base_sums = {f: 0 for f in COUNT_FIELDS if f not in STOCK_FIELDS}
    base_sums.update(sums or {})
    base_end = {f: 0 for f in STOCK_FIELDS}
    base_end.update(year_end or {})
    cur = {k: PeriodFigure(0) for k in ("social_order_crimes", "hot_spots", "drug_addicts")}
    cur["fugitives"] = PeriodFigure(0)
    cur.update(
        {
            k: v if isinstance(v, PeriodFigure) else PeriodFigure(v)
            for k, v in (current or {}).items()
        }
    )
    prev = dict(cur)
    prev.update(
        {
            k: v if isinstance(v, PeriodFigure) else PeriodFigure(v)
            for k, v in (previous or {}).items()
        }
    )
    values = {
        "ward_name": "Phường A",
        "year": 2023,
        "expected_months": tuple(range(1, 13)),
        "missing_months": (),
        "sums": base_sums,
        "year_end": base_end,
        "submitted": {m: f"2023-{m:02d}-28" for m in range(1, 13)},
        "on_time": {m: True for m in range(1, 13)},
        "yearly": {f: yearly.get(f, 0) for f in YEARLY_FIELDS} if yearly else None,
        "current": cur,
        "previous": prev,
    }
    values.update(other)
    return WardYearFacts(**values)


def run(number: int, facts: WardYearFacts):
    rule_key, thresholds = THRESHOLDS[number]
    return evaluate(rule_key, thresholds, facts)


def test_every_auto_criterion_names_a_registered_rule():
    for number, _area, kind, *_rest, rule_key, _thresholds in CRITERIA_2023:
        if kind != "manual":
            assert rule_key in RULES, number


@pytest.mark.parametrize(
    ("results", "expected"),
    [
        ([MET, MET], MET),
        ([MET], MET),
        ([MET, NOT_MET], NOT_MET),
        ([NOT_MET, NOT_ASSESSABLE], NOT_MET),  # a breach is never hidden by missing data
        ([NOT_ASSESSABLE, MET, NOT_MET], NOT_MET),
        ([MET, NOT_ASSESSABLE], NOT_ASSESSABLE),
        ([NOT_ASSESSABLE], NOT_ASSESSABLE),
        ([], NOT_ASSESSABLE),  # nothing to check is never "Đạt"
    ],
)
def test_combine_lets_a_breach_win_then_missing_data(results, expected):
    assert combine(results) == expected


def test_conclude_names_the_breach_then_what_is_missing():
    result, text = conclude(
        [(MET, "đủ trang thiết bị"), (NOT_ASSESSABLE, "chưa rõ niên hạn"), (NOT_MET, "đất 400 m²")]
    )
    assert result == NOT_MET
    assert text == (
        "Đất 400 m²; chưa rõ niên hạn; đủ trang thiết bị. "
        "Số liệu còn thiếu không làm thay đổi kết luận “Không đạt”."
    )
    result, text = conclude([(MET, "đủ trang thiết bị"), (NOT_ASSESSABLE, "chưa rõ niên hạn")])
    assert (result, text) == (NOT_ASSESSABLE, "Chưa rõ niên hạn; đủ trang thiết bị.")
    assert conclude([(NOT_MET, "đất 400 m²"), (MET, "đủ")]) == (NOT_MET, "Đất 400 m²; đủ.")


# --- criterion 9: "kéo giảm ít nhất 6%" ---------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "previous", "expected"),
    [
        (47, 50, MET),  # (50 − 47) / 50 = 6% exactly: met
        (46, 50, MET),  # 8%
        (48, 50, NOT_MET),  # 4%
        (94, 100, MET),  # 6% exactly
        (95, 100, NOT_MET),  # 5%
        (0, 0, MET),  # nothing to reduce
        (1, 0, NOT_MET),  # up from nothing
    ],
)
def test_social_order_crime_boundary_is_met_at_exactly_six_percent(current, previous, expected):
    facts = make_facts(
        sums={"social_order_crimes": current},
        current={"social_order_crimes": current},
        previous={"social_order_crimes": previous},
    )
    assert run(9, facts).result == expected


def test_social_order_crime_sentence_reads_like_the_issue_example():
    # 14 → 13: (14 − 13) / 14 = 7,142…% shown as 7,1%
    facts = make_facts(
        sums={"social_order_crimes": 13},
        current={"social_order_crimes": 13},
        previous={"social_order_crimes": 14},
        year=2023,
    )
    outcome = run(9, facts)
    assert outcome.result == MET
    assert outcome.explanation.startswith(
        "Tội phạm về TTXH giảm 7,1% (cả năm 2023 so với năm 2022; mục tiêu giảm ít nhất 6%)"
    )
    assert outcome.value == Decimal("-7.1429")


def test_decrease_just_under_six_percent_is_not_shown_as_six():
    # 1000 → 941: 5,9% decrease; floor rounding shows 5,9, never 6,0
    facts = make_facts(current={"social_order_crimes": 941}, previous={"social_order_crimes": 1000})
    outcome = run(9, facts)
    assert outcome.result == NOT_MET
    assert "giảm 5,9%" in outcome.explanation


def test_serious_resident_crime_fails_criterion_nine_even_with_a_good_decrease():
    facts = make_facts(
        sums={"serious_resident_crimes": 1},
        current={"social_order_crimes": 10},
        previous={"social_order_crimes": 20},
    )
    assert run(9, facts).result == NOT_MET


def test_missing_previous_year_makes_criterion_nine_not_assessable_and_says_why():
    facts = make_facts(
        previous={
            "social_order_crimes": PeriodFigure(None, ("Chưa có số liệu năm 2022 của Phường A",))
        }
    )
    outcome = run(9, facts)
    assert outcome.result == NOT_ASSESSABLE
    assert "Chưa có số liệu năm 2022 của Phường A" in outcome.explanation


def test_missing_month_makes_monthly_criteria_not_assessable_naming_the_months():
    facts = make_facts(missing_months=(3, 4))
    for number in (6, 7, 8, 9, 10, 11, 12, 13, 14, 17, 20, 21):
        outcome = run(number, facts)
        assert outcome.result == NOT_ASSESSABLE, number
        assert "tháng 3, 4/2023" in outcome.explanation, number


# --- criterion 7: 100% supervised; reoffending "dưới 1,5%" -----------------------------------


@pytest.mark.parametrize(
    ("reoffenders", "managed", "expected"),
    [
        (3, 200, NOT_MET),  # 1,5% exactly: not below 1,5%
        (2, 200, MET),  # 1%
        (1, 67, MET),  # 1,49%
        (1, 66, NOT_MET),  # 1,52%
        (0, 0, MET),
        (1, 0, NOT_MET),
    ],
)
def test_reoffending_rate_must_be_strictly_below_one_and_a_half_percent(
    reoffenders, managed, expected
):
    facts = make_facts(
        sums={"reoffenders": reoffenders},
        year_end={"managed_subjects": managed, "managed_subjects_supervised": managed},
    )
    assert run(7, facts).result == expected


def test_reoffending_at_the_boundary_is_shown_as_one_and_a_half_not_met():
    facts = make_facts(
        sums={"reoffenders": 3},
        year_end={"managed_subjects": 200, "managed_subjects_supervised": 200},
    )
    assert "3/200 = 1,5% (mục tiêu dưới 1,5%)" in run(7, facts).explanation


def test_one_unsupervised_subject_fails_criterion_seven():
    facts = make_facts(year_end={"managed_subjects": 100, "managed_subjects_supervised": 99})
    assert run(7, facts).result == NOT_MET


# --- ratios: ≥ 90% met at 90% ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("safe", "expected"), [(36, MET), (35, NOT_MET), (40, MET)]
)  # of 40 units: 36 = 90% exactly
def test_safe_units_ratio_is_met_at_exactly_ninety_percent(safe, expected):
    facts = make_facts(yearly={**GOOD_YEARLY, "safe_units": safe})
    assert run(16, facts).result == expected


def test_civil_defence_breach_fails_criterion_sixteen():
    facts = make_facts()
    facts = dataclasses.replace(facts, yearly={**facts.yearly, "civil_defence_breaches": 1})
    outcome = run(16, facts)
    assert outcome.result == NOT_MET
    assert "Vi phạm kỷ luật của Bảo vệ dân phố, Dân phòng: 1 (mục tiêu: không có)" in (
        outcome.explanation
    )


def test_several_measured_values_are_each_named_never_a_bare_dot_list():
    outcome = run(6, make_facts(sums={"serious_fires": 0, "illegal_racing": 2}))
    assert outcome.measured == "vụ cháy, nổ nghiêm trọng trở lên: 0; vụ đua xe trái phép: 2"
    assert "·" not in run(16, make_facts()).measured
    assert run(8, make_facts()).measured.startswith("0/0")  # a single value stays bare


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("cultured_households", 900, MET),  # 90% of 1000
        ("cultured_households", 899, NOT_MET),
        ("civilised_households", 800, MET),  # 80%
        ("civilised_households", 799, NOT_MET),
        ("cultured_residential_groups", 18, MET),  # 90% of 20
        ("cultured_residential_groups", 17, NOT_MET),
    ],
)
def test_civility_ratios_at_their_boundaries(field, value, expected):
    facts = make_facts()
    facts = dataclasses.replace(facts, yearly={**facts.yearly, field: value})
    assert run(18, facts).result == expected


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("groups_with_convention", 19, NOT_MET),
        ("roadside_pledged_households", 299, NOT_MET),
        ("compliant_businesses", 49, NOT_MET),
        ("compliant_businesses", 50, MET),
    ],
)
def test_full_coverage_ratios_need_every_one(field, value, expected):
    facts = make_facts()
    facts = dataclasses.replace(facts, yearly={**facts.yearly, field: value})
    assert run(19, facts).result == expected


def test_missing_yearly_report_makes_yearly_criteria_not_assessable():
    facts = make_facts(yearly=None)
    for number in (15, 16, 17, 18, 19, 20):
        outcome = run(number, facts)
        assert outcome.result == NOT_ASSESSABLE
        assert "chưa có báo cáo năm 2023 đã duyệt" in outcome.explanation.lower()


@pytest.mark.parametrize(("count", "expected"), [(0, NOT_MET), (1, MET), (5, MET)])
def test_commendations_at_least_one(count, expected):
    facts = make_facts()
    facts = dataclasses.replace(facts, yearly={**facts.yearly, "commendations": count})
    assert run(15, facts).result == expected


@pytest.mark.parametrize(
    ("self_managed", "dan_van", "expected"),
    [(2, 1, MET), (1, 1, NOT_MET), (2, 0, NOT_MET)],
)
def test_mass_movement_models(self_managed, dan_van, expected):
    facts = make_facts(sums={"feedback_received": 10, "feedback_resolved": 10})
    facts = dataclasses.replace(
        facts,
        yearly={
            **facts.yearly,
            "self_managed_models_good": self_managed,
            "dan_van_kheo_models": dan_van,
        },
    )
    assert run(17, facts).result == expected


def test_unresolved_feedback_fails_criterion_seventeen():
    facts = make_facts(sums={"feedback_received": 10, "feedback_resolved": 9})
    assert run(17, facts).result == NOT_MET


# --- criteria 6, 8, 11, 14: counts -------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "field"),
    [
        (6, "serious_fires"),
        (6, "illegal_racing"),
        (11, "large_economic_cases"),
        (14, "violent_organised_crime"),
        (14, "mass_complaints"),
    ],
)
def test_zero_tolerance_events(number, field):
    assert run(number, make_facts()).result == MET
    assert run(number, make_facts(sums={field: 1})).result == NOT_MET


@pytest.mark.parametrize(
    ("received", "handled", "expected"), [(40, 40, MET), (40, 39, NOT_MET), (0, 0, MET)]
)
def test_crime_reports_all_handled(received, handled, expected):
    facts = make_facts(sums={"crime_reports_received": received, "crime_reports_handled": handled})
    assert run(8, facts).result == expected


@pytest.mark.parametrize(
    ("received", "carried", "handled", "expected"),
    [(40, 2, 42, MET), (40, 2, 41, NOT_MET), (0, 3, 3, MET), (0, 3, 2, NOT_MET)],
)
def test_crime_reports_handled_against_received_plus_carried_over(
    received, carried, handled, expected
):
    facts = make_facts(
        sums={
            "crime_reports_received": received,
            "crime_reports_carried_over": carried,
            "crime_reports_handled": handled,
        }
    )
    outcome = run(8, facts)
    assert outcome.result == expected
    total = received + carried
    assert f"đã xử lý: {handled}/{total}" in outcome.explanation
    assert f"so với {received} tiếp nhận + {carried} tồn kỳ trước" in outcome.explanation


# --- criterion 10: hot spots ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "previous", "new", "expected"),
    [
        (0, None, 0, MET),  # none at year end: no comparison needed
        (2, 4, 0, MET),  # 50% exactly
        (3, 5, 0, NOT_MET),  # 40%
        (2, 4, 1, NOT_MET),  # a new one formed
        (2, None, 0, NOT_ASSESSABLE),
    ],
)
def test_hot_spots(current, previous, new, expected):
    prev = PeriodFigure(previous, () if previous is not None else ("Chưa có số liệu",))
    facts = make_facts(
        sums={"new_hot_spots": new},
        current={"hot_spots": current},
        previous={"hot_spots": prev},
    )
    assert run(10, facts).result == expected


# --- criterion 12: drugs ≥ 15% down and no new addicts ----------------------------------------


@pytest.mark.parametrize(
    ("current", "previous", "new", "expected"),
    [
        (17, 20, 0, MET),  # 15% exactly
        (18, 20, 0, NOT_MET),  # 10%
        (17, 20, 1, NOT_MET),
        (0, 0, 0, MET),
    ],
)
def test_drug_addicts(current, previous, new, expected):
    facts = make_facts(
        sums={"new_drug_addicts": new},
        current={"drug_addicts": current},
        previous={"drug_addicts": previous},
    )
    assert run(12, facts).result == expected


# --- criterion 13: fugitives +20% ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "previous", "expected"),
    [(6, 5, MET), (12, 10, MET), (11, 10, NOT_MET), (0, 0, MET), (3, 0, MET)],
)
def test_fugitives_up_twenty_percent(current, previous, expected):
    facts = make_facts(current={"fugitives": current}, previous={"fugitives": previous})
    outcome = run(13, facts)
    assert outcome.result == expected


def test_fugitives_sentence():
    facts = make_facts(current={"fugitives": 12}, previous={"fugitives": 10})
    assert run(13, facts).explanation.startswith(
        "Đối tượng bị bắt, đầu thú tăng 20% (cả năm 2023 so với năm 2022; "
        "mục tiêu tăng ít nhất 20%)"
    )


@pytest.mark.parametrize(
    ("current", "previous", "shown", "expected"),
    [
        (7, 3, "tăng 133,3%", MET),  # 4/3 = 133.33…%: never shown rounded up
        (1199, 1000, "tăng 19,9%", NOT_MET),  # a shown figure never reaches a missed target
        (1200, 1000, "tăng 20%", MET),
    ],
)
def test_fugitives_change_is_truncated_in_the_sentence(current, previous, shown, expected):
    facts = make_facts(current={"fugitives": current}, previous={"fugitives": previous})
    outcome = run(13, facts)
    assert shown in outcome.explanation
    assert outcome.result == expected


# --- criterion 20: procedures ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on_time", "late", "early", "expected"),
    [
        (100, 0, 10, MET),  # 10% early exactly
        (100, 0, 9, NOT_MET),
        (99, 1, 50, NOT_MET),  # one late
    ],
)
def test_procedures(on_time, late, early, expected):
    facts = make_facts(
        sums={
            "procedures_received": on_time + late,
            "procedures_on_time": on_time,
            "procedures_late": late,
            "procedures_early": early,
        }
    )
    assert run(20, facts).result == expected


def test_procedures_on_time_count_against_received_plus_carried_over():
    sums = {
        "procedures_received": 100,
        "procedures_carried_over": 5,
        "procedures_on_time": 105,
        "procedures_early": 11,
    }
    outcome = run(20, make_facts(sums=sums))
    assert outcome.result == MET
    assert "so với 100 tiếp nhận + 5 tồn kỳ trước" in outcome.explanation
    # Five carried over still unsettled at the year's end: not every procedure was on time.
    outcome = run(20, make_facts(sums={**sums, "procedures_on_time": 100}))
    assert outcome.result == NOT_MET
    assert "thủ tục giải quyết đúng hạn: 100/105" in outcome.explanation.lower()


# --- criterion 21: reports on time --------------------------------------------------------------


def test_one_late_report_fails_criterion_twenty_one_and_names_the_month():
    facts = make_facts(on_time={**{m: True for m in range(1, 13)}, 3: False})
    outcome = run(21, facts)
    assert outcome.result == NOT_MET
    assert "gửi đúng hạn 11/12 (mục tiêu 12/12; trễ hạn: tháng 3)" in outcome.explanation


def test_all_reports_on_time_meet_criterion_twenty_one():
    outcome = run(21, make_facts())
    assert outcome.result == MET
    assert outcome.measured == "12/12"


def test_substantiated_complaint_fails_criterion_twenty_one():
    assert run(21, make_facts(sums={"officer_complaints_substantiated": 1})).result == NOT_MET


# --- criteria 4, 5, 22: staffing and facilities facts ------------------------------------------


def test_staff_ratings_need_everyone_rated_good():
    good = StaffingFacts(headcount=15, rated=15, rated_good_or_better=15)
    one_short = StaffingFacts(headcount=15, rated=15, rated_good_or_better=14)
    unrated = StaffingFacts(headcount=15, rated=14, rated_good_or_better=14)
    assert run(4, make_facts(staffing=good)).result == MET
    assert run(4, make_facts(staffing=one_short)).result == NOT_MET
    outcome = run(4, make_facts(staffing=unrated))
    assert outcome.result == NOT_ASSESSABLE
    assert "14/15" in outcome.explanation
    assert run(4, make_facts(staffing=None)).result == NOT_ASSESSABLE


@pytest.mark.parametrize(
    ("headcount", "teams", "expected"),
    [
        (15, {"cskv": 8, "crime_prevention": 4, "other": 3}, MET),
        (20, {"cskv": 17, "other": 3}, MET),
        (14, {"cskv": 8, "other": 6}, NOT_MET),
        (21, {"cskv": 15, "other": 6}, NOT_MET),
        (15, {"cskv": 13, "other": 2}, NOT_MET),
        (15, {}, NOT_ASSESSABLE),
    ],
)
def test_staff_structure(headcount, teams, expected):
    facts = make_facts(staffing=StaffingFacts(headcount=headcount, team_sizes=teams))
    assert run(5, facts).result == expected


def test_small_team_is_named_in_vietnamese():
    facts = make_facts(
        staffing=StaffingFacts(headcount=15, team_sizes={"cskv": 13, "crime_prevention": 2})
    )
    # the breach comes first in the sentence
    assert run(5, facts).explanation.startswith("Tổ dưới 3 người: Tổ PCTP (2)")


def test_facilities():
    good = FacilitiesFacts(
        equipment_gaps={"scanner": 0}, hq_land_area_m2=500, hq_within_service_life=True
    )
    small = dataclasses.replace(good, hq_land_area_m2=499)
    old = dataclasses.replace(good, hq_within_service_life=False)
    gap = dataclasses.replace(good, equipment_gaps={"scanner": 2})
    unknown = dataclasses.replace(good, hq_land_area_m2=None)
    assert run(22, make_facts(facilities=good)).result == MET
    assert run(22, make_facts(facilities=small)).result == NOT_MET
    assert run(22, make_facts(facilities=old)).result == NOT_MET
    outcome = run(22, make_facts(facilities=gap))
    assert outcome.result == NOT_MET
    assert "Máy scan (thiếu 2)" in outcome.explanation
    assert run(22, make_facts(facilities=unknown)).result == NOT_ASSESSABLE
    assert run(22, make_facts(facilities=None)).result == NOT_ASSESSABLE


def test_unknown_rule_key_is_not_assessable():
    assert evaluate("no-such-rule", {}, make_facts()).result == NOT_ASSESSABLE


def test_measured_change_is_rounded_like_the_sentence():
    facts = make_facts(current={"social_order_crimes": 13}, previous={"social_order_crimes": 14})
    assert run(9, facts).measured == "13 / 14 (-7,1%)"
