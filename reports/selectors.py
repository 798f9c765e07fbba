"""Reads for ward statistics."""

from __future__ import annotations

from django.db.models import QuerySet, Sum

from reports.models import BaselineTotals

BASELINE_FIELDS = (
    "criminal_cases",
    "economic_environment_cases",
    "drug_cases",
    "administrative_violations",
)


def baselines_for_year(*, year: int, wards: QuerySet | None = None) -> QuerySet[BaselineTotals]:
    """Return the year's baseline rows with their wards (one query)."""
    queryset = BaselineTotals.objects.filter(year=year).select_related("ward")
    if wards is not None:
        queryset = queryset.filter(ward__in=wards)
    return queryset.order_by("ward__sort_name")


def baseline_totals(*, year: int, wards: QuerySet | None = None) -> dict[str, int | None]:
    """Return each baseline figure summed over the wards for a year (one query)."""
    queryset = BaselineTotals.objects.filter(year=year)
    if wards is not None:
        queryset = queryset.filter(ward__in=wards)
    return queryset.aggregate(**{field: Sum(field) for field in BASELINE_FIELDS})
