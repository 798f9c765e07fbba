"""Scoring a ward's year from approved data: results, not-assessable cases, lineage, re-runs."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from criteria.models import CriterionResult, Decision, ManualDecision, Result, Scorecard
from criteria.selectors import YOY_FIGURES, StatisticsData, period_figure
from criteria.services import (
    criteria_set_publish,
    manual_decision_record,
    scorecards_compute,
    ward_year_score,
)
from criteria.tests.factories import (
    BaselineFactory,
    MonthlyReportFactory,
    YearlyReportFactory,
    submitted_on,
    year_of_reports,
)
from reports.models import MonthlyReport, ReportStatus
from wards.models import Ward, WardKind, WardLineage
from wards.tests.factories import WardFactory

pytestmark = pytest.mark.django_db


def results(ward, year) -> dict[int, CriterionResult]:
    return {
        r.criterion.number: r
        for r in CriterionResult.objects.filter(ward=ward, year=year).select_related("criterion")
    }


def full_year_2023(ward):
    """Approved 2023 data for a ward, with a 2022 baseline entered by a reviewer."""
    BaselineFactory(
        ward=ward,
        year=2022,
        social_order_crimes=14,
        hot_spots=4,
        drug_addicts=20,
        fugitives_caught_or_surrendered=5,
    )
    reports = year_of_reports(
        ward,
        2023,
        social_order_crimes=[1] * 11 + [2],
        hot_spots=[4, 4, 4, 3, 3, 3, 3, 3, 2, 2, 2, 2],
        drug_addicts=[20, 20, 19, 19, 19, 18, 18, 18, 18, 17, 17, 17],
        fugitives_caught=[1] * 6 + [0] * 6,
        managed_subjects=200,
        managed_subjects_supervised=200,
        reoffenders=[0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0],
        crime_reports_received=4,
        crime_reports_handled=4,
        procedures_received=10,
        procedures_on_time=10,
        procedures_early=1,
        feedback_received=2,
        feedback_resolved=2,
    )
    # March's report first went in on 6 April, a day after the due day (5 April).
    MonthlyReport.objects.filter(pk=reports[2].pk).update(
        first_submitted_at=submitted_on(2023, 4, 6)
    )
    YearlyReportFactory(ward=ward, year=2023)


def test_full_year_scored_from_data_matches_the_hand_computation(ward_a, criteria_2023):
    full_year_2023(ward_a)
    card = ward_year_score(ward=ward_a, year=2023)
    got = results(ward_a, 2023)
    assert len(got) == 22

    # 9: social-order crime 1×11 + 2 = 13 against 14 in 2022: (14 − 13) / 14 = 7,14% ≥ 6% → met
    assert got[9].result == Result.MET
    assert got[9].explanation.startswith(
        "Tội phạm về TTXH giảm 7,1% (cả năm 2023 so với năm 2022; mục tiêu giảm ít nhất 6%): "
        "năm 2023: 13 vụ, năm 2022: 14 vụ"
    )
    assert got[9].measured_value == Decimal("-7.1429")
    # 10: hot spots at December 2, against 4: (4 − 2) / 4 = 50% exactly, none new → met
    assert got[10].result == Result.MET
    assert "giảm 50%" in got[10].explanation
    # 12: addicts at December 17 against 20: 3 / 20 = 15% exactly, no new addicts → met
    assert got[12].result == Result.MET
    # 13: fugitives 1×6 = 6 against 5: (6 − 5) / 5 = 20% exactly → met
    assert got[13].result == Result.MET
    # 7: reoffenders 3 of 200 managed = 1,5%, not below 1,5% → not met
    assert got[7].result == Result.NOT_MET
    assert "3/200 = 1,5% (mục tiêu dưới 1,5%)" in got[7].explanation
    # 8: tips 4×12 = 48 handled of 48 → met; 20: 120 on time of 120, 12 early = 10% → met
    assert got[8].result == Result.MET
    assert "48/48" in got[8].measured_text
    assert got[20].result == Result.MET
    assert "12/120 (10%)" in got[20].explanation
    # 21: March was submitted on 6/4, after the 5th → 11 of 12 on time → not met
    assert got[21].result == Result.NOT_MET
    assert got[21].measured_text == "11/12"
    # 15-19: the yearly report meets every target (19/20 = 95% cultured groups, ...)
    for number in (6, 11, 15, 16, 17, 18, 19):
        assert got[number].result == Result.MET, number
    # 1-3 and 14 wait for a reviewer; 4, 5, 22 have no roster or facilities recorded
    for number in (1, 2, 3, 4, 5, 14, 22):
        assert got[number].result == Result.NOT_ASSESSABLE, number
    # 13 met (6, 8, 9, 10, 11, 12, 13, 15-20), 2 not met (7, 21), 7 not assessable
    assert (card.met_count, card.not_met_count, card.not_assessable_count) == (13, 2, 7)
    assert card.in_force_count == 22
    assert card.is_model_ward is False
    assert card.data_summary["approved_monthly_reports"] == {str(m): 1 for m in range(1, 13)}
    assert card.data_summary["missing_months"] == []


def test_reviewer_decisions_complete_the_manual_and_mixed_criteria(ward_a, reviewer, criteria_2023):
    full_year_2023(ward_a)
    for number in (1, 2, 3, 14):
        manual_decision_record(
            ward=ward_a,
            year=2023,
            criterion=criteria_2023.criteria.get(number=number),
            decision=Decision.MET,
            note="Đủ hồ sơ khen thưởng.",
            user=reviewer,
        )
    got = results(ward_a, 2023)
    assert got[1].result == Result.MET
    assert "Công an tỉnh đánh giá: Đạt" in got[1].explanation
    assert got[14].result == Result.MET
    card = Scorecard.objects.get(ward=ward_a, year=2023)
    assert (card.met_count, card.not_met_count, card.not_assessable_count) == (17, 2, 3)


def test_mixed_criterion_needs_both_parts(ward_a, reviewer, criteria_2023):
    full_year_2023(ward_a)
    MonthlyReport.objects.filter(ward=ward_a, month=6).update(mass_complaints=1)
    manual_decision_record(
        ward=ward_a,
        year=2023,
        criterion=criteria_2023.criteria.get(number=14),
        decision=Decision.MET,
        note="Không có sự kiện chính trị.",
        user=reviewer,
    )
    assert results(ward_a, 2023)[14].result == Result.NOT_MET


def test_missing_month_makes_monthly_criteria_not_assessable(ward_a, criteria_2023):
    full_year_2023(ward_a)
    MonthlyReport.objects.filter(ward=ward_a, month=4).update(status=ReportStatus.SUBMITTED)
    ward_year_score(ward=ward_a, year=2023)
    got = results(ward_a, 2023)
    for number in (6, 8, 9, 10, 11, 12, 13):
        assert got[number].result == Result.NOT_ASSESSABLE, number
        assert "Thiếu báo cáo tháng đã duyệt: tháng 4/2023" in got[number].explanation
    # 7 and 21 were already breached in the approved months (3 reoffenders of 200 = 1,5% in May;
    # March's report late): the missing April cannot change that, and it is named too.
    for number in (7, 21):
        assert got[number].result == Result.NOT_MET, number
        assert "thiếu báo cáo tháng đã duyệt: tháng 4/2023" in got[number].explanation
    assert "3/200 = 1,5% trong các tháng đã duyệt (mục tiêu dưới 1,5%)" in got[7].explanation
    assert "trễ hạn: tháng 3" in got[21].explanation
    assert got[15].result == Result.MET  # the yearly report does not depend on months
    card = Scorecard.objects.get(ward=ward_a, year=2023)
    assert card.data_summary["missing_months"] == [4]


def test_decision_baseline_without_yoy_figures_is_not_assessable(langson):
    """2022 from the Đề án has criminal cases but no social-order crime: never substituted."""
    ward = Ward.objects.get(code="chi-lang")
    year_of_reports(ward, 2023, social_order_crimes=0)
    ward_year_score(ward=ward, year=2023)
    got = results(ward, 2023)
    for number in (9, 12, 13):
        assert got[number].result == Result.NOT_ASSESSABLE
        assert "năm 2022 của Phường Chi Lăng" in got[number].explanation
    assert "Chưa có số liệu tội phạm về trật tự xã hội năm 2022" in got[9].explanation
    # No hot spot at year end: met without any comparison.
    assert got[10].result == Result.MET


@pytest.fixture
def merge(db):
    """Old ward P (tracked, to 30/6/2025) + untracked commune Q → new ward N from 1/7/2025."""
    last = datetime.date(2025, 6, 30)
    first = datetime.date(2025, 7, 1)
    old = WardFactory(code="old-p", name="P", valid_to=last)
    commune = WardFactory(
        code="xa-q", name="Q", kind=WardKind.COMMUNE, valid_to=last, in_programme=False
    )
    new = WardFactory(code="new-n", name="N", valid_from=first)
    for predecessor in (old, commune):
        WardLineage.objects.create(successor=new, predecessor=predecessor, effective_date=first)
    return old, commune, new


def test_merged_ward_previous_year_is_the_sum_of_its_predecessors(merge, criteria_2023):
    old, commune, new = merge
    # 2025: P reported January-June, N July-December; Q was never tracked.
    year_of_reports(old, 2025, range(1, 7), social_order_crimes=2, fugitives_caught=1)
    year_of_reports(new, 2025, range(7, 13), social_order_crimes=3, drug_addicts=10)
    year_of_reports(new, 2026, social_order_crimes=2, drug_addicts=8)
    ward_year_score(ward=new, year=2026)
    got = results(new, 2026)
    assert got[9].result == Result.NOT_ASSESSABLE
    assert "Xã Q (đến 30/06/2025) không được theo dõi trong Đề án" in got[9].explanation

    # A reviewer enters Q's January-June 2025 figures: the comparison becomes possible.
    BaselineFactory(
        ward=commune, year=2025, social_order_crimes=6, fugitives_caught_or_surrendered=0
    )
    ward_year_score(ward=new, year=2026)
    got = results(new, 2026)
    # previous = P 2×6 = 12 + Q 6 + N 3×6 = 18 → 36; 2026: 2×12 = 24; (36 − 24) / 36 = 33,3%
    assert got[9].result == Result.MET
    assert got[9].explanation.startswith(
        "Tội phạm về TTXH giảm 33,3% (cả năm 2026 so với năm 2025; mục tiêu giảm ít nhất 6%): "
        "năm 2026: 24 vụ, năm 2025: 36 vụ, là tổng của phường P, xã Q (tháng 1–6/2025) và của "
        "chính phường (tháng 7–12/2025); "
    )
    assert got[9].inputs["social_order_crimes_previous"] == 36
    # addicts are a stock: N's December 2025 (10) → December 2026 (8): 20% down → met
    assert got[12].result == Result.MET


def test_merged_ward_first_half_year_compares_the_same_months(merge, criteria_2023):
    old, commune, new = merge
    data_wards = [new, old, commune]
    year_of_reports(old, 2024, social_order_crimes=1)
    BaselineFactory(ward=commune, year=2024, social_order_crimes=10)
    data = StatisticsData.load(data_wards, [2024])
    figure = period_figure(
        figure=YOY_FIGURES["social_order_crimes"],
        ward=new,
        predecessors=[old, commune],
        year=2024,
        months=range(7, 13),
        data=data,
    )
    # Q's 2024 figure is for the whole year: it cannot be split into July-December.
    assert figure.value is None
    assert figure.missing[0].startswith(
        "Xã Q (đến 30/06/2025) chỉ có số liệu tội phạm về trật tự xã hội cả năm 2024"
    )
    whole_year = period_figure(
        figure=YOY_FIGURES["social_order_crimes"],
        ward=new,
        predecessors=[old, commune],
        year=2024,
        months=range(1, 13),
        data=data,
    )
    assert whole_year.value == 12 + 10  # P 1×12 + Q 10


def test_scoring_twice_gives_the_same_rows(ward_a, ward_b, criteria_2023):
    full_year_2023(ward_a)
    scorecards_compute(year=2023)
    first = list(
        CriterionResult.objects.order_by("pk").values_list(
            "pk", "ward", "criterion", "result", "explanation", "computed_at"
        )
    )
    cards = list(Scorecard.objects.order_by("pk").values_list("pk", "met_count", "computed_at"))
    scorecards_compute(year=2023)
    assert (
        list(
            CriterionResult.objects.order_by("pk").values_list(
                "pk", "ward", "criterion", "result", "explanation", "computed_at"
            )
        )
        == first
    )
    assert list(Scorecard.objects.order_by("pk").values_list("pk", "met_count", "computed_at")) == (
        cards
    )
    assert len(first) == 44  # 2 wards × 22 criteria


def test_only_wards_in_programme_and_standing_in_the_year_are_scored(merge, criteria_2023):
    old, _commune, _new = merge
    scorecards_compute(year=2025)
    assert set(Scorecard.objects.values_list("ward__code", flat=True)) == {"old-p", "new-n"}
    assert Scorecard.objects.get(ward=old).data_summary["expected_months"] == [1, 2, 3, 4, 5, 6]


def test_new_version_for_a_later_year_leaves_past_results_alone(ward_a, criteria_2023):
    full_year_2023(ward_a)
    scorecards_compute(year=2023)
    before = list(CriterionResult.objects.values_list("pk", "criterion_id", "result"))
    rows = [
        {
            "number": n,
            "area": c.area,
            "title_vi": c.title_vi,
            "title_en": c.title_en,
            "target_text": c.target_text,
            "kind": c.kind,
            "rule_key": c.rule_key,
            "thresholds": c.thresholds,
        }
        for n, c in enumerate(criteria_2023.criteria.exclude(number__in=[4, 5]), start=1)
    ]
    new_set = criteria_set_publish(name="Bộ 20 tiêu chí", effective_year=2025, criteria=rows)
    assert new_set.version == 2
    assert new_set.criteria.count() == 20
    scorecards_compute(year=2023)
    assert list(CriterionResult.objects.values_list("pk", "criterion_id", "result")) == before
    year_of_reports(ward_a, 2025)
    card = ward_year_score(ward=ward_a, year=2025)
    assert card.criteria_set == new_set
    assert card.in_force_count == 20
    assert Scorecard.objects.get(ward=ward_a, year=2023).in_force_count == 22


def test_publishing_for_a_past_or_same_year_is_refused(criteria_2023):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        criteria_set_publish(name="x", effective_year=2023, based_on=criteria_2023)


def test_staffing_and_facilities_not_recorded_are_named(ward_a, criteria_2023):
    ward_year_score(ward=ward_a, year=2023)
    got = results(ward_a, 2023)
    assert got[4].explanation == "Chưa có danh sách cán bộ, chiến sĩ năm 2023 (biên chế)."
    assert got[22].explanation == "Chưa có số liệu trang thiết bị và trụ sở năm 2023."


def test_a_returned_or_draft_report_does_not_count(ward_a, criteria_2023):
    year_of_reports(ward_a, 2023, range(1, 12))
    MonthlyReportFactory(ward=ward_a, year=2023, month=12, status=ReportStatus.DRAFT)
    ward_year_score(ward=ward_a, year=2023)
    assert "tháng 12/2023" in results(ward_a, 2023)[6].explanation


def test_manual_decision_is_refused_to_non_reviewers(ward_a, chief_a, committee, criteria_2023):
    from django.core.exceptions import PermissionDenied

    for user in (chief_a, committee):
        with pytest.raises(PermissionDenied):
            manual_decision_record(
                ward=ward_a,
                year=2023,
                criterion=criteria_2023.criteria.get(number=1),
                decision=Decision.MET,
                note="x",
                user=user,
            )
    assert not ManualDecision.objects.exists()


@pytest.mark.parametrize(("day", "expected"), [(5, Result.MET), (6, Result.NOT_MET)])
def test_report_due_on_the_due_day_of_the_following_month(ward_a, criteria_2023, day, expected):
    reports = year_of_reports(ward_a, 2023)
    # December's report is due on 5 January 2024.
    MonthlyReport.objects.filter(pk=reports[11].pk).update(
        first_submitted_at=submitted_on(2024, 1, day)
    )
    ward_year_score(ward=ward_a, year=2023)
    assert results(ward_a, 2023)[21].result == expected


def test_due_day_follows_the_setting(ward_a, criteria_2023, settings):
    settings.REPORT_DUE_DAY = 10
    reports = year_of_reports(ward_a, 2023)
    MonthlyReport.objects.filter(pk=reports[0].pk).update(
        first_submitted_at=submitted_on(2023, 2, 10)
    )
    ward_year_score(ward=ward_a, year=2023)
    assert results(ward_a, 2023)[21].result == Result.MET


def test_reports_on_time_count_only_the_months_the_ward_stood(merge, criteria_2023):
    old, _commune, _new = merge
    year_of_reports(old, 2025, range(1, 7))
    ward_year_score(ward=old, year=2025)
    got = results(old, 2025)[21]
    assert got.result == Result.MET
    assert got.measured_text == "6/6"


def test_serious_crime_and_a_missing_month_score_not_met_naming_both(ward_a, criteria_2023):
    """The issue's case: one serious crime in an approved month against a target of 0 and one
    month missing gives "Không đạt", not "Chưa đánh giá được"."""
    full_year_2023(ward_a)
    MonthlyReport.objects.filter(ward=ward_a, month=2).update(serious_resident_crimes=1)
    MonthlyReport.objects.filter(ward=ward_a, month=9).update(status=ReportStatus.RETURNED)
    card = ward_year_score(ward=ward_a, year=2023)
    got = results(ward_a, 2023)[9]
    assert got.result == Result.NOT_MET
    assert got.explanation.startswith(
        "Tội phạm nghiêm trọng trở lên, lỗi cố ý, do công dân cư trú gây ra: 1 trong các tháng "
        "đã duyệt (mục tiêu: không có); thiếu báo cáo tháng đã duyệt: tháng 9/2023"
    )
    assert got.explanation.endswith("Số liệu còn thiếu không làm thay đổi kết luận “Không đạt”.")
    assert card.not_met_count == 3  # 7 and 21 as in the full year, and now 9
    assert card.data_summary["missing_months"] == [9]


def test_carry_over_counts_once_at_the_start_of_the_year(ward_a, criteria_2023):
    """Each month carries last month's closing over: the year compares what was handled with
    the year's receipts plus what was open on 1 January, never the sum of the monthly balances."""
    full_year_2023(ward_a)
    # 2 open from December 2022; 4 received a month; January handles 5 (1 left), then every
    # month carries 1 over and handles 4; December settles the last one (5).
    carried = [2] + [1] * 11
    handled = [5] + [4] * 10 + [5]
    for report, carry, done in zip(
        MonthlyReport.objects.filter(ward=ward_a, year=2023).order_by("month"),
        carried,
        handled,
        strict=True,
    ):
        MonthlyReport.objects.filter(pk=report.pk).update(
            crime_reports_carried_over=carry, crime_reports_handled=done
        )
    ward_year_score(ward=ward_a, year=2023)
    got = results(ward_a, 2023)[8]
    # 5 + 4×10 + 5 = 50 handled against 4×12 = 48 received + 2 carried over on 1 January
    assert got.result == Result.MET
    assert "50/50 (100%), so với 48 tiếp nhận + 2 tồn kỳ trước" in got.explanation

    # One tip left open in December: not every tip was handled.
    december = MonthlyReport.objects.get(ward=ward_a, year=2023, month=12)
    MonthlyReport.objects.filter(pk=december.pk).update(crime_reports_handled=4)
    ward_year_score(ward=ward_a, year=2023)
    assert results(ward_a, 2023)[8].result == Result.NOT_MET
