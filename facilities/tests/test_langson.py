import io

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum

from criteria.resource_facts import facilities_facts, staffing_facts
from facilities.langson import EQUIPMENT_2023, ROSTER_2023
from facilities.models import (
    BuildingProject,
    EquipmentCount,
    EquipmentKind,
    Headquarters,
    Officer,
    ProjectKind,
)
from wards.models import Ward

pytestmark = pytest.mark.django_db


def test_roster_has_the_63_officers_of_the_decision(langson):
    assert Officer.objects.count() == 63
    by_ward = dict(Officer.objects.values_list("ward__code").annotate(n=Count("pk")))
    assert by_ward == {
        "chi-lang": 12,
        "dong-kinh": 13,
        "vinh-trai": 13,
        "hoang-van-thu": 13,
        "tam-thanh": 12,
    }


def test_roster_team_and_education_totals_match_the_decision(langson):
    teams = dict(Officer.objects.values_list("team").annotate(n=Count("pk")))
    assert teams == {"cskv": 31, "crime_prevention": 12, "other": 20}
    education = dict(Officer.objects.values_list("education").annotate(n=Count("pk")))
    assert education == {"university": 45, "college": 4, "intermediate": 14}


def test_each_wards_team_and_education_split_sums_to_its_headcount():
    for teams, education in ROSTER_2023.values():
        assert sum(teams) == sum(education)


def test_roster_names_are_marked_as_placeholders_and_end_with_the_old_wards(langson):
    assert not Officer.objects.filter(is_placeholder=False).exists()
    assert not Officer.objects.exclude(full_name__endswith="(tên minh họa)").exists()
    assert set(Officer.objects.values_list("active_to", flat=True)) == {
        Ward.objects.get(code="chi-lang").valid_to
    }
    new_wards = Ward.objects.filter(valid_from__isnull=False, in_programme=True)
    assert not Officer.objects.filter(ward__in=new_wards).exists()


def test_equipment_totals_match_the_decision(langson):
    totals = dict(EquipmentCount.objects.values_list("kind").annotate(n=Sum("quantity")))
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
    rows = {
        hq.ward.code: (hq.land_area_m2, hq.floor_area_m2, hq.floors, hq.year_built, hq.grade)
        for hq in Headquarters.objects.select_related("ward")
    }
    assert rows == {
        "chi-lang": (889, 560, 3, 2010, "Nhà cấp III"),
        "vinh-trai": (217, 414, 4, 2004, "Nhà cấp III"),
        "hoang-van-thu": (219, 699, 3, 2000, "Nhà cấp III"),
        "tam-thanh": (192, 275, 3, 2001, "Nhà cấp III"),
        "dong-kinh": (680, 546, 3, 1986, "Nhà cấp III"),
    }
    past_2023 = {
        hq.ward.code
        for hq in Headquarters.objects.select_related("ward")
        if hq.is_past_service_life(2023)
    }
    assert past_2023 == {"hoang-van-thu", "tam-thanh", "dong-kinh"}
    assert "808/UBND-KTN" in Headquarters.objects.get(ward__code="tam-thanh").site_note


def test_the_five_projects_are_loaded(langson):
    projects = {(p.ward.code, p.kind) for p in BuildingProject.objects.select_related("ward")}
    assert projects == {
        ("chi-lang", ProjectKind.UPGRADE),
        ("tam-thanh", ProjectKind.NEW_BUILD),
        ("dong-kinh", ProjectKind.NEW_BUILD),
        ("hoang-van-thu", ProjectKind.NEW_LAND),
        ("vinh-trai", ProjectKind.EXPANSION),
    }
    chi_lang = BuildingProject.objects.get(ward__code="chi-lang")
    assert chi_lang.investment_vnd == 4_200_000_000
    assert chi_lang.planned_finish_year == 2023
    hvt = BuildingProject.objects.get(ward__code="hoang-van-thu")
    assert hvt.min_land_area_m2 == 500
    assert "126" in hvt.site_note and "142" in hvt.site_note and "16" in hvt.site_note


def test_loading_twice_changes_nothing_and_keeps_corrections(langson):
    officer = Officer.objects.filter(ward__code="chi-lang").first()
    officer.full_name = "Tên đã sửa"
    officer.save()
    hq = Headquarters.objects.get(ward__code="dong-kinh")
    hq.land_area_m2 = 700
    hq.save()
    out = io.StringIO()
    call_command("load_langson", stdout=out)
    assert "officers: 0" in out.getvalue()
    assert Officer.objects.count() == 63
    assert Officer.objects.filter(full_name="Tên đã sửa").count() == 1
    assert Headquarters.objects.get(ward__code="dong-kinh").land_area_m2 == 700
    assert BuildingProject.objects.count() == 5
    assert EquipmentCount.objects.count() == 25


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


def test_new_wards_have_no_roster_and_no_facts(langson):
    ward = Ward.objects.get(code="luong-van-tri")
    assert staffing_facts(ward=ward, year=2025) is None
    assert facilities_facts(ward=ward, year=2025) is None
