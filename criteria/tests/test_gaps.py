"""What a ward still lacks ("Còn thiếu gì để đạt kiểu mẫu"), per rule kind at its boundaries."""

from __future__ import annotations

import dataclasses

from hypothesis import given
from hypothesis import strategies as st

from criteria.facts import FacilitiesFacts, PeriodFigure, StaffingFacts
from criteria.gaps import (
    AT_RISK,
    GAPS,
    NO_DATA,
    NOT_MET,
    UNDECIDED,
    gaps_for,
    least_required,
    manual_gap,
    most_allowed,
    share_shortfall,
)
from criteria.langson import CRITERIA_2023
from criteria.periods import ScoringPeriod
from criteria.rules import MET, RULES, decreased_enough, increased_enough
from criteria.rules import NOT_MET as RULE_NOT_MET
from criteria.tests.test_rules import THRESHOLDS, make_facts, run

FINAL = ScoringPeriod(2023)
OCTOBER = ScoringPeriod(2023, 10)


def gaps(number: int, facts, period=FINAL):
    rule_key, thresholds = THRESHOLDS[number]
    return gaps_for(rule_key, thresholds, facts, period)


def partial(months_approved: int, **kwargs):
    """Return facts with months 1..months_approved approved, the rest still to come."""
    facts = make_facts(**kwargs)
    missing = tuple(range(months_approved + 1, 13))
    return dataclasses.replace(
        facts,
        missing_months=missing,
        year_end={},
        on_time={m: True for m in range(1, months_approved + 1)},
    )


def test_every_rule_has_a_gap_function():
    assert set(GAPS) == set(RULES)


# --- year-on-year: the allowed maximum, exact ---------------------------------------------------


@given(
    previous=st.integers(min_value=0, max_value=5000),
    pct=st.decimals(min_value=0, max_value=100, places=2),
)
def test_adding_the_allowed_maximum_keeps_a_decrease_met_and_one_more_breaks_it(previous, pct):
    allowed = most_allowed(previous, pct)
    assert decreased_enough(allowed, previous, pct)
    assert not decreased_enough(allowed + 1, previous, pct)


@given(
    previous=st.integers(min_value=0, max_value=5000),
    pct=st.decimals(min_value=0, max_value=300, places=2),
)
def test_the_least_required_increase_is_met_and_one_fewer_is_not(previous, pct):
    required = least_required(previous, pct)
    assert increased_enough(required, previous, pct)
    assert required == 0 or not increased_enough(required - 1, previous, pct)


@given(
    so_far=st.integers(min_value=0, max_value=40),
    previous=st.integers(min_value=1, max_value=60),
    approved=st.integers(min_value=1, max_value=11),
)
def test_the_crime_budget_agrees_with_the_scorecard_rule(so_far, previous, approved):
    facts = partial(
        approved,
        sums={"social_order_crimes": so_far},
        current={"social_order_crimes": PeriodFigure(None, ("thiếu",))},
        previous={"social_order_crimes": previous},
    )
    items = gaps(9, facts, OCTOBER)
    assert len(items) == 1
    budget = items[0]
    if budget.status == AT_RISK:
        # The rest of the year adds exactly the allowed maximum: met; one more: not met.
        for extra, expected in ((budget.needed, MET), (budget.needed + 1, RULE_NOT_MET)):
            done = make_facts(
                sums={"social_order_crimes": so_far + extra},
                current={"social_order_crimes": so_far + extra},
                previous={"social_order_crimes": previous},
            )
            assert run(9, done).result == expected
    else:
        assert budget.status == NOT_MET
        assert run(9, facts).result == RULE_NOT_MET


def test_crime_budget_names_the_remaining_months_and_the_most_allowed():
    facts = partial(
        10,
        sums={"social_order_crimes": 15},
        current={"social_order_crimes": PeriodFigure(None, ("thiếu",))},
        previous={"social_order_crimes": 17},
    )
    [item] = gaps(9, facts, OCTOBER)
    # 17 × 94% = 15,98: at most 15 in the year, 15 already → 0 more.
    assert (item.status, item.needed) == (AT_RISK, 0)
    facts = dataclasses.replace(facts, sums={**facts.sums, "social_order_crimes": 14})
    [item] = gaps(9, facts, OCTOBER)
    assert (item.status, item.needed) == (AT_RISK, 1)
    assert item.text == (
        "Tối đa 1 vụ tội phạm về TTXH trong 2 tháng còn lại (tháng 11, 12/2023) để giảm ít nhất "
        "6% so với năm 2022 (17 vụ); đã có 14 vụ."
    )


def test_crime_over_the_most_allowed_is_lost_for_the_year():
    facts = partial(
        10,
        sums={"social_order_crimes": 18},
        current={"social_order_crimes": PeriodFigure(None, ("thiếu",))},
        previous={"social_order_crimes": 17},
    )
    [item] = gaps(9, facts, OCTOBER)
    assert (item.status, item.needed) == (NOT_MET, 3)
    assert item.text == (
        "Tội phạm về TTXH: 18 vụ, đã vượt mức cho phép 3 vụ để giảm ít nhất 6% so với năm 2022 "
        "(17 vụ) — không thể đạt trong năm 2023."
    )


def test_a_serious_resident_crime_loses_criterion_9_for_the_year():
    facts = make_facts(
        sums={"serious_resident_crimes": 1, "social_order_crimes": 5},
        current={"social_order_crimes": 5},
        previous={"social_order_crimes": 20},
    )
    [item] = gaps(9, facts)
    assert (item.status, item.needed) == (NOT_MET, 1)
    assert item.text.startswith("Đã có 1 vụ tội phạm nghiêm trọng trở lên")
    assert item.text.endswith("— không đạt trong năm 2023.")


def test_a_met_year_on_year_criterion_lacks_nothing():
    facts = make_facts(
        sums={"social_order_crimes": 15},
        current={"social_order_crimes": 15},
        previous={"social_order_crimes": 16},
    )  # 16 × 94% = 15,04
    assert run(9, facts).result == MET
    assert gaps(9, facts) == []


def test_previous_year_missing_is_missing_data():
    facts = make_facts(previous={"social_order_crimes": PeriodFigure(None, ("chưa nhập",))})
    [item] = gaps(9, facts)
    assert item.status == NO_DATA
    assert item.text == (
        "Không so sánh được tội phạm về trật tự xã hội cả năm 2023 so với năm 2022: chưa nhập."
    )


def test_fugitives_still_needed_in_the_remaining_months():
    facts = partial(
        10,
        sums={"fugitives_caught": 3, "fugitives_surrendered": 2},
        current={"fugitives": PeriodFigure(None, ("thiếu",))},
        previous={"fugitives": 10},
    )
    [item] = gaps(13, facts, OCTOBER)  # 10 × 120% = 12 → 7 more
    assert (item.status, item.needed) == (AT_RISK, 7)
    assert item.text.startswith(
        "Cần thêm ít nhất 7 đối tượng truy nã bị bắt hoặc ra đầu thú trong 2 tháng còn lại"
    )
    done = make_facts(current={"fugitives": 11}, previous={"fugitives": 10})
    [item] = gaps(13, done)
    assert (item.status, item.needed) == (NOT_MET, 1)
    assert gaps(13, make_facts(current={"fugitives": 12}, previous={"fugitives": 10})) == []


def test_drug_addicts_at_year_end_and_new_addicts():
    facts = partial(
        10,
        current={"drug_addicts": PeriodFigure(None, ("thiếu",))},
        previous={"drug_addicts": 20},
    )
    [item] = gaps(12, facts, OCTOBER)  # 20 × 85% = 17
    assert (item.status, item.needed) == (AT_RISK, 17)
    assert item.text == (
        "Người nghiện ma túy cuối năm tối đa 17 người để giảm ít nhất 15% so với năm 2022 "
        "(20 người)."
    )
    over = make_facts(
        sums={"new_drug_addicts": 1}, current={"drug_addicts": 18}, previous={"drug_addicts": 20}
    )
    statuses = [(i.status, i.needed) for i in gaps(12, over)]
    assert statuses == [(NOT_MET, 1), (NOT_MET, 1)]


def test_hot_spots_new_one_means_none_may_be_left():
    facts = partial(
        10,
        sums={"new_hot_spots": 1},
        current={"hot_spots": PeriodFigure(None, ("thiếu",))},
        previous={"hot_spots": 4},
    )
    [item] = gaps(10, facts, OCTOBER)
    assert (item.status, item.needed) == (AT_RISK, 0)
    assert "chỉ đạt khi cuối năm không còn tụ điểm phức tạp nào" in item.text
    assert gaps(10, make_facts(current={"hot_spots": 2}, previous={"hot_spots": 4})) == []
    [item] = gaps(10, make_facts(current={"hot_spots": 3}, previous={"hot_spots": 4}))
    assert (item.status, item.needed) == (NOT_MET, 1)


# --- counts, ratios, reports ------------------------------------------------------------------


def test_a_zero_tolerance_count_is_lost_for_the_year():
    facts = partial(4, sums={"serious_fires": 1})
    [item] = gaps(6, facts, OCTOBER)
    assert item.status == NOT_MET
    assert item.text == (
        "Đã có 1 vụ cháy, nổ nghiêm trọng trở lên (mục tiêu: không có) — không đạt trong năm 2023."
    )
    assert gaps(6, partial(4), OCTOBER) == []


def test_crime_reports_still_to_handle():
    facts = partial(10, sums={"crime_reports_received": 40, "crime_reports_handled": 37})
    [item] = gaps(8, facts, OCTOBER)
    assert (item.status, item.needed) == (AT_RISK, 3)
    assert item.text.startswith("Cần thêm 3 tố giác, tin báo tội phạm đã xử lý để đạt 100%")


@given(
    part=st.integers(min_value=0, max_value=500),
    extra=st.integers(min_value=0, max_value=500),
    pct=st.decimals(min_value=0, max_value=100, places=1),
)
def test_the_share_shortfall_is_exactly_what_reaches_the_minimum(part, extra, pct):
    from criteria.rules import at_least_pct

    whole = part + extra + 1
    need = share_shortfall(part, whole, pct)
    assert at_least_pct(part + need, whole, pct)
    assert need == 0 or not at_least_pct(part + need - 1, whole, pct)


def test_commendations_short_of_the_minimum():
    facts = make_facts(yearly={"commendations": 0})
    [item] = gaps(15, facts)
    assert (item.status, item.needed) == (NOT_MET, 1)
    assert item.text.startswith("Cần thêm 1 lượt tập thể, cá nhân được khen thưởng")
    [item] = gaps(15, make_facts(yearly=None))
    assert item.status == NO_DATA
    assert gaps(15, make_facts(yearly=None), OCTOBER) == []  # the yearly report is not due yet


def test_a_late_report_loses_the_reporting_criterion():
    rule_key = next(key for key, _ in THRESHOLDS.values() if key == "reporting")
    number = next(n for n, (key, _) in THRESHOLDS.items() if key == rule_key)
    facts = make_facts(on_time={**{m: True for m in range(1, 13)}, 3: False})
    [item] = gaps(number, facts)
    assert item.status == NOT_MET
    assert item.text == "Báo cáo tháng 3/2023 gửi trễ hạn — không thể đạt trong năm 2023."


# --- staffing, equipment, manual --------------------------------------------------------------


def test_staff_per_team_and_in_all():
    staffing = StaffingFacts(
        headcount=13, team_sizes={"cskv": 11, "crime_prevention": 0, "other": 2}
    )
    items = gaps(5, make_facts(staffing=staffing), OCTOBER)
    assert [(i.status, i.needed) for i in items] == [(AT_RISK, 2), (AT_RISK, 3), (AT_RISK, 1)]
    assert items[0].text == "Cần thêm 2 biên chế (hiện 13 người; mục tiêu 15–20)."
    assert items[1].text == "Cần thêm 3 biên chế cho tổ PCTP (hiện 0; mỗi tổ ≥ 3)."
    assert items[2].text.startswith("Cần thêm 1 biên chế cho công tác khác")
    [item] = gaps(5, make_facts(staffing=None))
    assert item.status == NO_DATA


def test_ratings_still_needed():
    staffing = StaffingFacts(headcount=16, rated=12, rated_good_or_better=12)
    [item] = gaps(4, make_facts(staffing=staffing))
    assert (item.status, item.needed) == (AT_RISK, 4)
    staffing = StaffingFacts(headcount=16, rated=16, rated_good_or_better=15)
    [item] = gaps(4, make_facts(staffing=staffing))
    assert (item.status, item.needed) == (NOT_MET, 1)


def test_equipment_shortfall_per_kind():
    number = next(n for n, (key, _) in THRESHOLDS.items() if key == "facilities")
    facilities = FacilitiesFacts(
        equipment_gaps={"scanner": 2, "printer": 0, "laptop": 1},
        hq_land_area_m2=400,
        hq_within_service_life=True,
    )
    items = gaps(number, make_facts(facilities=facilities))
    texts = [i.text for i in items]
    assert texts[:2] == ["Cần thêm 1 máy tính xách tay.", "Cần thêm 2 máy scan."]
    assert [i.needed for i in items[:2]] == [1, 2]
    assert (items[2].status, items[2].needed) == (NOT_MET, 100)  # 500 m² wanted
    assert items[2].text == (
        "Diện tích đất trụ sở còn thiếu 100 m² (hiện 400 m²; mục tiêu ít nhất 500 m²)."
    )
    assert len(items) == 3


def test_manual_criteria_not_yet_decided():
    assert [(g.status, g.text) for g in manual_gap(None, "")] == [
        (UNDECIDED, "Chưa có quyết định đánh giá của Công an tỉnh.")
    ]
    assert manual_gap("met", "") == []
    [item] = manual_gap("not_met", "chưa đạt danh hiệu")
    assert item.text == "Công an tỉnh đánh giá: Không đạt — chưa đạt danh hiệu."


def test_every_criterion_of_the_set_met_in_full_lacks_nothing_when_its_rule_is_met():
    facts = make_facts(
        staffing=StaffingFacts(
            headcount=16,
            team_sizes={"cskv": 10, "crime_prevention": 3, "other": 3},
            rated=16,
            rated_good_or_better=16,
        ),
        facilities=FacilitiesFacts(
            equipment_gaps={"scanner": 0}, hq_land_area_m2=5000, hq_within_service_life=True
        ),
    )
    for number, _area, kind, *_rest, _key, _thresholds in CRITERIA_2023:
        if kind != "manual" and run(number, facts).result == MET:
            assert gaps(number, facts) == [], number


def test_the_rule_has_the_last_word_on_a_criterion(monkeypatch):
    from criteria import gaps as gaps_module
    from criteria.gap_selectors import criterion_gaps
    from criteria.models import Criterion

    rule_key, thresholds = THRESHOLDS[6]
    criterion = Criterion(number=6, title_vi="Cháy nổ", kind="auto", rule_key=rule_key)
    criterion.thresholds = thresholds
    breach = make_facts(sums={"serious_fires": 1})
    # A breach the gap function does not name is still listed, in the rule's own words.
    monkeypatch.setitem(gaps_module.GAPS, rule_key, lambda t, f, p: [])
    [gap] = criterion_gaps(criterion, breach, FINAL, None)
    assert (gap.number, gap.status) == (6, NOT_MET)
    assert gap.text == run(6, breach).explanation
    # Nothing is listed for a criterion its rule finds met, whatever a gap function says.
    monkeypatch.setitem(
        gaps_module.GAPS, rule_key, lambda t, f, p: [gaps_module.item(AT_RISK, "thừa")]
    )
    assert criterion_gaps(criterion, make_facts(), FINAL, None) == []
