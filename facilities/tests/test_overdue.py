"""Overdue projects: past their planned finish year and not finished, they read "Quá hạn"
(red badge and words) on the headquarters page, the roadmap, the dashboard and the documents;
nothing at 0% past its year reads "Theo kế hoạch"."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from facilities.models import ProjectStatus, project_is_overdue, project_status_label
from facilities.selectors import roadmap_rows
from facilities.tests.factories import BuildingProjectFactory
from wards.models import Ward

PAST = 2020  # before any date these tests run on: overdue whatever today is


@pytest.mark.parametrize(
    ("status", "finish", "today", "overdue"),
    [
        (ProjectStatus.PLANNED, 2025, datetime.date(2025, 12, 31), False),  # its year still runs
        (ProjectStatus.PLANNED, 2025, datetime.date(2026, 1, 1), True),
        (ProjectStatus.IN_PROGRESS, 2025, datetime.date(2026, 1, 1), True),
        (ProjectStatus.SUSPENDED, 2025, datetime.date(2026, 1, 1), True),
        (ProjectStatus.FINISHED, 2025, datetime.date(2030, 1, 1), False),
        (ProjectStatus.PLANNED, None, datetime.date(2030, 1, 1), False),  # no planned year
    ],
)
def test_project_is_overdue_after_its_planned_finish_year_unless_finished(
    status, finish, today, overdue
):
    assert project_is_overdue(status, finish, today) is overdue


def test_overdue_label_never_reads_according_to_plan():
    late = datetime.date(2026, 1, 1)
    label = project_status_label(ProjectStatus.PLANNED, 2025, late)
    assert label == "Quá hạn — chưa cập nhật tiến độ (dự kiến hoàn thành năm 2025)"
    assert "Theo kế hoạch" not in label
    assert project_status_label(ProjectStatus.IN_PROGRESS, 2025, late) == (
        "Quá hạn — đang thi công (dự kiến hoàn thành năm 2025)"
    )
    on_time = project_status_label(ProjectStatus.PLANNED, 2026, late)
    assert on_time == "Theo kế hoạch (chưa cập nhật tiến độ)"


@pytest.mark.django_db
def test_roadmap_rows_list_each_wards_overdue_projects(ward_a, ward_b):
    late = BuildingProjectFactory(ward=ward_a, planned_finish_year=2024, title="Trụ sở A")
    BuildingProjectFactory(ward=ward_a, planned_finish_year=2026)  # not yet due
    BuildingProjectFactory(
        ward=ward_b, planned_finish_year=2024, status=ProjectStatus.FINISHED, progress_percent=100
    )
    rows = {
        row.ward.pk: row
        for row in roadmap_rows(
            wards=Ward.objects.all(), today=datetime.date(2025, 3, 1), model_years={}
        )
    }
    assert rows[ward_a.pk].overdue_projects == (late,)
    assert rows[ward_b.pk].overdue_projects == ()


@pytest.fixture
def overdue_project(ward_a):
    """A project of ward A planned to finish in 2020, still at 0% and "planned"."""
    return BuildingProjectFactory(
        ward=ward_a, title="Xây mới trụ sở A", planned_finish_year=PAST, progress_percent=0
    )


def _assert_overdue_shown(html: str, *, styled: bool = True) -> None:
    if styled:  # pages mark it in red too; official documents say it in words
        assert "status-overdue" in html
    assert "Quá hạn" in html
    assert "Theo kế hoạch" not in html


@pytest.mark.django_db
def test_headquarters_page_shows_an_overdue_project(reviewer_client, overdue_project):
    response = reviewer_client.get(reverse("facilities:headquarters"))
    html = response.content.decode()
    _assert_overdue_shown(html)
    assert f"Quá hạn — chưa cập nhật tiến độ (dự kiến hoàn thành năm {PAST})" in html


@pytest.mark.django_db
def test_roadmap_page_shows_the_wards_overdue_project(reviewer_client, overdue_project):
    html = reviewer_client.get(reverse("dashboards:roadmap")).content.decode()
    assert "status-overdue" in html
    assert f"Dự án trụ sở “Xây mới trụ sở A” chưa hoàn thành (dự kiến năm {PAST})" in html


@pytest.mark.django_db
def test_province_dashboard_shows_an_overdue_project(reviewer_client, overdue_project):
    html = reviewer_client.get(reverse("dashboards:province")).content.decode()
    _assert_overdue_shown(html)


@pytest.mark.django_db
def test_documents_show_an_overdue_project(overdue_project):
    from documents.pdf import progress_report_html
    from documents.workbook import year_workbook

    html = progress_report_html(year=2024)
    _assert_overdue_shown(html, styled=False)
    book = load_workbook(io.BytesIO(year_workbook(year=2024)))
    statuses = [row[3] for row in book["Dự án trụ sở"].iter_rows(min_row=2, values_only=True)]
    assert statuses == [f"Quá hạn — chưa cập nhật tiến độ (dự kiến hoàn thành năm {PAST})"]


@pytest.mark.django_db
def test_budget_overview_flags_an_overdue_project(reviewer_client, overdue_project):
    html = reviewer_client.get(reverse("budget:overview")).content.decode()
    _assert_overdue_shown(html)
