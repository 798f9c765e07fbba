"""A dissolved ward's pages still list its records, marked as passed to the successor, while
the successor lists them as its own."""

from __future__ import annotations

from django.urls import reverse

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
