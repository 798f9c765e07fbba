"""Reads for wards: which wards stand when, and their lineage."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Prefetch, Q, QuerySet

from wards.models import ResponsibleBody, SuccessionTransfer, Ward, WardLineage, WardSuccession


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


# ---- Succession (what passed from a dissolved ward to its successor) ----


def succession_kinds_passed(*, ward: Ward) -> set[str]:
    """Return the kinds of record that already passed from the ward to a successor."""
    return set(WardSuccession.objects.filter(predecessor=ward).values_list("kind", flat=True))


def succession_transfers_from(
    *, wards: Iterable[Ward] | QuerySet[Ward], kinds: Iterable[str]
) -> list[SuccessionTransfer]:
    """Return the records of these kinds that passed from the wards to their successors, with
    the run and both wards (one query)."""
    return list(
        SuccessionTransfer.objects.filter(
            succession__predecessor__in=wards, succession__kind__in=list(kinds)
        )
        .select_related("succession__predecessor", "succession__successor")
        .order_by("succession__predecessor__sort_name", "succession__kind", "pk")
    )


def succession_moved_ids(
    *, model: str, ward_ids: Iterable[int]
) -> dict[int, list[tuple[int, datetime.date]]]:
    """Return, by former ward id, the ids of the model's records that passed to a successor
    and the day they passed (one query)."""
    moved: dict[int, list[tuple[int, datetime.date]]] = {}
    for ward_id, object_id, day in SuccessionTransfer.objects.filter(
        model=model, succession__predecessor_id__in=list(ward_ids)
    ).values_list("succession__predecessor_id", "object_id", "succession__effective_date"):
        moved.setdefault(ward_id, []).append((object_id, day))
    return moved


def succession_moved_from_codes(*, model: str, codes: Iterable[str]) -> QuerySet:
    """Return (as a subquery of ids) the model's records that passed to a successor from the
    wards with these codes."""
    return SuccessionTransfer.objects.filter(
        model=model, succession__predecessor__code__in=list(codes)
    ).values("object_id")
