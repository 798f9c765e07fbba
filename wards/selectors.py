"""Reads for wards: which wards stand when, and their lineage."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, Q, QuerySet

from wards.models import ResponsibleBody, Ward, WardLineage


def _wards_standing(starts: Q, ends: Q, *, programme_only: bool) -> QuerySet[Ward]:
    """Return the wards started by `starts` and not ended before `ends`, by name (programme
    wards only unless told otherwise)."""
    queryset = Ward.objects.filter(
        Q(valid_from__isnull=True) | starts, Q(valid_to__isnull=True) | ends
    )
    if programme_only:
        queryset = queryset.filter(in_programme=True)
    return queryset.order_by("sort_name")


def wards_in_force(*, on: datetime.date, programme_only: bool = True) -> QuerySet[Ward]:
    """Return the wards standing on a day (programme wards only unless told otherwise)."""
    return _wards_standing(
        Q(valid_from__lte=on), Q(valid_to__gte=on), programme_only=programme_only
    )


def wards_in_year(*, year: int, programme_only: bool = True) -> QuerySet[Ward]:
    """Return the wards standing on any day of a year."""
    return _wards_standing(
        Q(valid_from__year__lte=year), Q(valid_to__year__gte=year), programme_only=programme_only
    )


def wards_with_lineage(queryset: QuerySet[Ward]) -> QuerySet[Ward]:
    """Return the wards with predecessor and successor links prefetched (two extra queries)."""
    return queryset.prefetch_related(
        Prefetch(
            "predecessor_links",
            queryset=WardLineage.objects.select_related("predecessor").order_by(
                "predecessor__sort_name"
            ),
        ),
        Prefetch(
            "successor_links",
            queryset=WardLineage.objects.select_related("successor").order_by(
                "successor__sort_name"
            ),
        ),
    )


def programme_roadmap() -> QuerySet[Ward]:
    """Return the programme's wards with a target year, by target year then name."""
    return Ward.objects.filter(in_programme=True, target_year__isnull=False).order_by(
        "target_year", "sort_name"
    )


def _bodies_valid_on(day: datetime.date) -> QuerySet[ResponsibleBody]:
    return ResponsibleBody.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=day),
        Q(valid_to__isnull=True) | Q(valid_to__gte=day),
    ).order_by("-valid_from", "code")


def issuer_on(day: datetime.date) -> ResponsibleBody | None:
    """Return the body that issues the programme's documents on a day (the latest started)."""
    return _bodies_valid_on(day).filter(issues_documents=True).first()


def steering_body_on(day: datetime.date) -> ResponsibleBody | None:
    """Return the body that steers and checks the programme on a day (the latest started)."""
    return _bodies_valid_on(day).filter(steers=True).first()
