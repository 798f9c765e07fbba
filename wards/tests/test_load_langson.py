import io

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from reports.models import BaselineTotals
from reports.selectors import baseline_totals
from wards.models import Role, User, Ward, WardLineage

pytestmark = pytest.mark.django_db


def _load(*args):
    out = io.StringIO()
    call_command("load_langson", *args, stdout=out)
    return out.getvalue()


def _snapshot():
    return (
        sorted(Ward.objects.values_list("code", "name", "valid_from", "valid_to", "target_year")),
        sorted(WardLineage.objects.values_list("successor__code", "predecessor__code")),
        sorted(
            BaselineTotals.objects.values_list(
                "ward__code",
                "year",
                "criminal_cases",
                "economic_environment_cases",
                "drug_cases",
                "administrative_violations",
            )
        ),
        sorted(User.objects.values_list("username", "role", "ward__code")),
    )


def test_loads_the_five_wards_of_the_decision(langson):
    programme_2023 = Ward.objects.filter(in_programme=True, valid_from__isnull=True)
    assert sorted(programme_2023.values_list("name", flat=True)) == sorted(
        ["Chi Lăng", "Đông Kinh", "Vĩnh Trại", "Hoàng Văn Thụ", "Tam Thanh"]
    )
    assert Ward.objects.get(code="chi-lang").target_year == 2023


def test_2022_baseline_matches_the_decision(langson):
    totals = baseline_totals(year=2022)
    assert totals == {
        "criminal_cases": 66,
        "economic_environment_cases": 31,
        "drug_cases": 75,
        "administrative_violations": 56,
    }
    by_ward = {
        row.ward.code: (
            row.criminal_cases,
            row.economic_environment_cases,
            row.drug_cases,
            row.administrative_violations,
        )
        for row in BaselineTotals.objects.select_related("ward")
    }
    assert by_ward == {
        "tam-thanh": (12, 5, 18, 4),
        "chi-lang": (4, 2, 15, 6),
        "dong-kinh": (11, 9, 11, 13),
        "vinh-trai": (25, 8, 20, 14),
        "hoang-van-thu": (14, 7, 11, 19),
    }


def test_four_wards_in_force_since_july_2025_with_their_predecessors(langson):
    new = Ward.objects.filter(valid_from="2025-07-01", in_programme=True)
    assert sorted(new.values_list("name", flat=True)) == [
        "Kỳ Lừa",
        "Lương Văn Tri",
        "Tam Thanh",
        "Đông Kinh",
    ]
    dong_kinh = Ward.objects.get(code="dong-kinh-2025")
    assert set(dong_kinh.predecessors.values_list("code", flat=True)) == {
        "vinh-trai",
        "dong-kinh",
        "xa-yen-trach",
        "xa-mai-pha",
    }
    assert (
        dong_kinh.statistics_code == Ward.objects.get(code="vinh-trai").statistics_code == "05977"
    )
    old_wards = Ward.objects.filter(code__in=["chi-lang", "tam-thanh", "hoang-van-thu"])
    assert {str(w.valid_to) for w in old_wards} == {"2025-06-30"}
    assert not Ward.objects.get(code="xa-quang-lac").in_programme


def test_running_twice_changes_nothing():
    _load("--demo-users")
    first = _snapshot()
    output = _load("--demo-users")
    assert _snapshot() == first
    assert "wards: 0" in output and "demo_users: 0" in output


def test_rerun_keeps_an_administrators_correction(langson):
    Ward.objects.filter(code="dong-kinh").update(target_year=2027)
    _load()
    assert Ward.objects.get(code="dong-kinh").target_year == 2027


def test_demo_users_get_roles_wards_and_the_demo_password(settings):
    settings.DEMO_PASSWORD = "demo12345"
    _load("--demo-users")
    officer = User.objects.get(username="officer-chi-lang")
    assert officer.role == Role.WARD_OFFICER and officer.ward.code == "chi-lang"
    assert officer.check_password("demo12345")
    assert User.objects.get(username="chief-tam-thanh").role == Role.WARD_CHIEF
    assert User.objects.get(username="reviewer").ward is None
    admin = User.objects.get(username="admin")
    assert admin.role == Role.ADMIN and admin.is_superuser
    assert User.objects.get(username="committee").role == Role.COMMITTEE
    for code in ["chi-lang", "dong-kinh", "vinh-trai", "hoang-van-thu", "tam-thanh"]:
        assert User.objects.filter(username=f"officer-{code}").exists()
        assert User.objects.filter(username=f"chief-{code}").exists()


@override_settings(ALLOW_DEMO_DATA=False)
def test_production_settings_refuse_demo_users():
    with pytest.raises(CommandError):
        _load("--demo-users")
    assert not User.objects.exists()
