"""Helpers for dashboard and document tests: scored years written straight to the tables."""

from __future__ import annotations

from django.utils import timezone

from criteria.models import CriteriaSet, CriterionResult, Result, Scorecard
from wards.models import Ward


def score_ward(ward: Ward, year: int, met: int, criteria_set: CriteriaSet) -> Scorecard:
    """Write results for every criterion (the first `met` met, the next one not assessable,
    the rest not met) and the scorecard that sums them; return the scorecard."""
    criteria = list(criteria_set.criteria.order_by("number"))
    now = timezone.now()
    results = []
    for index, criterion in enumerate(criteria):
        if index < met:
            result = Result.MET
        elif index == met:
            result = Result.NOT_ASSESSABLE
        else:
            result = Result.NOT_MET
        results.append(
            CriterionResult(
                ward=ward,
                year=year,
                criterion=criterion,
                result=result,
                measured_text=f"giá trị {criterion.number}",
                target_text=criterion.target_text,
                explanation=f"Giải thích tiêu chí {criterion.number} của {ward.name}.",
                data_fingerprint="x",
                computed_at=now,
            )
        )
    CriterionResult.objects.bulk_create(results)
    total = len(criteria)
    not_assessable = 1 if met < total else 0
    return Scorecard.objects.create(
        ward=ward,
        year=year,
        criteria_set=criteria_set,
        met_count=met,
        not_assessable_count=not_assessable,
        not_met_count=total - met - not_assessable,
        in_force_count=total,
        is_model_ward=met == total,
        data_fingerprint="x",
        computed_at=now,
    )
