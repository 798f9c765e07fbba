import datetime

import pytest
from django.core.exceptions import ValidationError

from facilities import services
from facilities.models import EquipmentKind, Officer, Rating, Team
from facilities.tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db


def test_officer_create_validates_and_records_history(ward_a):
    officer = services.officer_create(
        ward=ward_a,
        full_name="Phạm Văn Một",
        team=Team.CSKV,
        education="university",
        active_from=datetime.date(2024, 1, 1),
    )
    assert officer.history.count() == 1
    with pytest.raises(ValidationError):
        services.officer_create(
            ward=ward_a,
            full_name="Sai",
            team="unknown",
            education="university",
            active_from=datetime.date(2024, 1, 1),
        )
    assert Officer.objects.count() == 1


def test_officer_update_refuses_unknown_fields(ward_a):
    officer = OfficerFactory(ward=ward_a)
    with pytest.raises(TypeError):
        services.officer_update(officer=officer, ward=None)


def test_rating_is_one_per_officer_and_year(ward_a):
    officer = OfficerFactory(ward=ward_a)
    services.officer_rating_set(officer=officer, year=2024, rating=Rating.COMPLETED)
    services.officer_rating_set(officer=officer, year=2024, rating=Rating.GOOD)
    services.officer_rating_set(officer=officer, year=2025, rating=Rating.EXCELLENT)
    assert dict(officer.ratings.values_list("year", "rating")) == {
        2024: "good",
        2025: "excellent",
    }


def test_rating_after_the_officer_left_is_refused(ward_a):
    officer = OfficerFactory(ward=ward_a, active_to=datetime.date(2024, 12, 31))
    with pytest.raises(ValidationError):
        services.officer_rating_set(officer=officer, year=2025, rating=Rating.GOOD)


def test_equipment_count_of_a_day_is_corrected_not_duplicated(ward_a):
    day = datetime.date(2025, 2, 1)
    services.equipment_count_record(
        ward=ward_a, kind=EquipmentKind.SCANNER, counted_on=day, quantity=1
    )
    count = services.equipment_count_record(
        ward=ward_a, kind=EquipmentKind.SCANNER, counted_on=day, quantity=2
    )
    assert count.quantity == 2
    assert ward_a.equipment_counts.count() == 1


def test_target_year_is_validated(ward_a):
    services.ward_target_year_set(ward=ward_a, target_year=2029, reason="Kế hoạch 2026")
    ward_a.refresh_from_db()
    assert ward_a.target_year == 2029
    with pytest.raises(ValidationError):
        services.ward_target_year_set(ward=ward_a, target_year=2022, reason="Sai năm")
