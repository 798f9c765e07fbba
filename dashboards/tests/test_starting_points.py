"""The Đề án's 2022 self-assessment as each ward's starting point, beside its trajectory."""

import pytest
from django.urls import reverse

from criteria.models import STARTING_POINT_SOURCE, StartingAssessment
from criteria.selectors import starting_points
from wards.models import Ward

pytestmark = pytest.mark.django_db


def test_the_loaded_starting_points_follow_the_de_an(langson):
    points = {a.ward.code: a for a in StartingAssessment.objects.select_related("ward")}
    assert set(points) == {"hoang-van-thu", "chi-lang", "dong-kinh", "vinh-trai", "tam-thanh"}
    hvt = points["hoang-van-thu"]
    assert (hvt.year, hvt.met, hvt.out_of, hvt.is_assumption) == (2022, 18, 22, False)
    assert hvt.source == STARTING_POINT_SOURCE
    assert all(
        (p.met, p.met_max, p.is_assumption) == (15, 18, True)
        for code, p in points.items()
        if code != "hoang-van-thu"
    )


def test_a_new_ward_takes_its_predecessors_starting_points(langson):
    ky_lua = Ward.objects.get(code="ky-lua")
    dong_kinh = Ward.objects.get(code="dong-kinh-2025")
    found = starting_points(wards=[ky_lua, dong_kinh])
    assert [(a.ward.code, a.met) for a in found[ky_lua.pk]] == [("hoang-van-thu", 18)]
    assert sorted(a.ward.code for a in found[dong_kinh.pk]) == ["dong-kinh", "vinh-trai"]


def test_the_ward_dashboard_shows_the_starting_point(langson, reviewer_client):
    page = reviewer_client.get(
        reverse("dashboards:ward", args=["hoang-van-thu"]) + "?nam=2024"
    ).content.decode()
    assert "Điểm xuất phát năm 2022 (Đề án 2023, tự đánh giá):" in page
    assert "18/22" in page
    page = reviewer_client.get(
        reverse("dashboards:ward", args=["chi-lang"]) + "?nam=2024"
    ).content.decode()
    assert "15/22" in page and "(giả định; Đề án nêu 15–18/22)" in page
    assert "2022 (tự đánh giá, giả định)" in page  # the trajectory chart starts from it


def test_a_current_wards_dashboard_shows_its_predecessors_starting_points(langson, reviewer_client):
    ky_lua = Ward.objects.get(code="ky-lua")
    page = reviewer_client.get(reverse("dashboards:ward", args=[ky_lua.code])).content.decode()
    assert "Điểm xuất phát năm 2022 của các phường tiền thân" in page
    assert "Hoàng Văn Thụ: 18/22" in page


def test_the_roadmap_shows_each_wards_starting_point(langson, committee_client):
    page = committee_client.get(reverse("dashboards:roadmap")).content.decode()
    assert "Điểm xuất phát 2022 (tự đánh giá)" in page
    assert "Hoàng Văn Thụ: 18/22" in page  # Kỳ Lừa, from its predecessor
    assert "(giả định; Đề án nêu 15–18/22)" in page
