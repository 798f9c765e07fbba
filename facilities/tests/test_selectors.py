import datetime

import pytest
from django.utils import timezone

from criteria.resource_facts import facilities_facts, staffing_facts
from facilities.models import EquipmentKind, Rating, Team
from facilities.selectors import (
    EquipmentRow,
    StaffingRow,
    equipment_gaps,
    equipment_table,
    reference_day,
    staffing_and_equipment_rows,
    staffing_table,
)
from facilities.tests.factories import (
    EquipmentCountFactory,
    HeadquartersFactory,
    OfficerFactory,
    OfficerRatingFactory,
)
from wards.models import Ward
from wards.tests.factories import WardFactory

pytestmark = pytest.mark.django_db


def _roster(ward, cskv=0, crime=0, other=0, **kwargs):
    officers = []
    for team, n in ((Team.CSKV, cskv), (Team.CRIME_PREVENTION, crime), (Team.OTHER, other)):
        officers += OfficerFactory.create_batch(n, ward=ward, team=team, **kwargs)
    return officers


@pytest.mark.parametrize(("headcount", "ok"), [(14, False), (15, True), (20, True), (21, False)])
def test_headcount_target_edges(ward_a, headcount, ok):
    _roster(ward_a, cskv=headcount - 6, crime=3, other=3)
    rows, total = staffing_table(wards=[ward_a], year=2024)
    assert rows[0].headcount == total.headcount == headcount
    assert rows[0].headcount_ok is ok
    assert staffing_facts(ward=ward_a, year=2024).headcount == headcount


@pytest.mark.parametrize(("crime", "ok"), [(2, False), (3, True)])
def test_every_team_needs_three(ward_a, crime, ok):
    _roster(ward_a, cskv=8, crime=crime, other=5)
    rows, _ = staffing_table(wards=[ward_a], year=2024)
    assert rows[0].teams_ok is ok
    assert staffing_facts(ward=ward_a, year=2024).team_sizes["crime_prevention"] == crime


def test_a_missing_team_counts_as_zero(ward_a):
    _roster(ward_a, cskv=10, other=5)
    facts = staffing_facts(ward=ward_a, year=2024)
    assert facts.team_sizes == {"cskv": 10, "crime_prevention": 0, "other": 5}


def test_staffing_facts_none_without_roster(ward_a):
    assert staffing_facts(ward=ward_a, year=2024) is None


def test_staffing_facts_reads_the_roster_on_31_december(ward_a):
    OfficerFactory(ward=ward_a, active_to=datetime.date(2024, 12, 30))
    OfficerFactory(ward=ward_a, active_to=datetime.date(2024, 12, 31))
    OfficerFactory(ward=ward_a, active_from=datetime.date(2025, 1, 1))
    assert staffing_facts(ward=ward_a, year=2024).headcount == 1
    assert staffing_facts(ward=ward_a, year=2025).headcount == 1


def test_reference_day_is_today_in_the_current_year_and_the_last_day_of_a_ceased_ward():
    today = timezone.localdate()
    ward = WardFactory(code="old", valid_to=datetime.date(2025, 6, 30))
    assert reference_day(ward=WardFactory(code="x"), year=today.year) == today
    assert reference_day(ward=ward, year=2025) == datetime.date(2025, 6, 30)
    assert reference_day(ward=ward, year=2024) == datetime.date(2024, 12, 31)


def test_ceased_ward_is_read_on_its_last_day_and_not_after(db):
    ward = WardFactory(code="old", valid_to=datetime.date(2025, 6, 30))
    OfficerFactory(ward=ward, active_to=datetime.date(2025, 6, 30))
    assert staffing_facts(ward=ward, year=2025).headcount == 1
    assert staffing_facts(ward=ward, year=2026) is None


def test_ratings_count_good_or_better_for_the_year_only(ward_a):
    excellent, good, completed, unrated = _roster(ward_a, cskv=4)
    OfficerRatingFactory(officer=excellent, year=2024, rating=Rating.EXCELLENT)
    OfficerRatingFactory(officer=good, year=2024, rating=Rating.GOOD)
    OfficerRatingFactory(officer=completed, year=2024, rating=Rating.COMPLETED)
    OfficerRatingFactory(officer=unrated, year=2023, rating=Rating.GOOD)
    facts = staffing_facts(ward=ward_a, year=2024)
    assert (facts.headcount, facts.rated, facts.rated_good_or_better) == (4, 3, 2)


def test_ratings_of_officers_who_left_are_not_counted(ward_a):
    gone = OfficerFactory(ward=ward_a, active_to=datetime.date(2024, 6, 1))
    OfficerFactory(ward=ward_a)
    OfficerRatingFactory(officer=gone, year=2024, rating=Rating.GOOD)
    facts = staffing_facts(ward=ward_a, year=2024)
    assert (facts.headcount, facts.rated) == (1, 0)


def test_equipment_gaps_at_the_edges():
    full = {"desktop": 15, "printer": 15, "laptop": 3, "photocopier": 2, "scanner": 2}
    full |= {"motorbike": 2, "smartphone": 8}
    assert set(equipment_gaps(counts=full, headcount=15, cskv=8).values()) == {0}
    short = full | {"laptop": 2, "desktop": 14, "smartphone": 7, "scanner": 0}
    gaps = equipment_gaps(counts=short, headcount=15, cskv=8)
    assert gaps == {
        "desktop": 1,
        "laptop": 1,
        "printer": 0,
        "photocopier": 0,
        "scanner": 2,
        "motorbike": 0,
        "smartphone": 1,
    }
    surplus = full | {"laptop": 10}
    assert equipment_gaps(counts=surplus, headcount=15, cskv=8)["laptop"] == 0


def test_facilities_facts_use_latest_count_on_or_before_year_end(ward_a):
    _roster(ward_a, cskv=3, crime=3, other=3)
    EquipmentCountFactory(
        ward=ward_a, kind=EquipmentKind.LAPTOP, quantity=1, counted_on=datetime.date(2024, 3, 1)
    )
    EquipmentCountFactory(
        ward=ward_a, kind=EquipmentKind.LAPTOP, quantity=3, counted_on=datetime.date(2024, 12, 31)
    )
    EquipmentCountFactory(
        ward=ward_a, kind=EquipmentKind.LAPTOP, quantity=0, counted_on=datetime.date(2025, 1, 1)
    )
    facts = facilities_facts(ward=ward_a, year=2024)
    assert facts.equipment_gaps["laptop"] == 0
    assert facts.equipment_gaps["desktop"] == 9
    assert facts.equipment_gaps["smartphone"] == 3
    assert facts.hq_land_area_m2 is None and facts.hq_within_service_life is None


def test_facilities_facts_none_without_inventory_or_roster(ward_a, ward_b):
    _roster(ward_a, cskv=3)
    HeadquartersFactory(ward=ward_a)
    assert facilities_facts(ward=ward_a, year=2024) is None
    EquipmentCountFactory(ward=ward_b, counted_on=datetime.date(2024, 1, 1))
    assert facilities_facts(ward=ward_b, year=2024) is None
    EquipmentCountFactory(ward=ward_a, counted_on=datetime.date(2025, 1, 1))
    assert facilities_facts(ward=ward_a, year=2024) is None
    assert facilities_facts(ward=ward_a, year=2025) is not None


@pytest.mark.parametrize(("year", "within"), [(2035, True), (2036, False)])
def test_hq_service_life_edge(ward_a, year, within):
    OfficerFactory(ward=ward_a)
    EquipmentCountFactory(ward=ward_a)
    HeadquartersFactory(ward=ward_a, year_built=2015, service_life_years=20, land_area_m2=499)
    facts = facilities_facts(ward=ward_a, year=year)
    assert facts.hq_within_service_life is within
    assert facts.hq_land_area_m2 == 499


def test_equipment_table_sums_ward_gaps_for_the_city(ward_a, ward_b):
    _roster(ward_a, cskv=2)
    _roster(ward_b, cskv=1)
    EquipmentCountFactory(ward=ward_a, kind=EquipmentKind.DESKTOP, quantity=5)
    EquipmentCountFactory(ward=ward_b, kind=EquipmentKind.DESKTOP, quantity=0)
    rows, total = equipment_table(wards=[ward_a, ward_b], year=2024)
    by_ward = {row.ward.code: row for row in rows}
    assert by_ward["ward-a"].missing["desktop"] == 0
    assert by_ward["ward-b"].missing["desktop"] == 1
    assert total.held["desktop"] == 5
    assert total.required["desktop"] == 3
    assert total.missing["desktop"] == 1  # a surplus in one ward does not cover another
    assert total.missing["laptop"] == 6


def test_tables_run_a_fixed_number_of_queries(django_assert_num_queries):
    wards = [WardFactory(code=f"w{n}") for n in range(4)]
    for ward in wards:
        _roster(ward, cskv=3, crime=3)
        EquipmentCountFactory(ward=ward)
    with django_assert_num_queries(1):
        staffing_table(wards=wards, year=2024)
    with django_assert_num_queries(2):
        equipment_table(wards=wards, year=2024)


def _streamed_wards():
    """Five wards for the streaming tables: two of the same name (ties broken by id), one with
    no roster, one ceased in mid-2024, plus a ward outside the queryset whose rows must not leak
    in; return the queryset."""
    twin_1 = WardFactory(code="twin-1", name="Phường Trùng")
    twin_2 = WardFactory(code="twin-2", name="Phường Trùng")
    WardFactory(code="empty", name="Phường Ánh")
    ceased = WardFactory(code="ceased", name="Phường Cũ", valid_to=datetime.date(2024, 6, 30))
    outside = WardFactory(code="outside", name="Phường Ngoài", in_programme=False)
    _roster(twin_1, cskv=4, crime=3, other=1)
    _roster(twin_2, cskv=1)
    OfficerFactory(ward=twin_2, active_to=datetime.date(2024, 3, 1))  # gone by 31 December
    _roster(ceased, other=2, active_to=datetime.date(2024, 6, 30))
    _roster(outside, cskv=9)
    for ward, quantity in ((twin_1, 5), (twin_2, 0), (ceased, 2), (outside, 30)):
        EquipmentCountFactory(ward=ward, quantity=quantity, counted_on=datetime.date(2024, 1, 2))
    EquipmentCountFactory(ward=twin_1, quantity=7, counted_on=datetime.date(2024, 9, 1))
    EquipmentCountFactory(ward=twin_1, quantity=99, counted_on=datetime.date(2025, 1, 1))
    EquipmentCountFactory(
        ward=ceased, kind=EquipmentKind.LAPTOP, counted_on=datetime.date(2024, 8, 1)
    )
    return Ward.objects.filter(in_programme=True)


def test_streamed_rows_match_the_tables_in_name_order(django_assert_num_queries):
    wards = _streamed_wards()
    ordered = wards.order_by("sort_name", "pk")
    staffing, staffing_sum = staffing_table(wards=ordered, year=2024)
    equipment, equipment_sum = equipment_table(wards=ordered, year=2024)
    with django_assert_num_queries(3):
        streamed = list(staffing_and_equipment_rows(wards=wards, year=2024))
    people = [p for p, _items in streamed]
    items = [i for _people, i in streamed]

    def staff(r):
        return (r.ward.pk, r.day, r.headcount, r.teams, r.education)

    def kit(r):
        return (r.ward.pk, r.day, r.headcount, r.counted, r.held, r.required, r.missing)

    assert [staff(r) for r in people] == [staff(r) for r in staffing]
    assert [kit(r) for r in items] == [kit(r) for r in equipment]
    assert [r.ward.code for r in people] == ["empty", "ceased", "twin-1", "twin-2"]
    assert [r.headcount for r in people] == [0, 2, 8, 1]
    assert people[1].day == datetime.date(2024, 6, 30)
    by_code = {r.ward.code: r for r in items}
    assert by_code["twin-1"].held["desktop"] == 7  # the latest count of the year, not 2025's
    assert by_code["ceased"].held["laptop"] == 0  # counted after the ward ceased
    assert not by_code["empty"].counted

    staffing_total, equipment_total = StaffingRow(ward=None, day=None), EquipmentRow.total()
    for person_row, item_row in streamed:
        staffing_total.add(person_row)
        equipment_total.add(item_row)
    assert (
        staffing_total.teams == staffing_sum.teams == {"cskv": 5, "crime_prevention": 3, "other": 3}
    )
    assert staffing_total.education == staffing_sum.education
    assert equipment_total.cells == equipment_sum.cells
    assert equipment_total.held["desktop"] == 7 + 0 + 2
