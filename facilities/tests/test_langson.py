import io

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum

from criteria.resource_facts import facilities_facts, staffing_facts
from facilities.langson import EQUIPMENT_2023, INVENTORY_DAY, ROSTER_2023
from facilities.models import (
    BuildingProject,
    EquipmentCount,
    EquipmentKind,
    Headquarters,
    Officer,
    ProjectKind,
)
from wards.langson import REORGANISATION_DAY
from wards.models import Ward

pytestmark = pytest.mark.django_db


def _old_roster():
    """Return the 2023 wards' roster (since 01/07/2025 the officers carry on in new wards)."""
    return Officer.objects.filter(ward__code__in=ROSTER_2023)


def test_roster_has_the_63_officers_of_the_decision(langson):
    assert _old_roster().count() == 63
    by_ward = dict(_old_roster().values_list("ward__code").annotate(n=Count("pk")))
    assert by_ward == {
        "chi-lang": 12,
        "dong-kinh": 13,
        "vinh-trai": 13,
        "hoang-van-thu": 13,
        "tam-thanh": 12,
    }


def test_roster_team_and_education_totals_match_the_decision(langson):
    teams = dict(_old_roster().values_list("team").annotate(n=Count("pk")))
    assert teams == {"cskv": 31, "crime_prevention": 12, "other": 20}
    education = dict(_old_roster().values_list("education").annotate(n=Count("pk")))
    assert education == {"university": 45, "college": 4, "intermediate": 14}


def test_each_wards_team_and_education_split_sums_to_its_headcount():
    for teams, education in ROSTER_2023.values():
        assert sum(teams) == sum(education)


def test_roster_names_are_marked_as_placeholders_and_carry_on_in_the_new_wards(langson):
    assert not Officer.objects.filter(is_placeholder=False).exists()
    assert not Officer.objects.exclude(full_name__endswith="(tên minh họa)").exists()
    assert set(_old_roster().values_list("active_to", flat=True)) == {
        Ward.objects.get(code="chi-lang").valid_to
    }
    new_wards = Ward.objects.filter(valid_from__isnull=False, in_programme=True)
    carried = Officer.objects.filter(ward__in=new_wards)
    assert carried.count() == 63
    assert set(carried.values_list("active_from", "active_to")) == {(REORGANISATION_DAY, None)}


def test_equipment_totals_match_the_decision(langson):
    counts_2023 = EquipmentCount.objects.filter(counted_on=INVENTORY_DAY)
    totals = dict(counts_2023.values_list("kind").annotate(n=Sum("quantity")))
    assert totals == {
        "desktop": 36,
        "printer": 29,
        "photocopier": 5,
        "scanner": 0,
        "motorbike": 0,
    }
    assert EQUIPMENT_2023["hoang-van-thu"]["desktop"] == 9
    assert not EquipmentCount.objects.filter(
        kind__in=[EquipmentKind.LAPTOP, EquipmentKind.SMARTPHONE]
    ).exists()


def test_headquarters_figures_and_past_life_flags_match_the_decision(langson):
    # Since 01/07/2025 the buildings belong to the new wards (new Đông Kinh holds two).
    rows = {
        (hq.ward.code, hq.land_area_m2, hq.floor_area_m2, hq.floors, hq.year_built, hq.grade)
        for hq in Headquarters.objects.select_related("ward")
    }
    assert rows == {
        ("luong-van-tri", 889, 560, 3, 2010, "Nhà cấp III"),
        ("dong-kinh-2025", 217, 414, 4, 2004, "Nhà cấp III"),
        ("ky-lua", 219, 699, 3, 2000, "Nhà cấp III"),
        ("tam-thanh-2025", 192, 275, 3, 2001, "Nhà cấp III"),
        ("dong-kinh-2025", 680, 546, 3, 1986, "Nhà cấp III"),
    }
    past_2023 = {
        hq.land_area_m2 for hq in Headquarters.objects.all() if hq.is_past_service_life(2023)
    }
    assert past_2023 == {219, 192, 680}
    assert "808/UBND-KTN" in Headquarters.objects.get(ward__code="tam-thanh-2025").site_note


def test_the_five_projects_are_loaded(langson):
    projects = {(p.ward.code, p.kind) for p in BuildingProject.objects.select_related("ward")}
    assert projects == {
        ("luong-van-tri", ProjectKind.UPGRADE),
        ("tam-thanh-2025", ProjectKind.NEW_BUILD),
        ("dong-kinh-2025", ProjectKind.NEW_BUILD),
        ("ky-lua", ProjectKind.NEW_LAND),
        ("dong-kinh-2025", ProjectKind.EXPANSION),
    }
    chi_lang = BuildingProject.objects.get(ward__code="luong-van-tri")
    assert chi_lang.investment_vnd == 4_200_000_000
    assert chi_lang.planned_finish_year == 2023
    hvt = BuildingProject.objects.get(ward__code="ky-lua")
    assert hvt.min_land_area_m2 == 500
    assert "126" in hvt.site_note and "142" in hvt.site_note and "16" in hvt.site_note


def test_loading_twice_changes_nothing_and_keeps_corrections(langson):
    officer = Officer.objects.filter(ward__code="chi-lang").first()
    officer.full_name = "Tên đã sửa"
    officer.save()
    hq = Headquarters.objects.get(land_area_m2=680)
    hq.land_area_m2 = 700
    hq.save()
    out = io.StringIO()
    call_command("load_langson", stdout=out)
    assert "officers: 0" in out.getvalue()
    assert Officer.objects.count() == 63 * 2  # the old wards' rows and the carried ones
    assert Officer.objects.filter(full_name="Tên đã sửa").count() == 1
    assert Headquarters.objects.count() == 5
    assert Headquarters.objects.get(pk=hq.pk).land_area_m2 == 700
    assert BuildingProject.objects.count() == 5
    # 25 counts of 2023, and the opening counts of the four new wards on 01/07/2025
    assert EquipmentCount.objects.filter(counted_on=INVENTORY_DAY).count() == 25
    assert EquipmentCount.objects.filter(counted_on=REORGANISATION_DAY).count() == 4 * 5


def test_loaded_2023_facts_for_chi_lang(langson):
    ward = Ward.objects.get(code="chi-lang")
    staffing = staffing_facts(ward=ward, year=2023)
    assert staffing.headcount == 12
    assert staffing.team_sizes == {"cskv": 6, "crime_prevention": 2, "other": 4}
    assert staffing.rated == 0
    facts = facilities_facts(ward=ward, year=2023)
    assert facts.hq_land_area_m2 == 889
    assert facts.hq_within_service_life is True
    assert facts.equipment_gaps == {
        "desktop": 4,
        "laptop": 3,
        "printer": 6,
        "photocopier": 1,
        "scanner": 2,
        "motorbike": 2,
        "smartphone": 6,
    }


def test_new_wards_have_the_roster_and_facts_of_their_predecessors(langson):
    ward = Ward.objects.get(code="luong-van-tri")
    assert staffing_facts(ward=ward, year=2025).headcount == 12
    assert facilities_facts(ward=ward, year=2025).hq_land_area_m2 == 889
