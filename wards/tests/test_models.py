import datetime

import pytest
from django.db import IntegrityError, transaction

from wards.models import Role, Ward, WardLineage
from wards.tests.factories import ProvinceUserFactory, UserFactory, WardFactory

pytestmark = pytest.mark.django_db


def test_ward_role_without_ward_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(username="lost", role=Role.WARD_OFFICER, ward=None)


def test_province_role_with_a_ward_is_refused_by_the_database(ward_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        ProvinceUserFactory(username="mixed", role=Role.REVIEWER, ward=ward_a)


def test_unknown_role_is_refused_by_the_database(ward_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(username="odd", role="superhero", ward=ward_a)


def test_ward_validity_must_not_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        Ward.objects.create(
            code="bad",
            name="Bad",
            valid_from=datetime.date(2025, 7, 1),
            valid_to=datetime.date(2025, 6, 30),
        )


def test_ward_cannot_be_its_own_predecessor(ward_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        WardLineage.objects.create(
            successor=ward_a, predecessor=ward_a, effective_date=datetime.date(2025, 7, 1)
        )


def test_lineage_pair_is_unique(ward_a, ward_b):
    day = datetime.date(2025, 7, 1)
    WardLineage.objects.create(successor=ward_a, predecessor=ward_b, effective_date=day)
    with pytest.raises(IntegrityError), transaction.atomic():
        WardLineage.objects.create(successor=ward_a, predecessor=ward_b, effective_date=day)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2025, 6, 30), True),
        (datetime.date(2025, 7, 1), False),
        (datetime.date(2020, 1, 1), True),
    ],
)
def test_old_ward_validity_ends_on_30_june_2025(day, expected):
    ward = WardFactory(valid_to=datetime.date(2025, 6, 30))
    assert ward.is_valid_on(day) is expected


def test_valid_in_month_and_year_cover_partial_periods():
    new = WardFactory(valid_from=datetime.date(2025, 7, 1))
    old = WardFactory(valid_to=datetime.date(2025, 6, 30))
    assert not new.is_valid_in_month(2025, 6)
    assert new.is_valid_in_month(2025, 7)
    assert old.is_valid_in_month(2025, 6)
    assert not old.is_valid_in_month(2025, 7)
    assert new.is_valid_in_year(2025) and old.is_valid_in_year(2025)
    assert not new.is_valid_in_year(2024)
    assert not old.is_valid_in_year(2026)


def test_display_name_shows_the_years_of_a_ward_no_longer_in_force():
    ward = WardFactory(name="Chi Lăng", valid_to=datetime.date(2025, 6, 30))
    assert ward.display_name == "Phường Chi Lăng (đến 30/06/2025)"


def test_wards_sort_in_vietnamese_alphabetical_order():
    for name in ["Đông Kinh", "Vĩnh Trại", "Chi Lăng", "Dương Xá", "Ái Quốc"]:
        WardFactory(name=name)
    assert list(Ward.objects.values_list("name", flat=True)) == [
        "Ái Quốc",
        "Chi Lăng",
        "Dương Xá",
        "Đông Kinh",
        "Vĩnh Trại",
    ]
