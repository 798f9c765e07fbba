"""Synthetic wards with eight years of approved monthly reports, created in bulk."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from reports.demo import approved_report
from reports.models import MonthlyReport
from reports.rules import MONTHLY_FIELDS
from wards.collation import sort_key
from wards.models import Role, User, Ward

FIRST_YEAR = 2023
PASSWORD = "bench-Password-123"  # noqa: S105 - synthetic accounts in the throwaway database


def figures(rng: random.Random) -> dict[str, int]:
    """Return one month's figures that satisfy every rule between them."""
    values = {name: rng.randint(0, 9) for name in MONTHLY_FIELDS}
    values.update(
        crime_reports_received=values["crime_reports_handled"] + rng.randint(0, 5),
        procedures_received=40,
        procedures_on_time=25,
        procedures_early=10,
        procedures_late=5,
        feedback_received=values["feedback_resolved"] + rng.randint(0, 3),
        managed_subjects=values["managed_subjects_supervised"] + rng.randint(0, 5),
        hot_spots=values["new_hot_spots"] + rng.randint(0, 3),
        drug_addicts=values["new_drug_addicts"] + rng.randint(0, 6),
    )
    return values


def wards_grow_to(count: int, *, years: int, skip_month: tuple[int, int] | None = None) -> int:
    """Add synthetic wards (with an officer each and their reports) until there are `count`;
    return how many monthly reports were created."""
    existing = Ward.objects.filter(code__startswith="bench-").count()
    if existing >= count:
        return 0
    rng = random.Random(existing)
    new = []
    for number in range(existing + 1, count + 1):
        name = f"Phường thử {number:04d}"
        new.append(
            Ward(
                code=f"bench-{number:04d}",
                name=name,
                sort_name=sort_key(name),
                valid_from=datetime.date(FIRST_YEAR, 1, 1),
                in_programme=True,
            )
        )
    wards = Ward.objects.bulk_create(new, batch_size=1000)
    password = make_password(PASSWORD)
    User.objects.bulk_create(
        [
            User(
                username=f"officer-{ward.code}",
                password=password,
                role=Role.WARD_OFFICER,
                ward=ward,
                full_name=f"Cán bộ {ward.name}",
            )
            for ward in wards
        ],
        batch_size=1000,
    )
    approved = timezone.make_aware(datetime.datetime(FIRST_YEAR, 1, 3, 9, 0))
    batch: list[MonthlyReport] = []
    created = 0
    for ward in wards:
        for year in range(FIRST_YEAR, FIRST_YEAR + years):
            for month in range(1, 13):
                if (year, month) == skip_month:
                    continue
                batch.append(
                    approved_report(
                        MonthlyReport,
                        submitted_at=approved.replace(year=year, month=month),
                        ward=ward,
                        year=year,
                        month=month,
                        **figures(rng),
                    )
                )
        if len(batch) >= 5000:
            MonthlyReport.objects.bulk_create(batch, batch_size=2500)
            created += len(batch)
            batch = []
    MonthlyReport.objects.bulk_create(batch, batch_size=2500)
    return created + len(batch)
