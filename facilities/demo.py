"""Demo yearly ratings of the placeholder roster, so that criterion 4 can be shown assessed.

The Đề án gives no rating, so in real data criterion 4 stays "Chưa đánh giá được" until the
wards enter their officers' ratings. With `load_langson --demo-data` (refused under production
settings) each placeholder officer on a ward's roster on 31 December of a finished year gets a
deterministic rating (mostly "Hoàn thành tốt nhiệm vụ" or better). A ward that ended during a
year rates nobody for it: the year's rating is given by the ward in charge at its end (since
the 2025 reorganisation, the successor). Existing ratings are never touched.
"""

from __future__ import annotations

import datetime
import random

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from facilities.models import Officer, OfficerRating, Rating
from wards.langson import register_loader
from wards.models import Ward

FIRST_DEMO_YEAR = 2023
DEMO_REASON = "Dữ liệu mẫu"
# Out of 20: 6 excellent, 13 good, 1 completed (so some wards fall short of 100%).
RATING_WEIGHTS = ((Rating.EXCELLENT, 6), (Rating.GOOD, 13), (Rating.COMPLETED, 1))


@register_loader(order=30, demo=True)
@transaction.atomic
def demo_ratings_create(*, today: datetime.date | None = None) -> dict[str, int]:
    """Rate the placeholder officers on each programme ward's roster at the end of every
    finished year since 2023 that have no rating for it; return how many were created."""
    if not settings.ALLOW_DEMO_DATA:
        raise ImproperlyConfigured("Demo data is refused under production settings.")
    today = today or timezone.localdate()
    kinds, weights = zip(*RATING_WEIGHTS, strict=True)
    rated = set(OfficerRating.objects.values_list("officer_id", "year"))
    ratings = []
    for year in range(FIRST_DEMO_YEAR, today.year):
        year_end = datetime.date(year, 12, 31)
        wards = [w for w in Ward.objects.filter(in_programme=True) if w.is_valid_on(year_end)]
        officers = Officer.objects.filter(
            Q(active_to__isnull=True) | Q(active_to__gte=year_end),
            ward__in=wards,
            is_placeholder=True,
            active_from__lte=year_end,
        ).order_by("ward__code", "pk")
        for officer in officers.select_related("ward"):
            if (officer.pk, year) in rated:
                continue
            rng = random.Random(f"demo-rating:{officer.ward.code}:{officer.full_name}:{year}")
            rating = rng.choices(kinds, weights=weights)[0]
            ratings.append(OfficerRating(officer=officer, year=year, rating=rating))
    bulk_create_with_history(ratings, OfficerRating, default_change_reason=DEMO_REASON)
    return {"demo_ratings": len(ratings)}
