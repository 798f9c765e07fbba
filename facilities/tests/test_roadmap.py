import datetime

import pytest

from facilities.selectors import RoadmapStatus, roadmap_rows, roadmap_status
from wards.models import Ward
from wards.tests.factories import WardFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 5, 1)


@pytest.mark.parametrize(
    ("target", "model_years", "status"),
    [
        (2026, [], RoadmapStatus.ON_SCHEDULE),
        (2027, [], RoadmapStatus.ON_SCHEDULE),
        (2025, [], RoadmapStatus.BEHIND),
        (2025, [2025], RoadmapStatus.ACHIEVED),
        (2024, [2026], RoadmapStatus.ACHIEVED),
        (None, [], RoadmapStatus.NO_TARGET),
    ],
)
def test_roadmap_status_edges(target, model_years, status):
    ward = Ward(code="x", name="X")
    assert (
        roadmap_status(ward=ward, target_year=target, model_years=model_years, today=TODAY)
        == status
    )


def test_ward_that_ceased_before_its_target_year():
    ward = Ward(code="x", name="X", valid_to=datetime.date(2025, 6, 30))
    assert roadmap_status(ward=ward, target_year=2026, model_years=[], today=TODAY) == "ceased"
    assert roadmap_status(ward=ward, target_year=2025, model_years=[], today=TODAY) == "behind"


def test_roadmap_rows_use_the_scorecard_years():
    early = WardFactory(code="early", target_year=2024)
    late = WardFactory(code="late", target_year=2028)
    rows = roadmap_rows(wards=Ward.objects.all(), today=TODAY, model_years={early.pk: [2025, 2024]})
    assert [(r.ward.code, r.status, r.model_years) for r in rows] == [
        ("early", "achieved", (2024, 2025)),
        ("late", "on_schedule", ()),
    ]
    assert not rows[0].achieved_late
    assert late.target_year == 2028


@pytest.mark.django_db
def test_model_ward_years_come_from_model_ward_scorecards(ward_a, ward_b):
    from django.utils import timezone

    from criteria.models import CriteriaSet, Scorecard
    from criteria.selectors import model_ward_years

    criteria_set = CriteriaSet.objects.create(name="Bộ thử", effective_year=2023, version=1)
    for ward, year, is_model in [(ward_a, 2024, True), (ward_a, 2023, False), (ward_b, 2025, True)]:
        Scorecard.objects.create(
            ward=ward,
            year=year,
            criteria_set=criteria_set,
            met_count=22 if is_model else 20,
            not_met_count=0 if is_model else 2,
            not_assessable_count=0,
            in_force_count=22,
            is_model_ward=is_model,
            computed_at=timezone.now(),
        )
    assert model_ward_years() == {ward_a.pk: [2024], ward_b.pk: [2025]}
