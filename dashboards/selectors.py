"""Reads for the compliance dashboards (province and ward), shared with the PDF reports.

Every function runs a fixed number of SQL queries whatever the number of wards and years:
bulk queries, then the grouping in Python.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from html import escape

from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from budget.models import Allocation
from budget.selectors import projects_with_money
from criteria.formatting import months_text
from criteria.gap_selectors import ward_gaps
from criteria.models import Criterion, CriterionResult, Result, Scorecard
from criteria.selectors import (
    criteria_set_for_year,
    early_warnings_for_wards,
    model_ward_years,
    starting_points,
    ward_early_warnings,
    ward_scorecard,
)
from dashboards import charts
from facilities.selectors import roadmap_rows
from reports.models import TOTALLED_FIELDS, BaselineTotals, MonthlyReport, ReportStatus
from reports.selectors import completeness_board, completeness_month, report_due_date
from reports.totals import month_totals
from wards.models import Ward, WardLineage, display_words
from wards.selectors import wards_in_year

TREND_FIELDS = TOTALLED_FIELDS
BILLION = 1_000_000_000
RESULT_CLASSES = {
    Result.MET: "status-met",
    Result.NOT_MET: "status-not-met",
    Result.NOT_ASSESSABLE: "status-na",
}


def trend_label(name: str) -> str:
    """Return the Vietnamese name of an incident category, capitalised."""
    text = str(MonthlyReport._meta.get_field(name).verbose_name)
    return text[0].upper() + text[1:]


# --- matrix ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatrixCell:
    """A result drawn in the matrix: colour class, symbol and word, link and tooltip (all
    computed once here, so a page of 200 wards × 22 criteria renders quickly)."""

    criterion: Criterion
    result: CriterionResult | None
    css: str
    symbol: str
    label: str
    url: str
    tooltip: str


def _cell(
    criterion: Criterion, result: CriterionResult | None, prefix: str, title: str, words: dict
) -> MatrixCell:
    if result is None:
        css, symbol, label = "status-none", "–", words[None]
        tooltip = f"{title} — {label}"
    else:
        css = RESULT_CLASSES.get(result.result, "")
        symbol = {Result.MET: "✓", Result.NOT_MET: "✗"}.get(result.result, "?")
        label = words[result.result]
        tooltip = f"{title} — {label}: {result.explanation}"
    url = f"{prefix}{criterion.number}/"
    return MatrixCell(criterion, result, css, symbol, label, url, tooltip)


@dataclass
class MatrixRow:
    ward: Ward
    scorecard: Scorecard | None
    cells: list[MatrixCell]


def criteria_matrix(*, wards: list[Ward], year: int) -> dict:
    """Return the wards × criteria results of a year with each ward's total (four queries)."""
    criteria_set = criteria_set_for_year(year)
    criteria = list(criteria_set.criteria.order_by("number")) if criteria_set else []
    results = {
        (r.ward_id, r.criterion_id): r
        for r in CriterionResult.objects.filter(
            year=year, ward__in=wards, criterion__criteria_set=criteria_set
        ).defer("inputs", "data_fingerprint")
    }
    scorecards = {s.ward_id: s for s in Scorecard.objects.filter(year=year, ward__in=wards)}
    titles = {c.pk: f"{c.number}. {c.title}" for c in criteria}
    words = {value: str(label) for value, label in Result.choices} | {None: _("Chưa có kết quả")}
    rows = []
    for ward in wards:
        # criteria:criterion is criteria:scorecard followed by the criterion's number.
        prefix = reverse("criteria:scorecard", kwargs={"year": year, "code": ward.code})
        cells = [
            _cell(c, results.get((ward.pk, c.pk)), prefix, titles[c.pk], words) for c in criteria
        ]
        rows.append(MatrixRow(ward=ward, scorecard=scorecards.get(ward.pk), cells=cells))
    model_wards = sum(1 for row in rows if row.scorecard and row.scorecard.is_model_ward)
    return {
        "criteria_set": criteria_set,
        "criteria": criteria,
        "rows": rows,
        "model_wards": model_wards,
        "scored": sum(1 for row in rows if row.scorecard),
        "total": len(rows),
    }


# --- incident trends ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendRow:
    field: str
    label: str
    current: int
    previous: int | Decimal | None

    @property
    def change_pct(self) -> Decimal | None:
        """Return the change against last year in percent (one decimal), None when unknown."""
        if not self.previous:
            return None
        change = (Decimal(self.current) - Decimal(self.previous)) * 100 / Decimal(self.previous)
        return change.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _units(wards: list[Ward] | None) -> list[Ward] | None:
    """Return the wards and their predecessors (one query), or None for the whole province."""
    if wards is None:
        return None
    links = WardLineage.objects.filter(successor__in=wards).select_related("predecessor")
    units = {w.pk: w for w in wards}
    units.update({link.predecessor_id: link.predecessor for link in links})
    return list(units.values())


def incident_trends(
    *, year: int, wards: list[Ward] | None = None, until: int | None = None
) -> dict:
    """Return year-to-date incidents per category against the same months of last year, and
    the monthly series of both years; for the wards (with their predecessors last year) or the
    whole province (three queries).

    The period runs to the last month of the year with an approved report (at most `until`).
    When last year has no approved monthly reports (2022), its yearly totals are pro-rated and
    the basis says so.
    """
    units = _units(wards)
    reports = MonthlyReport.objects.filter(status=ReportStatus.APPROVED, year__in=[year - 1, year])
    baselines = BaselineTotals.objects.filter(year=year - 1)
    if units is not None:
        reports = reports.filter(ward__in=units)
        baselines = baselines.filter(ward__in=units)
    if units is None:  # the province: its monthly totals, kept current on every approval
        sums = month_totals(years=[year - 1, year])
    else:
        sums = {
            (row["year"], row["month"]): row
            for row in reports.values("year", "month")
            .annotate(**{f: Coalesce(Sum(f), 0) for f in TREND_FIELDS})
            .order_by()
        }
    baseline = baselines.aggregate(**{f: Sum(f) for f in TREND_FIELDS})
    months = sorted(m for (y, m) in sums if y == year and (until is None or m <= until))
    window = list(range(1, months[-1] + 1)) if months else []
    previous_months = [m for m in window if (year - 1, m) in sums]
    rows = []
    estimated = False
    if not window:
        basis = ""
    elif len(previous_months) == len(window):
        basis = _("cùng kỳ năm %(year)s (%(months)s)") % {
            "year": year - 1,
            "months": months_text(window),
        }
    elif not any(y == year - 1 for (y, _m) in sums) and any(
        v is not None for v in baseline.values()
    ):
        estimated = True
        basis = _("ước tính: số liệu năm %(year)s × %(n)s/12 tháng") % {
            "year": year - 1,
            "n": len(window),
        }
    else:
        missing = [m for m in window if (year - 1, m) not in sums]
        basis = _("không đủ số liệu năm %(year)s (thiếu %(months)s)") % {
            "year": year - 1,
            "months": months_text(missing),
        }
    for name in TREND_FIELDS:
        current = sum(sums[(year, m)][name] for m in window if (year, m) in sums)
        previous: int | Decimal | None = None
        if window and len(previous_months) == len(window):
            previous = sum(sums[(year - 1, m)][name] for m in window)
        elif estimated and baseline[name] is not None:
            previous = (Decimal(baseline[name]) * len(window) / 12).quantize(Decimal("0.1"))
        rows.append(TrendRow(name, trend_label(name), current, previous))

    def monthly(y: int) -> list[int | None]:
        return [
            sum(sums[(y, m)][f] for f in TREND_FIELDS) if (y, m) in sums else None
            for m in range(1, 13)
        ]

    ward_ids = {w.pk for w in wards or []}
    return {
        "year": year,
        "predecessors": sorted(u.display_name for u in units or [] if u.pk not in ward_ids),
        "window": window,
        "months_text": months_text(window),
        "basis": basis,
        "rows": rows,
        "monthly_current": monthly(year),
        "monthly_previous": monthly(year - 1),
        "monthly_rows": [
            {
                "month": m,
                "values": [sums[(year, m)][f] for f in TREND_FIELDS] if (year, m) in sums else [],
            }
            for m in range(1, 13)
        ],
    }


def trend_charts(trends: dict) -> list[charts.Chart]:
    """Return the year-to-date bar chart and the monthly line chart of the trends."""
    year = trends["year"]
    period = trends["months_text"] or _("chưa có tháng nào được duyệt")
    ytd = charts.bar_chart(
        title=_("Vụ việc lũy kế %(period)s/%(year)s so với cùng kỳ")
        % {"period": period, "year": year},
        desc=_("Số vụ việc theo loại từ đầu năm %(year)s, so với %(basis)s.")
        % {"year": year, "basis": trends["basis"] or _("năm trước")},
        labels=[row.label for row in trends["rows"]],
        series=[
            charts.Series(str(year), [row.current for row in trends["rows"]]),
            charts.Series(str(year - 1), [row.previous for row in trends["rows"]]),
        ],
        label_header=_("Loại vụ việc"),
    )
    monthly = charts.line_chart(
        title=_("Tổng số vụ việc theo tháng, %(year)s và %(previous)s")
        % {"year": year, "previous": year - 1},
        desc=_(
            "Tổng bốn loại vụ việc (hình sự, kinh tế - môi trường, ma túy, vi phạm hành chính) "
            "mỗi tháng theo báo cáo đã duyệt; tháng chưa có báo cáo để trống."
        ),
        labels=[f"T{m}" for m in range(1, 13)],
        series=[
            charts.Series(str(year), trends["monthly_current"]),
            charts.Series(str(year - 1), trends["monthly_previous"]),
        ],
        label_header=_("Tháng"),
    )
    return [ytd, monthly]


# --- reporting completeness --------------------------------------------------------------------


def reporting_period(today: datetime.date) -> tuple[int, int]:
    """Return the month whose report is due this month (the month before today's)."""
    if today.month == 1:
        return today.year - 1, 12
    return today.year, today.month - 1


def completeness_now(
    *,
    today: datetime.date,
    ward: Ward | None = None,
    period: tuple[int, int] | None = None,
    page_wards: list[Ward] | None = None,
) -> dict:
    """Return each ward's report for the month now due (or the given (year, month)), judged
    late as of today, with totals over every ward; rows only for page_wards when given
    (two queries)."""
    year, month = period or reporting_period(today)
    wards = Ward.objects.filter(pk=ward.pk) if ward else None
    board = completeness_month(
        year=year, month=month, today=today, wards=wards, rows_for=page_wards
    )
    return {
        "year": year,
        "month": month,
        "due": report_due_date(year, month),
        "rows": board["rows"],
        "totals": board["totals"],
    }


# --- projects and budget -----------------------------------------------------------------------


def projects_and_budget(*, ward: Ward | None = None) -> dict:
    """Return the HQ projects with money, and allocated vs disbursed per source (three queries)."""
    projects = projects_with_money()
    allocations = Allocation.objects.all()
    if ward is not None:
        projects = projects.filter(ward=ward)
        allocations = allocations.filter(project__ward=ward)
    by_source = list(
        allocations.values("source__code", "source__name")
        .annotate(allocated=Sum("amount"), disbursed=Sum("disbursed_total"))
        .order_by("source_id")
    )
    for row in by_source:
        row["remaining"] = row["allocated"] - row["disbursed"]
    totals = {
        key: sum(r[key] for r in by_source) for key in ("allocated", "disbursed", "remaining")
    }
    chart = charts.bar_chart(
        title=_("Kinh phí phân bổ và đã giải ngân theo nguồn"),
        desc=_("Tổng số tiền phân bổ và đã giải ngân của mỗi nguồn vốn, đơn vị tỷ đồng."),
        labels=[r["source__name"] for r in by_source],
        series=[
            charts.Series(_("Phân bổ"), [r["allocated"] for r in by_source]),
            charts.Series(_("Đã giải ngân"), [r["disbursed"] for r in by_source]),
        ],
        label_header=_("Nguồn vốn"),
        scale=BILLION,
        unit=" tỷ",
    )
    chart.headers = [*chart.headers[:1], *(f"{h} (đồng)" for h in chart.headers[1:])]
    return {"projects": list(projects), "by_source": by_source, "totals": totals, "chart": chart}


# --- the dashboards ----------------------------------------------------------------------------


DASHBOARD_PAGE_SIZE = 25  # wards per page of the province dashboard


def scorecard_totals(*, wards: QuerySet[Ward], year: int) -> dict:
    """Return how many of the wards have a scorecard for the year and how many are model
    wards (one query)."""
    return Scorecard.objects.filter(year=year, ward__in=wards).aggregate(
        scored=Count("pk"), model_wards=Count("pk", filter=Q(is_model_ward=True))
    )


def ward_options(wards: list[Ward], words: dict, *, selected: str) -> SafeString:
    """Return the ward picker's <option> elements, escaped and joined here rather than in a
    template loop or format_html per ward (thousands of wards nationwide)."""
    options = []
    for ward in wards:
        mark = " selected" if ward.code == selected else ""
        options.append(
            f'<option value="{escape(ward.code)}"{mark}>{escape(ward.name_in(words))}</option>'
        )
    return mark_safe("".join(options))  # noqa: S308 - every value escaped above


def province_dashboard(
    *, year: int, today: datetime.date, ward: Ward | None = None, page: int = 1
) -> dict:
    """Return everything the province dashboard shows for a year, optionally one ward: the
    summaries cover every ward, the per-ward tables one page of DASHBOARD_PAGE_SIZE wards
    (a fixed number of queries, about twenty, whatever the number of wards); raise
    django.core.paginator.InvalidPage for a page that does not exist."""
    in_year = wards_in_year(year=year)
    wards = list(in_year)
    selected = [w for w in wards if ward is None or w.pk == ward.pk]
    words = display_words()
    paginator = Paginator(selected, DASHBOARD_PAGE_SIZE, allow_empty_first_page=True)
    page_obj = paginator.page(page)
    shown = list(page_obj.object_list)
    matrix = criteria_matrix(wards=shown, year=year)
    totals = scorecard_totals(wards=in_year.filter(pk=ward.pk) if ward else in_year, year=year)
    matrix.update(scored=totals["scored"], model_wards=totals["model_wards"], total=len(selected))
    if paginator.num_pages > 1:
        roadmap_wards = Ward.objects.filter(pk__in=[w.pk for w in shown])
    else:
        roadmap_wards = Ward.objects.filter(in_programme=True)
        if ward is not None:
            roadmap_wards = roadmap_wards.filter(pk=ward.pk)
    trends = incident_trends(year=year, wards=[ward] if ward else None)
    warnings = early_warnings_for_wards(wards=shown, year=year)
    columns = sorted({(w.number, w.label, w.target_text) for ws in warnings.values() for w in ws})
    warning_rows = []
    for w in shown:
        by_number = {item.number: item for item in warnings.get(w.pk, [])}
        warning_rows.append((w, [by_number.get(number) for number, _l, _t in columns]))
    return {
        "year": year,
        "ward_options_html": ward_options(wards, words, selected=ward.code if ward else ""),
        "ward": ward,
        "page": page_obj,
        "page_range": list(paginator.get_elided_page_range(page, on_each_side=2, on_ends=1)),
        "matrix": matrix,
        "roadmap": roadmap_rows(wards=roadmap_wards, today=today, model_years=model_ward_years()),
        # rows for the page's wards, totals over every ward counted by the database
        "completeness": completeness_now(today=today, ward=ward, page_wards=shown),
        "trends": trends,
        "trend_charts": trend_charts(trends),
        "warnings": [(w, warnings.get(w.pk, [])) for w in shown],
        "warning_columns": columns,
        "warning_rows": warning_rows,
        "money": projects_and_budget(ward=ward),
    }


def ward_dashboard(*, ward: Ward, year: int, today: datetime.date) -> dict:
    """Return everything a ward's dashboard shows for a year, with its monthly series and its
    scorecards over the years (a fixed number of queries whatever the number of years)."""
    history = list(
        Scorecard.objects.filter(ward=ward)
        .order_by("year")
        .values("year", "met_count", "in_force_count", "is_model_ward")
    )
    starts = starting_points(wards=[ward])[ward.pk]
    own_starts = [a for a in starts if a.ward_id == ward.pk]  # a new ward's are its predecessors'
    start_labels = [
        (_("%(year)s (tự đánh giá, giả định)") if a.is_assumption else _("%(year)s (tự đánh giá)"))
        % {"year": a.year}
        for a in own_starts
    ]
    history_chart = charts.bar_chart(
        title=_("Số tiêu chí đạt qua các năm — %(ward)s") % {"ward": ward.display_name},
        desc=_(
            "Số tiêu chí đạt và số tiêu chí áp dụng mỗi năm đã đánh giá, từ điểm xuất phát tự "
            "đánh giá theo Đề án."
        ),
        labels=start_labels + [str(h["year"]) for h in history],
        series=[
            charts.Series(
                _("Đạt"), [a.met for a in own_starts] + [h["met_count"] for h in history]
            ),
            charts.Series(
                _("Áp dụng"),
                [a.out_of for a in own_starts] + [h["in_force_count"] for h in history],
            ),
        ],
        label_header=_("Năm"),
    )
    trends = incident_trends(year=year, wards=[ward])
    board = completeness_board(year=year, today=today, wards=Ward.objects.filter(pk=ward.pk))
    cells = board["rows"][0].cells if board["rows"] else [None] * 12
    months = [
        {**row, "cell": cell} for row, cell in zip(trends["monthly_rows"], cells, strict=True)
    ]
    return {
        "year": year,
        "ward": ward,
        "in_force": ward.is_valid_in_year(year),
        "scorecard": ward_scorecard(ward=ward, year=year),
        "history": history,
        "history_chart": history_chart,
        "trends": trends,
        "trend_charts": trend_charts(trends),
        "warnings": [(ward, ward_early_warnings(ward=ward, year=year))],
        "gaps": ward_gaps(ward=ward, year=year, today=today),
        "months": months,
        "roadmap": roadmap_rows(
            wards=Ward.objects.filter(pk=ward.pk), today=today, model_years=model_ward_years()
        ),
        "starting_points": starts,
        "history_chart_shown": bool(history or own_starts),
        "money": projects_and_budget(ward=ward),
    }
