"""Synthetic demo reports so that a fresh installation shows living pages.

Deterministic (seeded per ward and month), idempotent (existing reports are never touched),
refused under production settings. Figures follow each ward's 2022 baseline (yearly total / 12
a month, falling a few per cent a year) and the 2025 reorganisation: the five old wards report
to June 2025, the four new wards from July 2025.
"""

from __future__ import annotations

import datetime
import math
import random

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from reports.models import BaselineTotals, MonthlyReport, ReportStatus, YearlyReport
from reports.selectors import report_due_date
from reports.totals import month_totals_rebuild
from wards.langson import register_loader
from wards.models import Ward

FIRST_DEMO_YEAR = 2023
YEARLY_TREND = 0.93  # incidents fall about 7% a year
ABSORBED_UNITS_FACTOR = 1.25  # new wards also took in communes never tracked before
DEFAULT_BASELINE = (10, 5, 12, 12)
DEMO_REASON = "Dữ liệu mẫu"


def _poisson(rng: random.Random, mean: float) -> int:
    """Return a Poisson draw (Knuth's method; the means here are small)."""
    if mean <= 0:
        return 0
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _baselines(wards: list[Ward]) -> dict[int, tuple[float, float, float, float]]:
    """Return each ward's 2022 yearly totals (criminal, economic, drugs, administrative);
    a new ward sums its tracked predecessors' and adds the communes it absorbed (two queries)."""
    rows = {
        row.ward_id: row
        for row in BaselineTotals.objects.filter(year=2022).prefetch_related("ward")
    }

    def figures(ward_id):
        row = rows.get(ward_id)
        if row is None or row.criminal_cases is None:
            return None
        return (
            row.criminal_cases,
            row.economic_environment_cases or 0,
            row.drug_cases or 0,
            row.administrative_violations or 0,
        )

    result = {}
    for ward in wards:
        own = figures(ward.pk)
        if own is not None:
            result[ward.pk] = tuple(float(v) for v in own)
            continue
        parts = [figures(p.pk) for p in ward.predecessors.all()]
        parts = [p for p in parts if p is not None]
        if parts:
            result[ward.pk] = tuple(
                sum(p[i] for p in parts) * ABSORBED_UNITS_FACTOR for i in range(4)
            )
        else:
            result[ward.pk] = tuple(float(v) for v in DEFAULT_BASELINE)
    return result


def _monthly_figures(rng: random.Random, base, months_since_start: int) -> dict[str, int]:
    """Return one plausible month of figures from the ward's yearly baseline."""
    trend = YEARLY_TREND ** (months_since_start / 12)
    criminal, economic, drugs, administrative = (value / 12 * trend for value in base)
    criminal_cases = _poisson(rng, criminal)
    hot_spots = max(0, round(base[2] / 10 * trend**3))
    drug_addicts = max(0, round(base[2] * 1.6 * trend**1.5) + rng.randint(-1, 1))
    managed = max(5, round(base[0] * 1.5 + 10) + rng.randint(-2, 2))
    reports_received = criminal_cases + _poisson(rng, 2)
    procedures = round(rng.randint(150, 350) * (base[3] / 12 + 0.5))
    late = 1 if rng.random() < 0.1 else 0
    on_time = procedures - late
    feedback = rng.randint(1, 8)
    return {
        "criminal_cases": criminal_cases,
        "economic_environment_cases": _poisson(rng, economic),
        "drug_cases": _poisson(rng, drugs),
        "administrative_violations": _poisson(rng, administrative),
        "social_order_crimes": min(criminal_cases, _poisson(rng, criminal * 0.6)),
        "serious_resident_crimes": 1 if rng.random() < 0.02 else 0,
        "hot_spots": hot_spots,
        "new_hot_spots": 1 if hot_spots and rng.random() < 0.02 else 0,
        "large_economic_cases": 1 if rng.random() < 0.02 else 0,
        "drug_addicts": drug_addicts,
        "new_drug_addicts": 1 if drug_addicts and rng.random() < 0.08 else 0,
        "managed_subjects": managed,
        "managed_subjects_supervised": managed,
        "reoffenders": 1 if rng.random() < 0.04 else 0,
        "fugitives_caught": _poisson(rng, 0.3 * (1 + months_since_start / 48)),
        "fugitives_surrendered": _poisson(rng, 0.15),
        "crime_reports_received": reports_received,
        "crime_reports_handled": reports_received,
        "serious_fires": 0,
        "illegal_racing": 0,
        "violent_organised_crime": 0,
        "mass_complaints": 0,
        "procedures_received": procedures,
        "procedures_on_time": on_time,
        "procedures_early": round(on_time * rng.uniform(0.08, 0.2)),
        "procedures_late": late,
        "feedback_received": feedback,
        "feedback_resolved": feedback,
        "officer_complaints_substantiated": 0,
    }


def _yearly_figures(rng: random.Random, size: float) -> dict[str, int]:
    """Return one plausible year of civility figures for a ward of the given relative size."""
    groups = round(rng.randint(15, 30) * size)
    households = groups * rng.randint(50, 70)
    roadside = round(households * rng.uniform(0.15, 0.25))
    businesses = round(rng.randint(40, 120) * size)
    units = groups + rng.randint(8, 15)
    procedures = rng.randint(40, 60)

    def share(total: int, low: float, high: float) -> int:
        return min(total, round(total * rng.uniform(low, high)))

    return {
        "residential_groups": groups,
        "cultured_residential_groups": share(groups, 0.86, 0.98),
        "groups_with_convention": groups,
        "households": households,
        "cultured_households": share(households, 0.86, 0.96),
        "civilised_households": share(households, 0.78, 0.9),
        "roadside_households": roadside,
        "roadside_pledged_households": share(roadside, 0.95, 1.0),
        "businesses": businesses,
        "compliant_businesses": share(businesses, 0.9, 1.0),
        "safety_units": units,
        "safe_units": share(units, 0.86, 1.0),
        "self_managed_models_good": rng.randint(1, 4),
        "dan_van_kheo_models": rng.randint(0, 2),
        "commendations": rng.randint(1, 6),
        "civil_defence_breaches": 1 if rng.random() < 0.1 else 0,
        "procedures_total": procedures,
        "procedures_published": procedures,
    }


def approved_report(
    model: type[MonthlyReport | YearlyReport],
    *,
    submitted_at: datetime.datetime,
    approved_at: datetime.datetime | None = None,
    **fields,
) -> MonthlyReport | YearlyReport:
    """Return an unsaved approved report (for bulk creation) first and last submitted at
    `submitted_at` and approved at `approved_at` (the same moment when not given)."""
    return model(
        status=ReportStatus.APPROVED,
        first_submitted_at=submitted_at,
        submitted_at=submitted_at,
        approved_at=approved_at or submitted_at,
        **fields,
    )


def _months(today: datetime.date):
    """Yield (year, month) from January 2023 to the month before today."""
    year, month = FIRST_DEMO_YEAR, 1
    while (year, month) < (today.year, today.month):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


@register_loader(order=20, demo=True)
@transaction.atomic
def demo_reports_create(*, today: datetime.date | None = None) -> dict[str, int]:
    """Create the missing demo reports (approved, is_demo) for every programme ward up to last
    month and its yearly reports for complete past years; return how many were created."""
    if not settings.ALLOW_DEMO_DATA:
        raise ImproperlyConfigured("Demo data is refused under production settings.")
    today = today or timezone.localdate()
    wards = list(
        Ward.objects.filter(in_programme=True).prefetch_related("predecessors").order_by("code")
    )
    baselines = _baselines(wards)
    existing = set(MonthlyReport.objects.values_list("ward_id", "year", "month"))
    monthly = []
    for ward in wards:
        for index, (year, month) in enumerate(_months(today)):
            if (ward.pk, year, month) in existing or not ward.is_valid_in_month(year, month):
                continue
            rng = random.Random(f"demo:{ward.code}:{year}:{month}")
            due = report_due_date(year, month)
            submitted = _at(due - datetime.timedelta(days=rng.randint(1, 4)))
            monthly.append(
                approved_report(
                    MonthlyReport,
                    submitted_at=submitted,
                    approved_at=submitted + datetime.timedelta(days=2),
                    ward=ward,
                    year=year,
                    month=month,
                    is_demo=True,
                    updated_at=submitted,
                    **_monthly_figures(rng, baselines[ward.pk], index),
                )
            )
    bulk_create_with_history(
        monthly, MonthlyReport, batch_size=500, default_change_reason=DEMO_REASON
    )
    month_totals_rebuild()
    existing_years = set(YearlyReport.objects.values_list("ward_id", "year"))
    yearly = []
    for ward in wards:
        size = sum(baselines[ward.pk]) / sum(DEFAULT_BASELINE)
        for year in range(FIRST_DEMO_YEAR, today.year):
            if (ward.pk, year) in existing_years or not ward.is_valid_on(
                datetime.date(year, 12, 31)
            ):
                continue
            rng = random.Random(f"demo:{ward.code}:{year}")
            submitted = _at(datetime.date(year + 1, 1, rng.randint(5, 12)))
            yearly.append(
                approved_report(
                    YearlyReport,
                    submitted_at=submitted,
                    approved_at=submitted + datetime.timedelta(days=3),
                    ward=ward,
                    year=year,
                    is_demo=True,
                    updated_at=submitted,
                    **_yearly_figures(rng, max(0.8, min(size, 2.5))),
                )
            )
    bulk_create_with_history(
        yearly, YearlyReport, batch_size=500, default_change_reason=DEMO_REASON
    )
    return {"demo_monthly_reports": len(monthly), "demo_yearly_reports": len(yearly)}
