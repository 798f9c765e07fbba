"""A dissolved ward's pages still list its records, marked as passed to the successor, while
the successor lists them as its own."""

from __future__ import annotations

from django.urls import reverse

from facilities.tests.factories import HeadquartersFactory

PASSED = "Đã chuyển sang phường Đông Kinh từ 01/07/2025"


def test_the_old_wards_roster_marks_its_officers_as_passed_on(langson, reviewer_client):
    body = reviewer_client.get(
        reverse("facilities:roster"), {"phuong": "vinh-trai", "nam": 2024}
    ).content.decode()

    assert body.count(PASSED) == 13
    assert "30/06/2025" in body


def test_the_successors_roster_lists_the_officers_as_its_own(langson, reviewer_client):
    body = reviewer_client.get(
        reverse("facilities:roster"), {"phuong": "dong-kinh-2025", "nam": 2025}
    ).content.decode()

    assert body.count("01/07/2025 – nay") == 26
    assert PASSED not in body


def test_headquarters_page_shows_the_old_wards_buildings_and_projects_passed_on(
    langson, reviewer_client
):
    body = reviewer_client.get(reverse("facilities:headquarters")).content.decode()

    assert "Hồ sơ đã chuyển sang phường kế thừa" in body
    assert "Trụ sở Phường Vĩnh Trại (đến 30/06/2025)" in body
    assert "Xây dựng mới trụ sở Công an phường Đông Kinh" in body
    assert body.count(PASSED) == 8  # two buildings, two projects and their four allocations
    assert "Đi cùng dự án" in body  # their budget lines follow them


def test_equipment_page_shows_what_the_old_ward_handed_over(langson, reviewer_client):
    body = reviewer_client.get(reverse("facilities:equipment")).content.decode()

    assert "Cộng 6 vào số kiểm kê ngày 01/07/2025" in body
    assert PASSED in body


def test_a_merged_wards_second_building_is_edited_on_its_own(reviewer_client, ward_a):
    main = HeadquartersFactory(ward=ward_a, land_area_m2=680, year_built=1986)
    second = HeadquartersFactory(ward=ward_a, land_area_m2=217, year_built=2004)
    url = reverse("facilities:headquarters_edit", args=["ward-a"])
    data = {
        "land_area_m2": 230,
        "floor_area_m2": 414,
        "floors": 4,
        "grade": "Nhà cấp III",
        "year_built": 2004,
        "service_life_years": 20,
        "site_note": "",
    }

    response = reviewer_client.post(f"{url}?tru_so={second.pk}", data)

    assert response.status_code == 302
    second.refresh_from_db()
    main.refresh_from_db()
    assert (second.land_area_m2, main.land_area_m2) == (230, 680)
    page = reviewer_client.get(reverse("facilities:headquarters")).content.decode()
    assert f"?tru_so={second.pk}" in page and f"?tru_so={main.pk}" in page
