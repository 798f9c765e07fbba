"""Reads for the criteria: the set in force, the facts a ward's year is scored from, pages."""

from __future__ import annotations

import datetime
import operator
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext

from criteria.facts import (
    YOY_FIGURES,
    Figure,
    PeriodFigure,
    WardYearFacts,
)
from criteria.formatting import fmt_decimal, fmt_int, fmt_threshold, months_text
from criteria.models import (
    CriteriaSet,
    Criterion,
    CriterionResult,
    EvidenceFile,
    ManualDecision,
    Scorecard,
    ScoringJob,
    StartingAssessment,
)
from criteria.resource_facts import facilities_facts, staffing_facts, wards_resources_facts
from reports.models import BaselineTotals, MonthlyReport, ReportStatus, YearlyReport
from reports.rules import CARRY_OVER_FIELDS, STOCK_FIELDS
from reports.selectors import report_due_date
from wards.access import scope_by_ward
from wards.models import Ward, WardKind, WardLineage
from wards.selectors import wards_in_year

FIRST_MONTHLY_YEAR = 2023
COUNT_FIELDS = tuple(
    f.name
    for f in MonthlyReport._meta.get_fields()
    if getattr(f, "get_internal_type", None)
    and f.get_internal_type() == "PositiveIntegerField"
    and f.name != "version"
)
YEARLY_FIELDS = tuple(
    f.name
    for f in YearlyReport._meta.get_fields()
    if getattr(f, "get_internal_type", None)
    and f.get_internal_type() == "PositiveIntegerField"
    and f.name != "version"
)
# Flows are summed over the months; stocks are read at the last one (reports.rules).
FLOW_FIELDS = tuple(f for f in COUNT_FIELDS if f not in STOCK_FIELDS)
_flow_values = operator.itemgetter(*FLOW_FIELDS)
ALL_MONTHS = tuple(range(1, 13))
# What StatisticsData reads of a monthly report: every figure, or only the year-on-year ones.
MONTHLY_VALUES = ("ward_id", "year", "month", "version", "first_submitted_at", *COUNT_FIELDS)
PERIOD_VALUES = (
    "ward_id",
    "year",
    "month",
    *sorted({name for figure in YOY_FIGURES.values() for name in figure.monthly_fields}),
)
HUNDRED_D = Decimal(100)


def criteria_set_for_year(year: int) -> CriteriaSet | None:
    """Return the criteria set in force for a year (latest effective year ≤ year), or None."""
    return (
        CriteriaSet.objects.filter(effective_year__lte=year, is_active=True)
        .order_by("-effective_year", "-version")
        .first()
    )


def expected_months(ward: Ward, year: int) -> tuple[int, ...]:
    """Return the months of the year in which the ward stood."""
    return tuple(m for m in ALL_MONTHS if ward.is_valid_in_month(year, m))


@dataclass
class StatisticsData:
    """Approved monthly rows and baselines of some wards, keyed for period sums (no queries).

    It also remembers, for the computations that read it, each ward's display name and the
    months it stood in a year (both asked for many times per ward).
    """

    monthly: dict[tuple[int, int], dict[int, dict]]  # (ward id, year) -> month -> row values
    baselines: dict[tuple[int, int], BaselineTotals]  # (ward id, year) -> baseline row
    names: dict[int, str] = field(default_factory=dict)  # ward id -> display name
    stood: dict[tuple[int, int], tuple[int, ...]] = field(default_factory=dict)

    @classmethod
    def load(cls, wards: Iterable[Ward], years: Iterable[int]) -> StatisticsData:
        """Return approved monthly reports (every figure) and baselines of the wards in the
        years (one query, and one for baselines when some ward's year lacks a monthly report:
        see _read_baselines)."""
        wards = list(wards)
        years = list(years)
        data = cls(monthly={}, baselines={})
        data._read_monthly(wards, years, MONTHLY_VALUES)
        data._read_baselines(wards, years, [(w, y) for w in wards for y in years])
        return data

    @classmethod
    def load_for_year(cls, wards: list[Ward], units: Iterable[Ward], year: int) -> StatisticsData:
        """Return what scoring the wards' year reads: their approved monthly reports of the year
        (every figure), the previous year's of the units (the wards and their predecessors; only
        the year-on-year figures), and baselines when some of these lack a month (two or three
        queries; one less for a previous year before the monthly reports)."""
        units = list(units)
        data = cls(monthly={}, baselines={})
        data._read_monthly(wards, [year], MONTHLY_VALUES)
        if year - 1 >= FIRST_MONTHLY_YEAR:
            data._read_monthly(units, [year - 1], PERIOD_VALUES)
        data._read_baselines(
            units, [year, year - 1], [(w, year) for w in wards] + [(u, year - 1) for u in units]
        )
        return data

    def _read_monthly(self, wards: list[Ward], years: list[int], names: tuple[str, ...]) -> None:
        rows = (
            MonthlyReport.objects.filter(
                ward_id__in=[w.pk for w in wards], year__in=years, status=ReportStatus.APPROVED
            )
            .order_by()
            .values(*names)
        )
        for row in rows:
            self.monthly.setdefault((row["ward_id"], row["year"]), {})[row["month"]] = row

    def _read_baselines(
        self, wards: list[Ward], years: list[int], read: list[tuple[Ward, int]]
    ) -> None:
        """Read the wards' baselines of the years, unless every (ward, year) that period_figure
        may read has a monthly report for each month the ward stood: it reads a baseline only
        for a year whose reports do not cover the months it needs."""
        if all(
            year >= FIRST_MONTHLY_YEAR
            and all(m in self.monthly.get((w.pk, year), ()) for m in self.months_stood(w, year))
            for w, year in read
        ):
            return
        self.baselines = {
            (b.ward_id, b.year): b
            for b in BaselineTotals.objects.filter(
                ward_id__in=[w.pk for w in wards], year__in=years
            ).order_by()
        }

    def name(self, ward: Ward) -> str:
        """Return the ward's display name (computed once)."""
        name = self.names.get(ward.pk)
        if name is None:
            name = self.names[ward.pk] = ward.display_name
        return name

    def months_stood(self, ward: Ward, year: int) -> tuple[int, ...]:
        """Return expected_months(ward, year) (computed once)."""
        months = self.stood.get((ward.pk, year))
        if months is None:
            months = self.stood[ward.pk, year] = expected_months(ward, year)
        return months


def _unit_months(
    ward: Ward, predecessors: list[Ward], year: int, months: Iterable[int], data: StatisticsData
) -> tuple[dict[int, tuple[Ward, list[int]]], list[str]]:
    """Return which ward (itself, or its predecessors) stood in each month, by ward id, and gaps
    in words."""
    needed: dict[int, tuple[Ward, list[int]]] = {}
    gaps: list[str] = []
    stood = data.months_stood(ward, year)
    for month in months:
        if month in stood:
            units = [ward]
        else:
            units = [p for p in predecessors if month in data.months_stood(p, year)]
        if not units:
            gaps.append(
                f"{data.name(ward)} chưa thành lập vào tháng {month}/{year} "
                "và không có đơn vị tiền thân"
            )
        for unit in units:
            entry = needed.get(unit.pk)
            if entry is None:
                needed[unit.pk] = (unit, [month])
            else:
                entry[1].append(month)
    return needed, gaps


def prorated(value: int, months: int, of_months: int) -> int:
    """Return value × months / of_months as a whole number, half rounded up (exact Decimal)."""
    share = Decimal(value) * months / Decimal(of_months)
    return int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def unit_short_name(ward: Ward) -> str:
    """Return 'phường Vĩnh Trại', 'xã Yên Trạch': the ward as it reads inside a sentence."""
    return _short_name(ward.kind, ward.name)


@lru_cache(maxsize=1024)
def _short_name(kind: str, name: str) -> str:
    with translation.override("vi"):
        label = str(WardKind(kind).label) if kind in WardKind.values else kind
    return f"{label.lower()} {name}"


def period_figure(
    *,
    figure: Figure,
    ward: Ward,
    predecessors: list[Ward],
    year: int,
    months: Iterable[int],
    data: StatisticsData,
) -> PeriodFigure:
    """Return a figure for the ward over some months of a year (no queries).

    Each month is read from the ward itself where it stood, otherwise from the sum of its
    predecessors. A unit's approved monthly reports are used when they cover the months it is
    needed for; otherwise its yearly baseline, when that covers exactly its part of the period
    (flows: all the months it stood that year; stocks: its last month). A flow's yearly baseline
    that covers more months than needed is prorated only where an administrator allowed it
    (BaselineTotals.prorate_by_month), and then named as an estimate. Anything else is missing,
    named in words.
    """
    months = sorted(months)
    if not months:
        return PeriodFigure(None, (f"Không có tháng nào để tính năm {year}",))
    wanted = [months[-1]] if figure.is_stock else months
    needed, missing = _unit_months(ward, predecessors, year, wanted, data)
    total = 0
    sources: list[str] = []
    units: list[tuple[str, tuple[int, ...], bool]] = []
    estimates: list[str] = []
    fields = figure.monthly_fields
    for unit, unit_months in needed.values():
        own = unit.pk == ward.pk
        units.append((unit_short_name(unit), tuple(unit_months), own))
        rows = data.monthly.get((unit.pk, year), {})
        if year >= FIRST_MONTHLY_YEAR and all(m in rows for m in unit_months):
            if len(fields) == 1:
                field_name = fields[0]
                total += sum([rows[m][field_name] for m in unit_months])
            else:
                total += sum([rows[m][f] for m in unit_months for f in fields])
            sources.append(
                f"{data.name(unit)}: báo cáo tháng đã duyệt ({months_text(unit_months)}/{year})"
            )
            continue
        baseline = data.baselines.get((unit.pk, year))
        value = getattr(baseline, figure.baseline_field) if baseline else None
        stood = data.months_stood(unit, year)
        # Flows: the figure covers every month the unit stood; stocks: its last month.
        wanted_cover = stood[-1:] if figure.is_stock else stood
        covers = tuple(unit_months[-1:] if figure.is_stock else unit_months) == wanted_cover
        if value is not None and covers:
            total += value
            sources.append(
                f"{data.name(unit)}: số liệu năm {year} ({baseline.get_source_display()})"
            )
            continue
        if value is not None and not figure.is_stock and baseline.prorate_by_month:
            part = prorated(value, len(unit_months), len(stood))
            total += part
            arithmetic = (
                f"{unit_short_name(unit)}: {fmt_int(part)} {figure.unit} ước tính "
                f"= {fmt_int(value)} (cả năm {year}) × {len(unit_months)}/{len(stood)} tháng, "
                "làm tròn đến số nguyên gần nhất"
            ).replace("  ", " ")
            estimates.append(arithmetic)
            sources.append(
                f"{data.name(unit)}: ước tính từ số liệu năm {year} "
                f"({months_text(unit_months)}/{year})"
            )
            continue
        if value is not None:
            text = (
                f"{data.name(unit)} chỉ có số liệu {figure.label} cả năm {year}, "
                f"không tách được {months_text(unit_months)}/{year}"
            )
            if not figure.is_stock:
                text += " (quản trị hệ thống chưa cho phép ước tính theo tháng)"
            missing.append(text)
        elif year >= FIRST_MONTHLY_YEAR and unit.in_programme:
            absent = [m for m in unit_months if m not in rows]
            missing.append(
                f"{data.name(unit)} thiếu báo cáo tháng đã duyệt ({months_text(absent)}/{year})"
            )
        elif not unit.in_programme:
            missing.append(
                f"{data.name(unit)} không được theo dõi trong Đề án và chưa nhập số liệu "
                f"{figure.label} năm {year}"
            )
        else:
            missing.append(f"Chưa có số liệu {figure.label} năm {year} của {data.name(unit)}")
    if missing:
        return PeriodFigure(None, tuple(missing), tuple(sources), tuple(units))
    return PeriodFigure(total, (), tuple(sources), tuple(units), tuple(estimates))


def ward_predecessors(ward: Ward) -> list[Ward]:
    """Return the ward's predecessors (one query)."""
    return list(ward.predecessors.order_by("name", "pk"))


def ward_year_facts(*, ward: Ward, year: int, through_month: int | None = None) -> WardYearFacts:
    """Return the facts the ward's year is scored from (a fixed number of queries).

    Only approved reports count. Flows are summed over the approved months; stocks are read at
    the last month the ward stood in the year. The previous year covers the same months. With
    through_month (a provisional score), only the months up to it count.
    """
    predecessors = ward_predecessors(ward)
    data = StatisticsData.load_for_year([ward], [ward, *predecessors], year)
    yearly_report = (
        YearlyReport.objects.filter(ward=ward, year=year, status=ReportStatus.APPROVED)
        .values("version", *YEARLY_FIELDS)
        .first()
    )
    return _ward_year_facts(
        ward=ward,
        year=year,
        predecessors=predecessors,
        data=data,
        yearly_report=yearly_report,
        staffing=staffing_facts(ward=ward, year=year),
        facilities=facilities_facts(ward=ward, year=year),
        through_month=through_month,
    )


def wards_predecessors(*, wards: list[Ward]) -> dict[int, list[Ward]]:
    """Return, by ward id, what ward_predecessors returns for each ward (one query, two when
    some ward has predecessors)."""
    predecessors: dict[int, list[Ward]] = {ward.pk: [] for ward in wards}
    successors: dict[int, list[int]] = {}
    for successor_id, predecessor_id in (
        WardLineage.objects.filter(successor_id__in=list(predecessors))
        .order_by()
        .values_list("successor_id", "predecessor_id")
    ):
        successors.setdefault(predecessor_id, []).append(successor_id)
    if successors:
        for predecessor in Ward.objects.filter(pk__in=list(successors)).order_by("name", "pk"):
            for successor_id in successors[predecessor.pk]:
                predecessors[successor_id].append(predecessor)
    return predecessors


def wards_year_facts(
    *, wards: list[Ward], year: int, through_month: int | None = None
) -> dict[int, WardYearFacts]:
    """Return, by ward id, what ward_year_facts returns for each ward, read for all the wards
    at once (four to ten queries whatever their number: wards_predecessors, the yearly
    reports, StatisticsData.load_for_year and wards_resources_facts)."""

    ids = [ward.pk for ward in wards]
    predecessors = wards_predecessors(wards=wards)
    units = {ward.pk: ward for ward in wards}
    for ward_predecessors_ in predecessors.values():
        units.update((p.pk, p) for p in ward_predecessors_)
    data = StatisticsData.load_for_year(wards, units.values(), year)
    yearly = {
        row.pop("ward_id"): row
        for row in YearlyReport.objects.filter(
            ward_id__in=ids, year=year, status=ReportStatus.APPROVED
        )
        .order_by()
        .values("ward_id", "version", *YEARLY_FIELDS)
    }
    resources = wards_resources_facts(wards=wards, year=year)
    return {
        ward.pk: _ward_year_facts(
            ward=ward,
            year=year,
            predecessors=predecessors[ward.pk],
            data=data,
            yearly_report=yearly.get(ward.pk),
            staffing=resources.get(ward.pk, (None, None))[0],
            facilities=resources.get(ward.pk, (None, None))[1],
            through_month=through_month,
        )
        for ward in wards
    }


def _ward_year_facts(
    *,
    ward: Ward,
    year: int,
    predecessors: list[Ward],
    data: StatisticsData,
    yearly_report: dict | None,
    staffing,
    facilities,
    through_month: int | None = None,
) -> WardYearFacts:
    """Return a ward's facts from data already read (no queries); with through_month, over the
    months up to it only (a provisional score of the current year)."""
    months = data.months_stood(ward, year)
    rows = data.monthly.get((ward.pk, year), {})
    if through_month is not None:
        # A month approved before its report was even due counts too: the provisional period
        # runs to the later of the two.
        through_month = max([through_month, *rows])
        months = tuple(m for m in months if m <= through_month)
    missing_months = tuple(m for m in months if m not in rows)
    if rows:
        columns = zip(*map(_flow_values, rows.values()), strict=True)
        sums = dict(zip(FLOW_FIELDS, map(sum, columns), strict=True))
    else:
        sums = dict.fromkeys(FLOW_FIELDS, 0)
    # "Tồn kỳ trước" is a balance, not a flow: over the period it is what was open when each
    # run of approved months began (the first month's alone when every month is there).
    for name in CARRY_OVER_FIELDS:
        sums[name] = sum(row[name] for month, row in rows.items() if month - 1 not in rows)
    last = rows.get(months[-1]) if months else None
    year_end = {f: last[f] for f in STOCK_FIELDS} if last else {}
    submitted: dict[int, str | None] = {}
    on_time: dict[int, bool | None] = {}
    zone = timezone.get_current_timezone()
    in_order = sorted(rows.items())
    for month, row in in_order:
        first = row["first_submitted_at"]
        if first is None:
            submitted[month] = None
            on_time[month] = None
        else:
            day = timezone.localtime(first, zone).date()
            submitted[month] = day.isoformat()
            on_time[month] = day <= report_due_date(year, month)
    yearly = {f: yearly_report[f] for f in YEARLY_FIELDS} if yearly_report else None
    current = {}
    previous = {}
    for key, figure in YOY_FIGURES.items():
        current[key] = period_figure(
            figure=figure, ward=ward, predecessors=[], year=year, months=months, data=data
        )
        previous[key] = period_figure(
            figure=figure,
            ward=ward,
            predecessors=predecessors,
            year=year - 1,
            months=months,
            data=data,
        )
    return WardYearFacts(
        ward_name=data.name(ward),
        year=year,
        expected_months=months,
        missing_months=missing_months,
        sums=sums,
        year_end=year_end,
        submitted=submitted,
        on_time=on_time,
        yearly=yearly,
        current=current,
        previous=previous,
        staffing=staffing,
        facilities=facilities,
        report_versions={m: row["version"] for m, row in in_order},
        yearly_version=yearly_report["version"] if yearly_report else None,
        through_month=through_month,
    )


def scoring_jobs_recent(*, limit: int = 5) -> QuerySet:
    """Return the latest scoring jobs with who asked for them (one query)."""
    return ScoringJob.objects.select_related("requested_by").order_by("-created_at")[:limit]


# --- pages -------------------------------------------------------------------------------------


@dataclass
class MatrixRow:
    ward: Ward
    scorecard: Scorecard | None
    cells: list[CriterionResult | None]  # in criteria order


def year_matrix(*, year: int) -> dict:
    """Return the wards × criteria results of a year (five queries, whatever the size)."""
    criteria_set = criteria_set_for_year(year)
    if criteria_set is None:
        return {"criteria_set": None, "criteria": [], "rows": []}
    criteria = list(criteria_set.criteria.order_by("number"))
    wards = list(wards_in_year(year=year).order_by("name", "valid_from"))
    results = {
        (r.ward_id, r.criterion_id): r
        for r in CriterionResult.objects.filter(year=year, criterion__criteria_set=criteria_set)
    }
    scorecards = {s.ward_id: s for s in Scorecard.objects.filter(year=year)}
    rows = [
        MatrixRow(
            ward=ward,
            scorecard=scorecards.get(ward.pk),
            cells=[results.get((ward.pk, c.pk)) for c in criteria],
        )
        for ward in wards
    ]
    return {"criteria_set": criteria_set, "criteria": criteria, "rows": rows}


@dataclass
class ScorecardRow:
    criterion: Criterion
    result: CriterionResult | None
    decision: ManualDecision | None
    evidence: list[EvidenceFile]


def ward_scorecard(*, ward: Ward, year: int) -> dict:
    """Return a ward's criteria for a year with results, decisions and evidence (six queries)."""
    criteria_set = criteria_set_for_year(year)
    if criteria_set is None:
        return {"criteria_set": None, "rows": [], "scorecard": None}
    criteria = list(criteria_set.criteria.order_by("number"))
    results = {
        r.criterion_id: r
        for r in CriterionResult.objects.filter(
            ward=ward, year=year, criterion__criteria_set=criteria_set
        )
    }
    decisions = {
        d.criterion_id: d
        for d in ManualDecision.objects.filter(ward=ward, year=year).select_related("decided_by")
    }
    evidence: dict[int, list] = {}
    for item in (
        EvidenceFile.objects.filter(ward=ward, year=year)
        .select_related("uploaded_by")
        .order_by("uploaded_at")
    ):
        evidence.setdefault(item.criterion_id, []).append(item)
    rows = [
        ScorecardRow(c, results.get(c.pk), decisions.get(c.pk), evidence.get(c.pk, []))
        for c in criteria
    ]
    scorecard = Scorecard.objects.filter(ward=ward, year=year).first()
    return {"criteria_set": criteria_set, "rows": rows, "scorecard": scorecard}


def default_year(today: datetime.date | None = None) -> int:
    """Return the year pages open on: the latest scored year, else last year (from 2023)."""
    latest = Scorecard.objects.order_by("-year").values_list("year", flat=True).first()
    if latest:
        return latest
    today = today or timezone.localdate()
    return max(FIRST_MONTHLY_YEAR, today.year - 1)


# --- early warning -----------------------------------------------------------------------------

YOY_RULES = {
    "crime_yoy": ("social_order_crimes", "min_decrease_pct", "serious_resident_crimes"),
    "hot_spots_yoy": ("hot_spots", "min_decrease_pct", "new_hot_spots"),
    "drugs_yoy": ("drug_addicts", "min_decrease_pct", "new_drug_addicts"),
    "fugitives_yoy": ("fugitives", "min_increase_pct", None),
}
ON_TRACK = "on_track"
OFF_TRACK = "off_track"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class EarlyWarning:
    """A year-on-year criterion's trajectory: year to date against the same months last year."""

    number: int
    title: str
    label: str
    months: str
    current: int | None
    previous: Decimal | None
    previous_basis: str
    change_pct: Decimal | None
    target_text: str
    status: str
    explanation: str

    @property
    def on_track(self) -> bool | None:
        return {ON_TRACK: True, OFF_TRACK: False}.get(self.status)

    @property
    def badge(self) -> str:
        """Return the CSS class of the status badge."""
        return {ON_TRACK: "status-met", OFF_TRACK: "status-not-met"}.get(self.status, "status-na")

    @property
    def status_text(self) -> str:
        """Return the status in words, in the active language."""
        if self.status == ON_TRACK:
            return gettext("Đúng hướng")
        if self.status == OFF_TRACK:
            return gettext("Có nguy cơ không đạt")
        return gettext("Chưa đánh giá được")


def latest_approved_month(*, ward: Ward, year: int) -> int | None:
    """Return the last month of the year with an approved report for the ward (one query)."""
    return (
        MonthlyReport.objects.filter(ward=ward, year=year, status=ReportStatus.APPROVED)
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )


def ward_early_warnings(*, ward: Ward, year: int, month: int | None = None) -> list[EarlyWarning]:
    """Return the year-to-date trajectory of each year-on-year criterion (fixed queries).

    The period is the months the ward stood from January to `month` (default: the last approved
    month). Last year's same months come from its approved reports (or its predecessors'); when
    last year only has a yearly total (2022), flows are pro-rated by months and stocks use the
    year-end figure, and the basis says so.
    """
    criteria = yoy_criteria(year=year)
    if month is None:
        month = latest_approved_month(ward=ward, year=year)
    if not criteria or month is None:
        return []
    predecessors = ward_predecessors(ward)
    data = StatisticsData.load([ward, *predecessors], [year, year - 1])
    return early_warnings_from(
        ward=ward, year=year, month=month, criteria=criteria, predecessors=predecessors, data=data
    )


def yoy_criteria(*, year: int) -> list[Criterion]:
    """Return the year-on-year criteria of the set in force for the year (two queries)."""
    criteria_set = criteria_set_for_year(year)
    if criteria_set is None:
        return []
    return [c for c in criteria_set.criteria.order_by("number") if c.rule_key in YOY_RULES]


def early_warnings_for_wards(*, wards: Iterable[Ward], year: int) -> dict[int, list[EarlyWarning]]:
    """Return each ward's early warnings to its last approved month (four or five queries in
    all: see StatisticsData.load)."""
    wards = list(wards)
    criteria = yoy_criteria(year=year)
    if not criteria or not wards:
        return {}
    links = WardLineage.objects.filter(successor__in=wards).select_related("predecessor")
    predecessors: dict[int, list[Ward]] = {}
    for link in links:
        predecessors.setdefault(link.successor_id, []).append(link.predecessor)
    units = {w.pk: w for w in wards}
    for items in predecessors.values():
        items.sort(key=lambda w: w.name)
        units.update({w.pk: w for w in items})
    data = StatisticsData.load(units.values(), [year, year - 1])
    warnings = {}
    for ward in wards:
        rows = data.monthly.get((ward.pk, year), {})
        if not rows:
            warnings[ward.pk] = []
            continue
        warnings[ward.pk] = early_warnings_from(
            ward=ward,
            year=year,
            month=max(rows),
            criteria=criteria,
            predecessors=predecessors.get(ward.pk, []),
            data=data,
        )
    return warnings


def early_warnings_from(
    *,
    ward: Ward,
    year: int,
    month: int,
    criteria: list[Criterion],
    predecessors: list[Ward],
    data: StatisticsData,
) -> list[EarlyWarning]:
    """Return the early warnings of a ward from loaded statistics (no queries)."""
    stood = data.months_stood(ward, year)
    window = [m for m in stood if m <= month]
    full_year = list(stood)
    rows = data.monthly.get((ward.pk, year), {})
    missing = [m for m in window if m not in rows]
    warnings = []
    for criterion in criteria:
        key, threshold_name, zero_field = YOY_RULES[criterion.rule_key]
        figure = YOY_FIGURES[key]
        pct = Decimal(str(criterion.thresholds.get(threshold_name, "0")))
        increase = threshold_name == "min_increase_pct"
        target_text = f"{'tăng' if increase else 'giảm'} ít nhất {fmt_threshold(pct)}%"
        label = figure.short_label[0].upper() + figure.short_label[1:]
        common = {
            "number": criterion.number,
            "title": criterion.title_vi,
            "label": label,
            "months": f"{months_text(window)}/{year}" if window else "",
            "target_text": target_text,
        }
        if not window or missing:
            explanation = f"Thiếu báo cáo tháng đã duyệt: {months_text(missing)}/{year}."
            # A zero-tolerance count in an approved month already misses the target, whatever
            # the missing months hold (criteria.rules does the same when scoring).
            so_far = sum(rows[m][zero_field] for m in window if m in rows) if zero_field else 0
            if so_far and key != "hot_spots":
                zero_label = MonthlyReport._meta.get_field(zero_field).verbose_name
                explanation = (
                    f"{str(zero_label).capitalize()}: {fmt_int(so_far)} trong các tháng đã duyệt "
                    f"(mục tiêu: không có). {explanation} Không đạt mục tiêu dù còn thiếu số liệu."
                )
            warnings.append(
                EarlyWarning(
                    **common,
                    current=None,
                    previous=None,
                    previous_basis="",
                    change_pct=None,
                    status=OFF_TRACK if so_far and key != "hot_spots" else UNKNOWN,
                    explanation=explanation,
                )
            )
            continue
        current = period_figure(
            figure=figure, ward=ward, predecessors=[], year=year, months=window, data=data
        ).value
        same = period_figure(
            figure=figure,
            ward=ward,
            predecessors=predecessors,
            year=year - 1,
            months=window,
            data=data,
        )
        previous: Decimal | None = None
        if same.known:
            previous = Decimal(same.value)
            basis = f"cùng kỳ năm {year - 1} ({months_text(window)})"
            if same.estimated:
                basis += " (ước tính: " + "; ".join(same.estimates) + ")"
        else:
            whole = period_figure(
                figure=figure,
                ward=ward,
                predecessors=predecessors,
                year=year - 1,
                months=full_year,
                data=data,
            )
            if whole.known and figure.is_stock:
                previous = Decimal(whole.value)
                basis = f"cuối năm {year - 1}"
            elif whole.known:
                previous = Decimal(whole.value) * len(window) / len(full_year)
                basis = f"ước tính: số liệu năm {year - 1} × {len(window)}/{len(full_year)} tháng"
            else:
                basis = "; ".join(same.missing)
        zero_count = sum(rows[m][zero_field] for m in window) if zero_field else 0
        if previous is None:
            status, change = UNKNOWN, None
            explanation = f"Không so sánh được với năm {year - 1}: {basis}."
        else:
            change = (
                ((Decimal(current) - previous) * HUNDRED_D / previous).quantize(Decimal("0.1"))
                if previous
                else None
            )
            if increase:
                good = (Decimal(current) - previous) * HUNDRED_D >= pct * previous
            else:
                good = (previous - current) * HUNDRED_D >= pct * previous
            if key == "hot_spots" and current == 0:
                good = True
            elif zero_field and zero_count:
                good = False
            status = ON_TRACK if good else OFF_TRACK
            shown_previous = fmt_decimal(previous)
            explanation = (
                f"{label} {months_text(window)}/{year}: {fmt_int(current)}; "
                f"{basis}: {shown_previous}"
            )
            if change is not None:
                explanation += f" ({'+' if change > 0 else ''}{fmt_decimal(change)}%)"
            if zero_field and zero_count:
                zero_label = MonthlyReport._meta.get_field(zero_field).verbose_name
                explanation += f"; {zero_label}: {zero_count}"
            explanation += (
                ". Đúng hướng đạt mục tiêu." if good else ". Có nguy cơ không đạt mục tiêu."
            )
        warnings.append(
            EarlyWarning(
                **common,
                current=current,
                previous=previous,
                previous_basis=basis,
                change_pct=change,
                status=status,
                explanation=explanation,
            )
        )
    return warnings


def criteria_home_summary(*, user) -> dict:
    """Return the latest scored year and its scorecards for the wards the user sees (2 queries)."""
    year = Scorecard.objects.order_by("-year").values_list("year", flat=True).first()
    if year is None:
        return {"year": None, "scorecards": []}
    scorecards = scope_by_ward(Scorecard.objects.filter(year=year), user).select_related("ward")
    return {"year": year, "scorecards": list(scorecards.order_by("ward__name"))}


def model_ward_years() -> dict[int, list[int]]:
    """Return, per ward id, the years its scorecard judged it a model ward (one query)."""
    years: dict[int, list[int]] = {}
    for ward_id, year in (
        Scorecard.objects.filter(is_model_ward=True).order_by("year").values_list("ward_id", "year")
    ):
        years.setdefault(ward_id, []).append(year)
    return years


def starting_points(*, wards: Iterable[Ward]) -> dict[int, list[StartingAssessment]]:
    """Return each ward's starting self-assessment, or for a ward without one (created by a
    reorganisation) its predecessors' (two queries)."""
    wards = list(wards)
    links = WardLineage.objects.filter(successor__in=wards).values_list(
        "successor_id", "predecessor_id"
    )
    predecessors: dict[int, list[int]] = {}
    for successor_id, predecessor_id in links:
        predecessors.setdefault(successor_id, []).append(predecessor_id)
    ids = {w.pk for w in wards} | {p for ps in predecessors.values() for p in ps}
    found: dict[int, list[StartingAssessment]] = {}
    for assessment in StartingAssessment.objects.filter(ward_id__in=ids).select_related("ward"):
        found.setdefault(assessment.ward_id, []).append(assessment)
    result = {}
    for ward in wards:
        own = found.get(ward.pk)
        if own is None:
            own = [a for p in predecessors.get(ward.pk, []) for a in found.get(p, [])]
        result[ward.pk] = sorted(own, key=lambda a: (a.year, a.ward.sort_name))
    return result
