"""Province and ward dashboards: content, who may open them, and a fixed number of queries."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from budget.tests.factories import AllocationFactory
from criteria.langson import load_criteria
from criteria.models import CriteriaSet
from criteria.selectors import early_warnings_for_wards, ward_early_warnings
from criteria.tests.factories import BaselineFactory, MonthlyReportFactory
from criteria.tests.scored import score_ward
from dashboards.province import DASHBOARD_PAGE_SIZE, province_dashboard
from dashboards.selectors import (
    completeness_now,
    incident_trends,
    ward_dashboard,
)
from facilities.tests.factories import BuildingProjectFactory
from wards.models import Ward, WardLineage
from wards.tests.factories import WardFactory

YEAR = timezone.localdate().year


@pytest.fixture
def criteria_set(db) -> CriteriaSet:
    load_criteria()
    return CriteriaSet.objects.get(version=1)


def _populate(wards: list[Ward], criteria_set: CriteriaSet, year: int) -> None:
    """Give each ward a scored year, approved January-March reports and a funded project."""
    for index, ward in enumerate(wards):
        score_ward(ward, year, met=10 + index % 12, criteria_set=criteria_set)
        for month in (1, 2, 3):
            MonthlyReportFactory(ward=ward, year=year, month=month, criminal_cases=index % 3)
        AllocationFactory(project=BuildingProjectFactory(ward=ward), year=year)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.django_db
def test_province_dashboard_runs_the_same_queries_for_5_and_200_wards(
    reviewer_client, criteria_set
):
    year = 2024
    first = WardFactory.create_batch(5)
    _populate(first, criteria_set, year)
    url = reverse("dashboards:province") + f"?nam={year}"
    with_five = _queries(reviewer_client, url)

    more = Ward.objects.bulk_create(
        [Ward(code=f"bulk-{n}", name=f"Phường thêm {n}", in_programme=True) for n in range(195)]
    )
    _populate(more, criteria_set, year)
    assert Ward.objects.filter(in_programme=True).count() == 200
    response = reviewer_client.get(url)
    assert "Đã đánh giá 200/200 phường" in response.content.decode()
    assert len(response.context["matrix"]["rows"]) == DASHBOARD_PAGE_SIZE
    assert _queries(reviewer_client, url) == with_five
    assert _queries(reviewer_client, url + "&trang=8") == with_five


@pytest.mark.django_db
def test_province_dashboard_shows_many_wards_a_page_at_a_time(reviewer_client, criteria_set):
    year = 2024
    wards = Ward.objects.bulk_create(
        [
            Ward(code=f"p-{n:02d}", name=f"Trang {n:02d}", sort_name=f"trang {n:02d}")
            for n in range(60)
        ]
    )
    for ward in wards[:30]:
        score_ward(ward, year, met=22, criteria_set=criteria_set)
    url = reverse("dashboards:province") + f"?nam={year}"
    first = reviewer_client.get(url)
    html = first.content.decode()
    assert [r.ward.code for r in first.context["matrix"]["rows"]] == [
        f"p-{n:02d}" for n in range(25)
    ]
    assert "Đã đánh giá 30/60 phường; 30 phường đạt kiểu mẫu." in html
    assert "Phường 1–25 trên 60" in html
    assert f'href="?nam={year}&amp;trang=3"' in html
    assert len(first.context["roadmap"]) == 25
    assert len(first.context["warning_rows"]) == 25
    last = reviewer_client.get(url + "&trang=3")
    assert [r.ward.code for r in last.context["matrix"]["rows"]] == [
        f"p-{n:02d}" for n in range(50, 60)
    ]
    assert "Phường 51–60 trên 60" in last.content.decode()
    for bad in ("4", "0", "abc", "-1", "1.5", "9999999", "²"):
        response = reviewer_client.get(url + f"&trang={bad}")
        assert response.status_code == 200, bad  # falls back to the first page, says so
        assert "Phường 1–25 trên 60" in response.content.decode()
        assert "đang hiển thị" in response.content.decode(), bad


@pytest.mark.django_db
def test_completeness_totals_count_every_ward_while_rows_show_the_page(ward_a, ward_b):
    today = datetime.date(2024, 6, 10)
    MonthlyReportFactory(ward=ward_a, year=2024, month=5)
    board = completeness_now(today=today, page_wards=[ward_b])
    assert [row["ward"] for row in board["rows"]] == [ward_b]
    assert board["totals"]["expected"] == 2
    assert board["totals"]["approved"] == 1
    assert board["rows"][0]["cell"].status == "not_started"
    one = completeness_now(today=today, ward=ward_a)
    assert [row["ward"] for row in one["rows"]] == [ward_a]
    assert (one["totals"]["expected"], one["totals"]["approved"]) == (1, 1)


@pytest.mark.django_db
def test_ward_dashboard_runs_the_same_queries_for_1_and_8_years(
    officer_a_client, ward_a, criteria_set
):
    _populate([ward_a], criteria_set, 2023)
    url = reverse("dashboards:ward", kwargs={"code": ward_a.code}) + "?nam=2023"
    with_one = _queries(officer_a_client, url)
    for year in range(2024, 2031):
        _populate([ward_a], criteria_set, year)
    response = officer_a_client.get(url)
    assert response.context["history"][-1]["year"] == 2030
    assert len(response.context["history"]) == 8
    assert _queries(officer_a_client, url) == with_one


@pytest.mark.django_db
def test_matrix_cells_say_the_result_in_words_and_link_to_the_explanation(
    reviewer_client, ward_a, criteria_set
):
    score_ward(ward_a, 2024, met=18, criteria_set=criteria_set)
    response = reviewer_client.get(reverse("dashboards:province") + "?nam=2024")
    html = response.content.decode()
    criterion_url = reverse(
        "criteria:criterion", kwargs={"year": 2024, "code": ward_a.code, "number": 1}
    )
    assert f'href="{criterion_url}"' in html
    assert "Không đạt" in html and "Chưa đánh giá được" in html
    row = response.context["matrix"]["rows"][0]
    assert row.scorecard.met_count == 18
    assert [c.label for c in row.cells].count("Đạt") == 18
    assert "18/22" in html


@pytest.mark.django_db
def test_wards_are_shown_as_they_stood_in_the_chosen_year(reviewer_client, criteria_set):
    old = WardFactory(code="old", name="Phường Cũ", valid_to=datetime.date(2024, 6, 30))
    new = WardFactory(code="new", name="Phường Mới", valid_from=datetime.date(2024, 7, 1))
    url = reverse("dashboards:province")
    wards_2023 = [r.ward for r in reviewer_client.get(url + "?nam=2023").context["matrix"]["rows"]]
    wards_2024 = [r.ward for r in reviewer_client.get(url + "?nam=2024").context["matrix"]["rows"]]
    assert old in wards_2023 and new not in wards_2023
    assert old in wards_2024 and new in wards_2024
    if YEAR >= 2025:
        wards_now = [r.ward for r in reviewer_client.get(url).context["matrix"]["rows"]]
        assert old not in wards_now and new in wards_now


@pytest.mark.django_db
def test_ward_filter_limits_the_province_dashboard(reviewer_client, ward_a, ward_b, criteria_set):
    score_ward(ward_a, 2024, met=12, criteria_set=criteria_set)
    score_ward(ward_b, 2024, met=15, criteria_set=criteria_set)
    response = reviewer_client.get(
        reverse("dashboards:province") + f"?nam=2024&phuong={ward_b.code}"
    )
    rows = response.context["matrix"]["rows"]
    assert [r.ward for r in rows] == [ward_b]
    unknown = reviewer_client.get(reverse("dashboards:province") + "?nam=2024&phuong=nope")
    assert {r.ward for r in unknown.context["matrix"]["rows"]} == {ward_a, ward_b}
    assert "đang hiển thị tất cả các phường" in unknown.content.decode()
    old = reviewer_client.get(reverse("dashboards:province") + "?nam=1999")
    assert old.status_code == 200 and "Không hiểu năm “1999”" in old.content.decode()


@pytest.mark.django_db
def test_ward_staff_are_sent_to_their_ward_and_refused_another(
    officer_a_client, officer_b_client, ward_a
):
    response = officer_a_client.get(reverse("dashboards:province"))
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboards:ward", kwargs={"code": ward_a.code})
    other = officer_b_client.get(reverse("dashboards:ward", kwargs={"code": ward_a.code}))
    assert other.status_code == 404


@pytest.mark.django_db
def test_trends_compare_year_to_date_with_the_same_months_last_year(ward_a):
    for month in (1, 2, 3):
        MonthlyReportFactory(ward=ward_a, year=2024, month=month, criminal_cases=2, drug_cases=1)
    for month in (1, 2, 3, 4):
        MonthlyReportFactory(ward=ward_a, year=2023, month=month, criminal_cases=1, drug_cases=1)
    trends = incident_trends(year=2024, wards=[ward_a])
    rows = {row.field: row for row in trends["rows"]}
    assert trends["window"] == [1, 2, 3]
    assert rows["criminal_cases"].current == 6
    assert rows["criminal_cases"].previous == 3
    assert rows["criminal_cases"].change_pct == Decimal("100.0")
    assert rows["drug_cases"].change_pct == Decimal("0.0")
    assert trends["monthly_current"][:4] == [3, 3, 3, None]
    assert trends["monthly_previous"][3] == 2


@pytest.mark.django_db
def test_trends_prorate_the_2022_baseline_and_say_so(ward_a):
    BaselineFactory(ward=ward_a, year=2022, criminal_cases=12)
    for month in range(1, 7):
        MonthlyReportFactory(ward=ward_a, year=2023, month=month, criminal_cases=1)
    trends = incident_trends(year=2023, wards=[ward_a])
    row = next(r for r in trends["rows"] if r.field == "criminal_cases")
    assert row.current == 6
    assert row.previous == Decimal("6.0")
    assert "ước tính" in trends["basis"]


@pytest.mark.django_db
def test_trends_of_a_merged_ward_add_up_its_predecessors_last_year():
    old_a = WardFactory(code="pa", valid_to=datetime.date(2024, 12, 31))
    old_b = WardFactory(code="pb", valid_to=datetime.date(2024, 12, 31))
    merged = WardFactory(code="merged", valid_from=datetime.date(2025, 1, 1))
    for old in (old_a, old_b):
        WardLineage.objects.create(
            successor=merged, predecessor=old, effective_date=datetime.date(2025, 1, 1)
        )
        MonthlyReportFactory(ward=old, year=2024, month=1, criminal_cases=2)
    MonthlyReportFactory(ward=merged, year=2025, month=1, criminal_cases=3)
    row = incident_trends(year=2025, wards=[merged])["rows"][0]
    assert (row.current, row.previous) == (3, 4)


@pytest.mark.django_db
def test_bulk_early_warnings_match_the_single_ward_ones(ward_a, ward_b, criteria_set):
    for ward, crimes in ((ward_a, 1), (ward_b, 5)):
        for month in (1, 2, 3):
            MonthlyReportFactory(ward=ward, year=2024, month=month, social_order_crimes=crimes)
            MonthlyReportFactory(ward=ward, year=2023, month=month, social_order_crimes=3)
    bulk = early_warnings_for_wards(wards=[ward_a, ward_b], year=2024)
    assert bulk[ward_a.pk] == ward_early_warnings(ward=ward_a, year=2024)
    assert bulk[ward_b.pk] == ward_early_warnings(ward=ward_b, year=2024)
    crime_a = next(w for w in bulk[ward_a.pk] if w.number == 9)
    crime_b = next(w for w in bulk[ward_b.pk] if w.number == 9)
    assert (crime_a.status, crime_b.status) == ("on_track", "off_track")


@pytest.mark.django_db
def test_dashboards_show_projects_and_budget_by_source(ward_a, ward_b, criteria_set):
    AllocationFactory(project=BuildingProjectFactory(ward=ward_a), amount=4_200_000_000)
    AllocationFactory(project=BuildingProjectFactory(ward=ward_b), amount=1_000_000_000)
    today = datetime.date(2026, 3, 10)
    province = province_dashboard(year=2026, today=today)
    assert province["money"]["totals"]["allocated"] == 5_200_000_000
    ward = ward_dashboard(ward=ward_a, year=2026, today=today)
    assert ward["money"]["totals"] == {
        "allocated": 4_200_000_000,
        "disbursed": 0,
        "remaining": 4_200_000_000,
    }
    assert [p.ward for p in ward["money"]["projects"]] == [ward_a]
    assert ward["money"]["chart"].rows[0][1] == "4.200.000.000"


@pytest.mark.django_db
def test_reporting_completeness_shows_the_month_now_due(reviewer_client, ward_a, ward_b):
    today = timezone.localdate()
    year, month = (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)
    MonthlyReportFactory(ward=ward_a, year=year, month=month)
    completeness = reviewer_client.get(reverse("dashboards:province")).context["completeness"]
    assert (completeness["year"], completeness["month"]) == (year, month)
    statuses = {row["ward"]: row["cell"].status for row in completeness["rows"]}
    assert statuses == {ward_a: "approved", ward_b: "not_started"}
    assert completeness["totals"]["approved"] == 1


@pytest.mark.django_db
def test_charts_on_the_dashboard_carry_their_numbers(reviewer_client, ward_a):
    for month in (1, 2):
        MonthlyReportFactory(ward=ward_a, year=2024, month=month, criminal_cases=7)
    html = reviewer_client.get(reverse("dashboards:province") + "?nam=2024").content.decode()
    assert 'role="img"' in html
    assert "<desc" in html and "<details" in html
    assert '<td class="num">14</td>' in html


@pytest.mark.django_db
def test_completeness_of_a_past_month_counts_missing_reports_as_late(ward_a, ward_b):

    MonthlyReportFactory(ward=ward_a, year=2024, month=3)
    board = completeness_now(today=datetime.date(2024, 6, 1), period=(2024, 3))
    cells = {row["ward"]: row["cell"] for row in board["rows"]}
    assert (cells[ward_a].status, cells[ward_a].late) == ("approved", False)
    assert (cells[ward_b].status, cells[ward_b].late) == ("not_started", True)
    assert board["due"] == datetime.date(2024, 4, 5)


@pytest.mark.django_db
def test_menu_and_home_pages_link_to_the_dashboard_and_documents(role_clients):
    for role in ("officer_a", "reviewer", "committee", "admin"):
        html = role_clients[role].get(reverse("home")).content.decode()
        assert html.count(f'href="{reverse("dashboards:province")}"') >= 2, role  # menu + home
        assert f'href="{reverse("documents:list")}"' in html, role


@pytest.mark.django_db
def test_ward_dashboard_of_a_running_year_says_provisional_not_failed(
    officer_a_client, ward_a, criteria_set
):
    card = score_ward(ward_a, YEAR, met=4, criteria_set=criteria_set)
    card.provisional_month = 10
    card.save(update_fields=["provisional_month"])
    url = reverse("dashboards:ward", kwargs={"code": ward_a.code}) + f"?nam={YEAR}"
    html = officer_a_client.get(url).content.decode()
    summary = html.split("Đạt 4/22 tiêu chí.", 1)[1].split("</p>", 1)[0]
    assert f"Tạm tính đến tháng 10/{YEAR}" in summary
    assert "Chưa đạt kiểu mẫu" not in summary

    card.provisional_month = None
    card.save(update_fields=["provisional_month"])
    html = officer_a_client.get(url).content.decode()
    assert "Chưa đạt kiểu mẫu" in html.split("Đạt 4/22 tiêu chí.", 1)[1].split("</p>", 1)[0]
