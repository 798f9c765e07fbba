"""Scoring every ward of a year at once (scorecards_compute, facts read for all wards together)
stores exactly the rows that scoring each ward on its own (ward_year_score) stores."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from criteria.langson import load_criteria
from criteria.models import CriterionResult, Scorecard
from criteria.selectors import criteria_set_for_year
from criteria.services import scorecards_compute, ward_year_score
from criteria.tests.factories import year_of_reports
from wards.selectors import wards_in_year
from wards.tests.factories import WardFactory

YEARS = (2023, 2024, 2025)


def _stored(year: int) -> tuple[list, list]:
    """Return the stored results and scorecards of a year without ids and timestamps."""
    results = list(
        CriterionResult.objects.filter(year=year)
        .order_by("ward__code", "criterion__number")
        .values_list(
            "ward__code",
            "criterion__number",
            "result",
            "measured_text",
            "measured_value",
            "target_text",
            "explanation",
            "inputs",
            "data_fingerprint",
        )
    )
    cards = list(
        Scorecard.objects.filter(year=year)
        .order_by("ward__code")
        .values_list(
            "ward__code",
            "criteria_set_id",
            "met_count",
            "not_met_count",
            "not_assessable_count",
            "in_force_count",
            "is_model_ward",
            "data_summary",
            "data_fingerprint",
        )
    )
    return results, cards


@pytest.mark.django_db
def test_bulk_scoring_stores_the_same_rows_as_scoring_each_ward_on_the_langson_data():
    call_command("load_langson", "--demo-data", stdout=io.StringIO())
    for year in YEARS:
        scorecards_compute(year=year)
    bulk = {year: _stored(year) for year in YEARS}
    assert all(results and cards for results, cards in bulk.values())
    assert {r[2] for results, _cards in bulk.values() for r in results} >= {"met", "not_met"}

    CriterionResult.objects.all().delete()
    Scorecard.objects.all().delete()
    for year in YEARS:
        criteria_set = criteria_set_for_year(year)
        for ward in wards_in_year(year=year):
            ward_year_score(ward=ward, year=year, criteria_set=criteria_set)
    assert {year: _stored(year) for year in YEARS} == bulk


@pytest.mark.django_db
def test_bulk_scoring_keeps_unchanged_rows_and_runs_the_same_queries_for_more_wards():
    load_criteria()
    wards = [WardFactory(code=f"bulk-{n}") for n in range(6)]
    for ward in wards[:2]:
        year_of_reports(ward, 2023)
    with CaptureQueriesContext(connection) as few:
        scorecards_compute(year=2023)
    first = dict(CriterionResult.objects.values_list("pk", "computed_at"))
    scorecards_compute(year=2023)
    assert dict(CriterionResult.objects.values_list("pk", "computed_at")) == first

    for ward in wards[2:]:
        year_of_reports(ward, 2023)
    CriterionResult.objects.all().delete()
    Scorecard.objects.all().delete()
    more = [WardFactory(code=f"bulk-more-{n}") for n in range(6)]
    for ward in more:
        year_of_reports(ward, 2023)
    with CaptureQueriesContext(connection) as many:
        scorecards_compute(year=2023)
    assert Scorecard.objects.filter(year=2023).count() == 12
    # Only the bulk INSERT may take more statements (SQLite caps the parameters of one).
    assert _not_inserts(many) == _not_inserts(few)


def _not_inserts(queries: CaptureQueriesContext) -> int:
    return sum(1 for q in queries.captured_queries if not q["sql"].startswith("INSERT"))
