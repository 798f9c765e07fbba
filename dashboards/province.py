"""The province dashboard, section by section: each section says which groups of tables it
reads (config.generation.GROUPS), so the page cache re-renders only the sections whose data
changed (a monthly approval re-renders the report sections, not the criteria matrix)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from html import escape

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.utils.safestring import SafeString, mark_safe

from criteria.models import Scorecard
from criteria.selectors import early_warnings_for_wards, model_ward_years
from dashboards.selectors import (
    completeness_now,
    criteria_matrix,
    incident_trends,
    projects_and_budget,
    trend_charts,
)
from facilities.selectors import roadmap_rows
from wards.models import Ward, display_words
from wards.selectors import wards_in_year

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


class DashboardFrame:
    """What every section of one view shares: the year, the chosen ward, today and the page of
    wards shown (read on first use: a count and the page's wards, whatever the number of
    wards)."""

    def __init__(
        self, *, year: int, today: datetime.date, ward: Ward | None = None, page: int = 1
    ) -> None:
        self.year, self.today, self.ward, self.number = year, today, ward, page

    @cached_property
    def in_year(self) -> QuerySet[Ward]:
        """Return the wards in force in the year, in a stable order."""
        return wards_in_year(year=self.year).order_by("sort_name", "valid_from", "pk")

    @cached_property
    def wards(self) -> list[Ward]:
        """Return every ward in force in the year (one query; only the ward picker needs them
        all)."""
        return list(self.in_year)

    @cached_property
    def selected(self) -> QuerySet[Ward]:
        """Return the wards the view covers: all, or the chosen one."""
        return self.in_year.filter(pk=self.ward.pk) if self.ward else self.in_year

    @cached_property
    def paginator(self) -> Paginator:
        """Return the pages of wards, counted and sliced by the database."""
        return Paginator(self.selected, DASHBOARD_PAGE_SIZE, allow_empty_first_page=True)

    @cached_property
    def page(self) -> Page:
        """Return the page of wards; raise django.core.paginator.InvalidPage when it does not
        exist."""
        return self.paginator.page(self.number)

    @cached_property
    def shown(self) -> list[Ward]:
        """Return the wards of the page."""
        return list(self.page.object_list)


def head_section(frame: DashboardFrame) -> dict:
    """Return the title and the ward picker (one query besides the frame's)."""
    words = display_words()
    return {
        "year": frame.year,
        "ward": frame.ward,
        "ward_options_html": ward_options(
            frame.wards, words, selected=frame.ward.code if frame.ward else ""
        ),
    }


def pages_section(frame: DashboardFrame) -> dict:
    """Return the page of wards and the links to the others."""
    return {
        "year": frame.year,
        "page": frame.page,
        "page_range": list(
            frame.paginator.get_elided_page_range(frame.number, on_each_side=2, on_ends=1)
        ),
    }


def matrix_section(frame: DashboardFrame) -> dict:
    """Return the criteria results of the page's wards and the totals over every ward (five
    queries)."""
    matrix = criteria_matrix(wards=frame.shown, year=frame.year)
    wards = frame.in_year.filter(pk=frame.ward.pk) if frame.ward else frame.in_year
    totals = scorecard_totals(wards=wards, year=frame.year)
    matrix.update(
        scored=totals["scored"], model_wards=totals["model_wards"], total=frame.paginator.count
    )
    return {"year": frame.year, "matrix": matrix}


def roadmap_section(frame: DashboardFrame) -> dict:
    """Return the roadmap of the page's wards, or of every programme ward when they fit on
    one page (three queries)."""
    if frame.paginator.num_pages > 1:
        wards = Ward.objects.filter(pk__in=[w.pk for w in frame.shown])
    else:
        wards = Ward.objects.filter(in_programme=True)
        if frame.ward is not None:
            wards = wards.filter(pk=frame.ward.pk)
    rows = roadmap_rows(wards=wards, today=frame.today, model_years=model_ward_years())
    return {"roadmap": rows}


def completeness_section(frame: DashboardFrame) -> dict:
    """Return the reports now due: rows for the page's wards, totals over every ward counted
    by the database (two queries)."""
    return {
        "completeness": completeness_now(today=frame.today, ward=frame.ward, page_wards=frame.shown)
    }


def trends_section(frame: DashboardFrame) -> dict:
    """Return the incident trends of the province or the chosen ward, with their charts."""
    trends = incident_trends(year=frame.year, wards=[frame.ward] if frame.ward else None)
    return {"year": frame.year, "trends": trends, "trend_charts": trend_charts(trends)}


def warnings_section(frame: DashboardFrame) -> dict:
    """Return the early warnings of the page's wards as a grid and a list."""
    warnings = early_warnings_for_wards(wards=frame.shown, year=frame.year)
    columns = sorted({(w.number, w.label, w.target_text) for ws in warnings.values() for w in ws})
    rows = []
    for w in frame.shown:
        by_number = {item.number: item for item in warnings.get(w.pk, [])}
        rows.append((w, [by_number.get(number) for number, _l, _t in columns]))
    return {
        "year": frame.year,
        "warnings": [(w, warnings.get(w.pk, [])) for w in frame.shown],
        "warning_columns": columns,
        "warning_rows": rows,
    }


def money_section(frame: DashboardFrame) -> dict:
    """Return the headquarters projects and the money per source."""
    return {"money": projects_and_budget(ward=frame.ward)}


@dataclass(frozen=True)
class Section:
    name: str
    template: str
    depends: tuple[str, ...]  # the groups of tables it reads (config.generation.GROUPS)
    build: Callable[[DashboardFrame], dict]


_FOLDER = "dashboards/dashboard/"
# What each section reads, conservatively: a section shown stale is worse than one re-rendered.
PROVINCE_SECTIONS: tuple[Section, ...] = (
    Section("head", _FOLDER + "_province_head.html", ("wards",), head_section),
    Section("pages", _FOLDER + "_province_pages.html", ("wards",), pages_section),
    Section("matrix", _FOLDER + "_matrix.html", ("wards", "criteria"), matrix_section),
    Section(
        "roadmap", _FOLDER + "_roadmap.html", ("wards", "facilities", "criteria"), roadmap_section
    ),
    Section(
        "completeness", _FOLDER + "_completeness.html", ("wards", "reports"), completeness_section
    ),
    Section("trends", _FOLDER + "_trends.html", ("wards", "reports"), trends_section),
    # early warnings read the reports, the scoring's criteria and the staffing and equipment
    Section(
        "warnings",
        _FOLDER + "_warnings_section.html",
        ("wards", "criteria", "reports", "facilities"),
        warnings_section,
    ),
    Section("money", _FOLDER + "_money.html", ("wards", "facilities", "budget"), money_section),
)


def province_dashboard(
    *, year: int, today: datetime.date, ward: Ward | None = None, page: int = 1
) -> dict:
    """Return everything the province dashboard shows for a year, optionally one ward: the
    summaries cover every ward, the per-ward tables one page of DASHBOARD_PAGE_SIZE wards
    (a fixed number of queries, about twenty, whatever the number of wards); raise
    django.core.paginator.InvalidPage for a page that does not exist."""
    frame = DashboardFrame(year=year, today=today, ward=ward, page=page)
    context: dict = {}
    for section in PROVINCE_SECTIONS:
        context.update(section.build(frame))
    return context
