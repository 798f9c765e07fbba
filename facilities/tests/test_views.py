import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from facilities.models import (
    BuildingProject,
    EquipmentCount,
    Headquarters,
    Officer,
    OfficerRating,
    ProjectMilestone,
    Rating,
    Team,
)
from facilities.tests.factories import (
    BuildingProjectFactory,
    EquipmentCountFactory,
    HeadquartersFactory,
    OfficerFactory,
)
from wards.models import Ward
from wards.tests.factories import WardFactory

pytestmark = pytest.mark.django_db

OPEN_PAGES = ["facilities:staffing", "facilities:equipment", "facilities:headquarters"]
OPEN_PAGES += ["dashboards:roadmap"]


@pytest.mark.parametrize("name", [*OPEN_PAGES, "facilities:roster"])
def test_anonymous_is_sent_to_login(anonymous_client, name):
    response = anonymous_client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", OPEN_PAGES)
@pytest.mark.parametrize("role", ["officer_a", "chief_a", "reviewer", "committee", "admin"])
def test_every_role_reads_the_overview_pages(role_clients, name, role):
    assert role_clients[role].get(reverse(name)).status_code == 200


def test_staffing_overview_is_scoped_to_the_officers_ward(officer_a_client, ward_a, ward_b):
    OfficerFactory.create_batch(2, ward=ward_a)
    OfficerFactory.create_batch(5, ward=ward_b)
    response = officer_a_client.get(reverse("facilities:staffing"))
    rows = response.context["rows"]
    assert [row.ward.code for row in rows] == ["ward-a"]
    assert rows[0].headcount == 2
    assert "Phường B" not in response.content.decode()


def test_committee_sees_aggregates_but_no_names(committee_client, ward_a):
    OfficerFactory(ward=ward_a, full_name="Trần Thị Bí Mật")
    response = committee_client.get(reverse("facilities:staffing"))
    assert response.context["total"].headcount == 1
    body = response.content.decode()
    assert "Trần Thị Bí Mật" not in body
    assert reverse("facilities:roster") not in body


@pytest.mark.parametrize("name", ["facilities:roster", "facilities:roster_export"])
def test_committee_cannot_open_or_export_the_roster(committee_client, name):
    assert committee_client.get(reverse(name)).status_code == 403


def test_committee_cannot_open_an_officer(committee_client, ward_a):
    officer = OfficerFactory(ward=ward_a)
    response = committee_client.get(reverse("facilities:officer_edit", args=[officer.pk]))
    assert response.status_code == 403


def test_officer_sees_only_own_wards_roster(officer_a_client, ward_a, ward_b):
    OfficerFactory(ward=ward_a, full_name="Người phường A")
    OfficerFactory(ward=ward_b, full_name="Người phường B")
    body = officer_a_client.get(reverse("facilities:roster")).content.decode()
    assert "Người phường A" in body and "Người phường B" not in body
    asked = officer_a_client.get(reverse("facilities:roster"), {"ward": "ward-b"})
    assert asked.status_code == 404


def test_reviewer_sees_every_roster_and_filters_by_ward(reviewer_client, ward_a, ward_b):
    OfficerFactory(ward=ward_a, full_name="Người phường A")
    OfficerFactory(ward=ward_b, full_name="Người phường B")
    body = reviewer_client.get(reverse("facilities:roster")).content.decode()
    assert "Người phường A" in body and "Người phường B" in body
    body = reviewer_client.get(reverse("facilities:roster"), {"ward": "ward-b"}).content.decode()
    assert "Người phường A" not in body and "Người phường B" in body


def test_roster_list_runs_a_fixed_number_of_queries(reviewer_client, ward_a, ward_b):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    OfficerFactory.create_batch(2, ward=ward_a)
    with CaptureQueriesContext(connection) as few:
        reviewer_client.get(reverse("facilities:roster"))
    for officer in OfficerFactory.create_batch(6, ward=ward_b):
        OfficerRating.objects.create(officer=officer, year=2024, rating=Rating.GOOD)
    with CaptureQueriesContext(connection) as many:
        reviewer_client.get(reverse("facilities:roster"))
    assert len(many) == len(few)


@pytest.mark.parametrize("name", OPEN_PAGES)
def test_overview_pages_run_a_fixed_number_of_queries(reviewer_client, name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add_ward(n):
        ward = WardFactory(code=f"extra-{n}")
        OfficerFactory.create_batch(3, ward=ward)
        EquipmentCountFactory(ward=ward)
        HeadquartersFactory(ward=ward)
        project = BuildingProjectFactory(ward=ward)
        ProjectMilestone.objects.create(project=project, title="Khởi công")

    add_ward(0)
    with CaptureQueriesContext(connection) as few:
        reviewer_client.get(reverse(name))
    for n in range(1, 5):
        add_ward(n)
    with CaptureQueriesContext(connection) as many:
        reviewer_client.get(reverse(name))
    assert len(many) == len(few)


def test_roster_export_is_scoped_and_typed(officer_a_client, ward_a, ward_b):
    officer = OfficerFactory(
        ward=ward_a,
        full_name='=HYPERLINK("http://x")',
        rank="+Thiếu úy",
        position="@cmd",
        active_from=datetime.date(2023, 1, 1),
    )
    OfficerRating.objects.create(officer=officer, year=2024, rating=Rating.GOOD)
    OfficerFactory(ward=ward_a, full_name="-1+2")
    OfficerFactory(ward=ward_b, full_name="Người phường B")
    response = officer_a_client.get(reverse("facilities:roster_export"), {"year": 2024})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == 2
    names = {row[1].value for row in rows}
    assert names == {'=HYPERLINK("http://x")', "-1+2"}
    for row in rows:
        for cell in row:
            assert cell.data_type != "f"
        assert row[1].data_type == "s"
        assert row[7].is_date and row[7].value.date() == datetime.date(2023, 1, 1)
    first = next(row for row in rows if row[1].value.startswith("="))
    assert first[3].value == "+Thiếu úy" and first[3].data_type == "s"
    assert first[9].value == "Hoàn thành tốt nhiệm vụ"


def test_officer_adds_an_officer_to_own_ward(officer_a_client, ward_a):
    response = officer_a_client.post(
        reverse("facilities:officer_create"),
        {
            "full_name": "Lê Văn Mới",
            "team": Team.CRIME_PREVENTION,
            "education": "college",
            "active_from": "15/03/2024",
        },
    )
    assert response.status_code == 302
    officer = Officer.objects.get(full_name="Lê Văn Mới")
    assert officer.ward == ward_a
    assert officer.active_from == datetime.date(2024, 3, 15)


def test_officer_form_rejects_end_before_start(officer_a_client):
    response = officer_a_client.post(
        reverse("facilities:officer_create"),
        {
            "full_name": "Lê Văn Sai",
            "team": Team.OTHER,
            "education": "university",
            "active_from": "15/03/2024",
            "active_to": "14/03/2024",
        },
    )
    assert response.status_code == 200
    assert "phải sau ngày bắt đầu" in response.content.decode()
    assert not Officer.objects.exists()


@pytest.mark.parametrize("role", ["reviewer", "committee", "admin"])
def test_province_roles_cannot_add_officers(role_clients, role):
    assert role_clients[role].get(reverse("facilities:officer_create")).status_code == 403


def test_officer_cannot_edit_other_wards_officer(officer_a_client, ward_b):
    officer = OfficerFactory(ward=ward_b)
    assert (
        officer_a_client.get(reverse("facilities:officer_edit", args=[officer.pk])).status_code
        == 404
    )
    response = officer_a_client.post(
        reverse("facilities:officer_rating", args=[officer.pk]), {"year": 2024, "rating": "good"}
    )
    assert response.status_code == 404
    assert not OfficerRating.objects.exists()


def test_reviewer_reads_but_does_not_edit_an_officer(reviewer_client, ward_a):
    officer = OfficerFactory(ward=ward_a)
    assert (
        reviewer_client.get(reverse("facilities:officer_edit", args=[officer.pk])).status_code
        == 403
    )


def test_chief_records_and_changes_a_rating(chief_a_client, ward_a):
    officer = OfficerFactory(ward=ward_a)
    url = reverse("facilities:officer_rating", args=[officer.pk])
    assert chief_a_client.post(url, {"year": 2024, "rating": "completed"}).status_code == 302
    assert chief_a_client.post(url, {"year": 2024, "rating": "excellent"}).status_code == 302
    assert list(officer.ratings.values_list("year", "rating")) == [(2024, "excellent")]


def test_rating_for_a_year_the_officer_was_not_there_is_refused(chief_a_client, ward_a):
    officer = OfficerFactory(ward=ward_a, active_from=datetime.date(2024, 1, 1))
    response = chief_a_client.post(
        reverse("facilities:officer_rating", args=[officer.pk]), {"year": 2023, "rating": "good"}
    )
    assert response.status_code == 400
    assert "không công tác" in response.content.decode()
    assert not OfficerRating.objects.exists()


def test_officer_records_an_equipment_count_and_can_correct_it(officer_a_client, ward_a):
    url = reverse("facilities:equipment_create")
    data = {"kind": "laptop", "counted_on": "01/02/2025", "quantity": 2}
    assert officer_a_client.post(url, data).status_code == 302
    assert officer_a_client.post(url, data | {"quantity": 3}).status_code == 302
    count = EquipmentCount.objects.get()
    assert (count.ward, count.quantity) == (ward_a, 3)
    assert count.history.count() == 2


def test_negative_equipment_count_is_refused(officer_a_client):
    response = officer_a_client.post(
        reverse("facilities:equipment_create"),
        {"kind": "laptop", "counted_on": "01/02/2025", "quantity": -1},
    )
    assert response.status_code == 200
    assert not EquipmentCount.objects.exists()


@pytest.mark.parametrize("role", ["reviewer", "committee"])
def test_province_cannot_record_ward_equipment(role_clients, role):
    response = role_clients[role].post(
        reverse("facilities:equipment_create"),
        {"kind": "laptop", "counted_on": "01/02/2025", "quantity": 2},
    )
    assert response.status_code == 403


def test_equipment_page_shows_the_gap_table_of_the_loaded_data(langson, reviewer_client):
    response = reviewer_client.get(reverse("facilities:equipment"), {"year": 2023})
    total = response.context["total"]
    assert total.held["desktop"] == 36 and total.held["printer"] == 29
    assert total.required["desktop"] == 63
    assert total.missing["laptop"] == 15
    assert total.missing["smartphone"] == 31


def test_reviewer_edits_a_headquarters(reviewer_client, ward_a):
    url = reverse("facilities:headquarters_edit", args=["ward-a"])
    data = {
        "land_area_m2": 520,
        "floor_area_m2": 400,
        "floors": 3,
        "grade": "Nhà cấp III",
        "year_built": 2024,
        "service_life_years": 20,
        "site_note": "",
    }
    assert reviewer_client.post(url, data).status_code == 302
    assert Headquarters.objects.get(ward=ward_a).land_area_m2 == 520


@pytest.mark.parametrize("role", ["officer_a", "chief_a", "committee"])
def test_ward_staff_and_committee_cannot_edit_headquarters_or_projects(role_clients, role, ward_a):
    project = BuildingProjectFactory(ward=ward_a)
    client = role_clients[role]
    assert client.get(reverse("facilities:headquarters_edit", args=["ward-a"])).status_code == 403
    assert client.get(reverse("facilities:project_create")).status_code == 403
    assert client.get(reverse("facilities:project_edit", args=[project.pk])).status_code == 403
    assert client.get(reverse("dashboards:roadmap_edit", args=["ward-a"])).status_code == 403


def test_headquarters_page_shows_own_wards_projects_only(officer_a_client, ward_a, ward_b):
    BuildingProjectFactory(ward=ward_a, title="Dự án A")
    BuildingProjectFactory(ward=ward_b, title="Dự án B")
    body = officer_a_client.get(reverse("facilities:headquarters")).content.decode()
    assert "Dự án A" in body and "Dự án B" not in body


def test_reviewer_creates_and_updates_a_project_with_a_milestone(reviewer_client, ward_a):
    response = reviewer_client.post(
        reverse("facilities:project_create"),
        {
            "ward": ward_a.pk,
            "kind": "new_build",
            "title": "Xây mới trụ sở",
            "investment_vnd": "6000000000",
            "status": "planned",
            "progress_percent": 0,
            "planned_finish_year": 2029,
        },
    )
    assert response.status_code == 302
    project = BuildingProject.objects.get(title="Xây mới trụ sở")
    assert project.investment_vnd == 6_000_000_000
    response = reviewer_client.post(
        reverse("facilities:project_edit", args=[project.pk]),
        {
            "kind": "new_build",
            "title": "Xây mới trụ sở",
            "status": "finished",
            "progress_percent": 90,
        },
    )
    assert response.status_code == 200  # finished needs 100%
    project.refresh_from_db()
    assert project.status == "planned"
    reviewer_client.post(
        reverse("facilities:milestone_add", args=[project.pk]),
        {"title": "Khởi công", "due_on": "01/03/2029"},
    )
    assert project.milestones.get().due_on == datetime.date(2029, 3, 1)


def test_project_progress_over_100_is_refused(reviewer_client, ward_a):
    project = BuildingProjectFactory(ward=ward_a)
    response = reviewer_client.post(
        reverse("facilities:project_edit", args=[project.pk]),
        {"kind": "new_build", "title": "X", "status": "in_progress", "progress_percent": 101},
    )
    assert response.status_code == 200
    assert "100%" in response.content.decode()


def test_roadmap_of_the_loaded_wards(langson, reviewer_client):
    response = reviewer_client.get(reverse("dashboards:roadmap"))
    rows = {row.ward.code: row for row, _start in response.context["rows"]}
    assert rows["chi-lang"].target_year == 2023
    assert rows["chi-lang"].status == "behind"  # no scorecard says it was achieved
    assert rows["tam-thanh"].status == "ceased"  # target 2027, merged on 01/07/2025
    assert {rows[c].target_year for c in ("tam-thanh-2025", "luong-van-tri")} == {2028}
    assert [row.target_year for row, _start in response.context["rows"]][:5] == [
        2023,
        2024,
        2025,
        2026,
        2027,
    ]


def test_reviewer_changes_a_target_year(langson, reviewer_client):
    url = reverse("dashboards:roadmap_edit", args=["ky-lua"])
    assert reviewer_client.post(url, {"target_year": 2030, "reason": "QĐ 12"}).status_code == 302
    assert Ward.objects.get(code="ky-lua").target_year == 2030
    response = reviewer_client.post(url, {"target_year": 2022, "reason": "QĐ 13"})
    assert response.status_code == 200
    assert "2023" in response.content.decode()
    assert Ward.objects.get(code="ky-lua").target_year == 2030


def test_menu_shows_budget_to_province_roles_only(officer_a_client, committee_client):
    budget_url = reverse("budget:overview")
    officer_home = officer_a_client.get(reverse("home")).content.decode()
    committee_home = committee_client.get(reverse("home")).content.decode()
    assert budget_url not in officer_home
    assert budget_url in committee_home
    for name in ("facilities:staffing", "facilities:equipment", "dashboards:roadmap"):
        assert reverse(name) in officer_home and reverse(name) in committee_home


def test_equipment_count_in_the_future_is_refused(officer_a_client):
    from django.utils import timezone

    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = officer_a_client.post(
        reverse("facilities:equipment_create"),
        {"kind": "laptop", "counted_on": tomorrow.strftime("%d/%m/%Y"), "quantity": 2},
    )
    assert response.status_code == 200
    assert "không được sau hôm nay" in response.content.decode()
    assert not EquipmentCount.objects.exists()
