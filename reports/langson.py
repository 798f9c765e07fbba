"""The 2022 incident figures of the Đề án, by ward: the programme's first baseline year."""

from __future__ import annotations

from django.db import transaction

from reports.models import BaselineSource, BaselineTotals
from wards.langson import register_loader
from wards.models import Ward

BASELINE_YEAR = 2022

# ward code: (criminal, economic & environment, drugs, administrative violations)
BASELINE_2022 = {
    "tam-thanh": (12, 5, 18, 4),
    "chi-lang": (4, 2, 15, 6),
    "dong-kinh": (11, 9, 11, 13),
    "vinh-trai": (25, 8, 20, 14),
    "hoang-van-thu": (14, 7, 11, 19),
}


@register_loader(order=20)
@transaction.atomic
def load_baseline() -> dict[str, int]:
    """Create the 2022 baseline rows that are missing; return how many were created."""
    created = 0
    wards = Ward.objects.in_bulk(BASELINE_2022.keys(), field_name="code")
    for code, (criminal, economic, drugs, administrative) in BASELINE_2022.items():
        _, made = BaselineTotals.objects.get_or_create(
            ward=wards[code],
            year=BASELINE_YEAR,
            defaults={
                "criminal_cases": criminal,
                "economic_environment_cases": economic,
                "drug_cases": drugs,
                "administrative_violations": administrative,
                "source": BaselineSource.DECISION,
            },
        )
        created += made
    return {"baseline": created}
