"""Reads for "Còn thiếu gì để đạt kiểu mẫu": each ward's gaps for a year (criteria.gaps)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from criteria import gaps
from criteria.facts import WardYearFacts
from criteria.formatting import months_text
from criteria.models import Criterion, CriterionKind, ManualDecision
from criteria.periods import ScoringPeriod, YearNotScorableError, scoring_period
from criteria.rules import MET, NOT_MET, evaluate
from criteria.selectors import criteria_set_for_year, wards_year_facts
from wards.models import Ward

STATUS_LABELS = {
    gaps.NOT_MET: _("Không đạt"),
    gaps.AT_RISK: _("Có nguy cơ"),
    gaps.NO_DATA: _("Thiếu số liệu"),
    gaps.UNDECIDED: _("Chưa đánh giá"),
}


@dataclass(frozen=True)
class Gap:
    """One line of "Còn thiếu gì để đạt kiểu mẫu": a criterion (none for the ward's data as a
    whole), its status and the sentence with the quantity still needed."""

    number: int | None
    title: str
    status: str
    text: str
    needed: int | Decimal | None = None

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def criterion_label(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title


def missing_data_gap(facts: WardYearFacts, period: ScoringPeriod) -> Gap | None:
    """Return the ward-level gap of the monthly reports due but not approved yet."""
    overdue = [m for m in facts.missing_months if period.includes(m)]
    if not overdue:
        return None
    text = f"Thiếu số liệu {months_text(overdue)}/{facts.year} (báo cáo tháng chưa được duyệt)."
    return Gap(None, "Số liệu báo cáo tháng", gaps.NO_DATA, text, len(overdue))


def criterion_gaps(
    criterion: Criterion,
    facts: WardYearFacts,
    period: ScoringPeriod,
    decision: ManualDecision | None,
) -> list[Gap]:
    """Return a criterion's gaps: its gap function, checked against its rule's verdict."""
    items: list[gaps.GapItem] = []
    if criterion.kind != CriterionKind.MANUAL:
        auto = gaps.gaps_for(criterion.rule_key, criterion.thresholds, facts, period)
        outcome = evaluate(criterion.rule_key, criterion.thresholds, facts)
        if outcome.result == MET:
            auto = []  # the rule decides: nothing is missing from a criterion it finds met
        elif outcome.result == NOT_MET and not any(
            i.status in (gaps.NOT_MET, gaps.AT_RISK) for i in auto
        ):
            # A breach the gap function did not name is still shown, in the rule's words.
            auto.append(gaps.item(gaps.NOT_MET, outcome.explanation))
        items += auto
    if criterion.needs_decision:
        items += gaps.manual_gap(
            decision.decision if decision else None, decision.note if decision else ""
        )
    return [
        Gap(criterion.number, criterion.title_vi, i.status, i.text, i.needed)
        for i in sorted(items, key=lambda i: gaps.STATUS_ORDER[i.status])
    ]


@dataclass(frozen=True)
class WardGaps:
    """A ward's gaps for a year, and the last month due when the year is still running."""

    items: list[Gap]
    through_month: int | None = None  # None: the whole year is due


def wards_gaps(
    *, wards: Iterable[Ward], year: int, today: datetime.date | None = None
) -> dict[int, WardGaps]:
    """Return, by ward id, what each ward standing in the year still lacks (a fixed number of
    queries: the criteria set, its criteria, the facts of all wards, the reviewers' decisions).

    Empty for a year that cannot be scored today (a future year) or has no criteria set."""
    wards = [ward for ward in wards if ward.is_valid_in_year(year)]
    try:
        period = scoring_period(year, today)
    except YearNotScorableError:
        return {}
    criteria_set = criteria_set_for_year(year) if wards else None
    if criteria_set is None:
        return {}
    criteria = list(criteria_set.criteria.order_by("number"))
    facts = wards_year_facts(wards=wards, year=year)
    decisions = {
        (d.ward_id, d.criterion_id): d
        for d in ManualDecision.objects.filter(
            ward__in=wards, year=year, criterion__criteria_set=criteria_set
        ).order_by()
    }
    result: dict[int, WardGaps] = {}
    for ward in wards:
        ward_facts = facts[ward.pk]
        found = [g for g in [missing_data_gap(ward_facts, period)] if g]
        for criterion in criteria:
            decision = decisions.get((ward.pk, criterion.pk))
            found += criterion_gaps(criterion, ward_facts, period, decision)
        result[ward.pk] = WardGaps(found, period.through_month)
    return result


def ward_gaps(*, ward: Ward, year: int, today: datetime.date | None = None) -> WardGaps | None:
    """Return what the ward still lacks to become a model ward in the year (None when it cannot
    be told: a future year, no criteria set, or a ward not standing in the year)."""
    return wards_gaps(wards=[ward], year=year, today=today).get(ward.pk)
