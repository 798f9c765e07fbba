"""Fixtures for the API tests: a token per role and a world with data in two wards, so that any
read leaking ward B's data to ward A's staff would show."""

from __future__ import annotations

import datetime

import pytest
from rest_framework.test import APIClient

from api.services import token_create


def bearer_client(user) -> APIClient:
    """Return an API client that sends a fresh token of the user in Authorization: Bearer."""
    _token, raw = token_create(user=user, name="test")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


@pytest.fixture
def api_clients(officer_a, chief_a, officer_b, reviewer, committee, admin_user) -> dict:
    """Return a token-authenticated API client per role name, plus 'anonymous'."""
    return {
        "anonymous": APIClient(),
        "officer_a": bearer_client(officer_a),
        "chief_a": bearer_client(chief_a),
        "officer_b": bearer_client(officer_b),
        "reviewer": bearer_client(reviewer),
        "committee": bearer_client(committee),
        "admin": bearer_client(admin_user),
    }


def _fill_ward(ward, *, approved_months, draft_month, year):
    """Give a ward reports (approved and draft), a yearly report, a roster with ratings, equipment,
    a headquarters, a project with a milestone and an allocation with a disbursement."""
    from budget.services import disbursement_create
    from budget.tests.factories import AllocationFactory
    from facilities.models import EquipmentKind, ProjectMilestone, Team
    from facilities.tests.factories import (
        BuildingProjectFactory,
        EquipmentCountFactory,
        HeadquartersFactory,
        OfficerFactory,
        OfficerRatingFactory,
    )
    from reports.tests.factories import MonthlyReportFactory, YearlyReportFactory

    for month in approved_months:
        MonthlyReportFactory(ward=ward, year=year, month=month, approved=True)
    MonthlyReportFactory(ward=ward, year=year, month=draft_month)
    YearlyReportFactory(ward=ward, year=year, status="approved")
    for index in range(4):
        officer = OfficerFactory(
            ward=ward,
            full_name=f"Cán bộ {index} {ward.name}",
            team=[Team.CSKV, Team.CRIME_PREVENTION, Team.OTHER][index % 3],
        )
        OfficerRatingFactory(officer=officer, year=year)
    EquipmentCountFactory(ward=ward, kind=EquipmentKind.LAPTOP, quantity=2)
    HeadquartersFactory(ward=ward)
    project = BuildingProjectFactory(ward=ward, investment_vnd=4_200_000_000)
    ProjectMilestone.objects.create(
        project=project, title="Khởi công", due_on=datetime.date(2025, 3, 1)
    )
    allocation = AllocationFactory(project=project, year=year)
    disbursement_create(
        allocation_id=allocation.pk, amount=1_000_000, paid_on=datetime.date(2024, 6, 1)
    )


@pytest.fixture
def api_world(ward_a, ward_b):
    """Two wards with a full year (2024) of data each, scored; return the objects by name."""
    from criteria.langson import load_criteria
    from criteria.services import ward_year_score
    from wards.models import WardLineage

    load_criteria()
    WardLineage.objects.create(
        successor=ward_a, predecessor=ward_b, effective_date=datetime.date(2025, 7, 1)
    )
    _fill_ward(ward_a, approved_months=range(1, 12), draft_month=12, year=2024)
    _fill_ward(ward_b, approved_months=range(1, 12), draft_month=12, year=2024)
    return {
        "ward_a": ward_a,
        "ward_b": ward_b,
        "scorecard_a": ward_year_score(ward=ward_a, year=2024),
        "scorecard_b": ward_year_score(ward=ward_b, year=2024),
    }
