"""Bad input everywhere gets a clear error and changes nothing: forms, query parameters, URLs.

Huge numbers matter on PostgreSQL: a value past the column's range would be a DataError (500)
if a form let it through, so each numeric form must refuse it with a message.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import get_resolver, reverse

from budget.models import Allocation, Disbursement
from budget.tests.factories import AllocationFactory, FundingSourceFactory
from criteria.models import ScoringJob
from facilities.models import BuildingProject, EquipmentCount, Headquarters, OfficerRating
from facilities.tests.factories import BuildingProjectFactory, HeadquartersFactory, OfficerFactory
from reports.models import MonthlyReport, YearlyReport
from reports.rules import MONTHLY_FIELDS, YEARLY_FIELDS
from tests.test_permission_matrix import MATRIX, matrix_objects, named_routes  # noqa: F401

HUGE = 10**20
BIG_BUT_NOT_HUGE = 2**31  # just past PositiveIntegerField's range on PostgreSQL

pytestmark = pytest.mark.django_db


def _snapshot(*models) -> dict:
    """Return every row of the models as value dicts (to prove nothing changed)."""
    return {m.__name__: list(m.objects.order_by("pk").values()) for m in models}


def _page_errors(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (-1, "Không được là số âm."),
        (HUGE, "Số quá lớn."),
        ("12abc", "Nhập số nguyên, dấu chấm ngăn cách hàng nghìn, ví dụ 1.234."),
    ],
)
def test_monthly_form_refuses_bad_numbers_and_saves_nothing(
    officer_a_client, ward_a, value, message
):
    data = dict.fromkeys(MONTHLY_FIELDS, 0) | {"criminal_cases": value, "version": 0}
    response = officer_a_client.post(reverse("reports:monthly", args=[ward_a.code, 2024, 3]), data)
    assert response.status_code == 200
    assert message in _page_errors(response)
    assert not MonthlyReport.objects.exists()


def test_yearly_form_refuses_a_huge_number(officer_a_client, ward_a):
    data = dict.fromkeys(YEARLY_FIELDS, 0) | {"households": HUGE, "version": 0}
    response = officer_a_client.post(reverse("reports:yearly", args=[ward_a.code, 2024]), data)
    assert response.status_code == 200
    assert "Số quá lớn." in _page_errors(response)
    assert not YearlyReport.objects.exists()


@pytest.mark.parametrize("amount", [HUGE, 2**63, -5, "1.000,5", "một tỷ"])
def test_allocation_form_refuses_bad_amounts(reviewer_client, amount):
    project = BuildingProjectFactory()
    source = FundingSourceFactory()
    data = {"project": project.pk, "source": source.pk, "year": 2026, "amount": amount}
    response = reviewer_client.post(reverse("budget:allocation_create"), data)
    assert response.status_code == 200
    assert 'class="invalid-feedback' in _page_errors(response) or "errorlist" in _page_errors(
        response
    )
    assert not Allocation.objects.exists()


@pytest.mark.parametrize("amount", [HUGE, 2**63])
def test_allocation_amount_change_refuses_a_huge_amount(reviewer_client, amount):
    allocation = AllocationFactory()
    before = _snapshot(Allocation)
    response = reviewer_client.post(
        reverse("budget:allocation_update", args=[allocation.pk]), {"amount": amount}
    )
    assert response.status_code in {200, 302, 400}
    assert _snapshot(Allocation) == before


@pytest.mark.parametrize("amount", [HUGE, 2**63, -1])
def test_disbursement_refuses_bad_amounts(reviewer_client, amount):
    allocation = AllocationFactory()
    before = _snapshot(Allocation, Disbursement)
    response = reviewer_client.post(
        reverse("budget:disburse", args=[allocation.pk]),
        {"paid_on": "01/03/2026", "amount": amount, "reference": "UNC 1"},
    )
    assert response.status_code in {200, 302, 400}
    assert _snapshot(Allocation, Disbursement) == before


@pytest.mark.parametrize("quantity", [HUGE, BIG_BUT_NOT_HUGE, -3])
def test_equipment_count_refuses_bad_quantities(chief_a_client, ward_a, quantity):
    data = {"kind": "desktop", "counted_on": "15/01/2024", "quantity": quantity}
    response = chief_a_client.post(reverse("facilities:equipment_create"), data)
    assert response.status_code == 200
    assert not EquipmentCount.objects.exists()


@pytest.mark.parametrize("field", ["land_area_m2", "floor_area_m2", "floors", "year_built"])
def test_headquarters_refuses_a_huge_figure(reviewer_client, ward_a, field):
    HeadquartersFactory(ward=ward_a)
    before = _snapshot(Headquarters)
    data = {
        "land_area_m2": 600,
        "floor_area_m2": 500,
        "floors": 3,
        "grade": "",
        "year_built": 2015,
        "service_life_years": 20,
        field: HUGE,
    }
    response = reviewer_client.post(
        reverse("facilities:headquarters_edit", args=[ward_a.code]), data
    )
    assert response.status_code == 200
    assert _snapshot(Headquarters) == before


@pytest.mark.parametrize(
    "field", ["investment_vnd", "planned_finish_year", "progress_percent", "min_land_area_m2"]
)
def test_project_refuses_a_huge_figure(reviewer_client, ward_a, field):
    data = {
        "ward": ward_a.pk,
        "kind": "new_build",
        "title": "Trụ sở mới",
        "status": "planned",
        "planned_finish_year": 2027,
        "progress_percent": 0,
        field: HUGE,
    }
    response = reviewer_client.post(reverse("facilities:project_create"), data)
    assert response.status_code == 200
    assert not BuildingProject.objects.exists()


def test_officer_rating_refuses_a_huge_year(chief_a_client, ward_a):
    officer = OfficerFactory(ward=ward_a)
    response = chief_a_client.post(
        reverse("facilities:officer_rating", args=[officer.pk]), {"year": HUGE, "rating": "good"}
    )
    assert response.status_code in {200, 302, 400}
    assert not OfficerRating.objects.exists()


@pytest.mark.parametrize("year", [HUGE, "abc", -1, 1999])
def test_score_now_refuses_a_bad_year(reviewer_client, year):
    response = reviewer_client.post(reverse("criteria:score_now"), {"year": year})
    assert response.status_code == 302
    assert not ScoringJob.objects.exists()


BAD_QUERIES = [
    "year=abc",
    "year=99999",
    f"year={HUGE}",
    "year=-1",
    "month=13",
    "thang=0",
    f"thang={HUGE}",
    "ward=unknown",
    "status=zzz",
    "page=-1",
    "page=abc",
    "year=2024&month=abc&ward=%00",
]


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_bad_query_parameters_never_cause_a_server_error(name, role_clients, matrix_objects):  # noqa: F811
    url = reverse(name, kwargs=MATRIX[name].kwargs(matrix_objects))
    failures = []
    for role in ("officer_a", "reviewer", "admin"):
        for query in BAD_QUERIES:
            response = role_clients[role].get(f"{url}?{query}")
            if response.status_code >= 500:
                failures.append(f"{role} ?{query}: {response.status_code}")
    assert not failures, f"{name}: " + "; ".join(failures)


NUMBERED = sorted(  # the URL names whose route holds an <int:...> part
    name
    for name, route in named_routes(get_resolver().url_patterns)
    if "<int:" in route and name in MATRIX
)


@pytest.mark.parametrize("name", NUMBERED)
def test_out_of_range_numbers_in_the_address_answer_404(name, role_clients, matrix_objects):  # noqa: F811
    kwargs = MATRIX[name].kwargs(matrix_objects)
    numeric = [key for key, value in kwargs.items() if isinstance(value, int)]
    assert numeric, f"{name} has an <int:> part but no number in its matrix kwargs"
    failures = []
    for key in numeric:
        for bad in (0, 99999, HUGE):
            url = reverse(name, kwargs={**kwargs, key: bad})
            for role in ("officer_a", "reviewer", "admin"):
                response = role_clients[role].get(url)
                if response.status_code >= 500 or response.status_code == 200:
                    failures.append(f"{role} {url}: {response.status_code}")
    assert not failures, f"{name}: " + "; ".join(failures)


def test_a_month_that_does_not_exist_is_404(officer_a_client, ward_a):
    for month in (0, 13, 99):
        response = officer_a_client.get(f"/reports/{ward_a.code}/2024/{month}/")
        assert response.status_code == 404
    assert not MonthlyReport.objects.exists()


def test_unknown_ward_is_404(reviewer_client):
    assert reviewer_client.get("/reports/khong-co/2024/3/").status_code == 404
    assert reviewer_client.get("/criteria/2024/khong-co/").status_code == 404


def test_dates_in_the_future_or_malformed_are_refused(reviewer_client):
    allocation = AllocationFactory()
    for paid_on in ("31/02/2026", "abc", (datetime.date.today() + datetime.timedelta(days=400))):
        reviewer_client.post(
            reverse("budget:disburse", args=[allocation.pk]),
            {"paid_on": str(paid_on), "amount": 1000, "reference": "x"},
        )
    assert not Disbursement.objects.filter(paid_on__year__gt=2100).exists()
    assert Disbursement.objects.filter(reference="x").count() <= 1
