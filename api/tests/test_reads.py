"""Reads: the pages' access rules through the API, and what each endpoint answers."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _codes(response, key="ward") -> set[str]:
    return {item[key] for item in response.json()["results"]}


def test_wards_with_lineage_and_validity(api_clients, api_world):
    response = api_clients["reviewer"].get("/api/wards/")
    assert response.status_code == 200
    wards = {ward["code"]: ward for ward in response.json()["results"]}
    assert set(wards) == {"ward-a", "ward-b"}
    assert [link["code"] for link in wards["ward-a"]["predecessors"]] == ["ward-b"]
    assert wards["ward-b"]["successors"][0] == {
        "code": "ward-a",
        "name": "Phường A",
        "effective_date": "2025-07-01",
        "legal_basis": "",
        "note": "",
    }
    assert {"valid_from", "valid_to", "in_programme", "target_year"} <= set(wards["ward-a"])
    assert _codes(api_clients["officer_a"].get("/api/wards/"), "code") == {"ward-a"}
    assert api_clients["officer_a"].get("/api/wards/ward-b/").status_code == 404


def test_ward_filters_and_bad_parameters(api_clients, api_world):
    api_world["ward_b"].in_programme = False
    api_world["ward_b"].save()
    client = api_clients["reviewer"]
    assert _codes(client.get("/api/wards/?in_programme=true"), "code") == {"ward-a"}
    assert _codes(client.get("/api/wards/?on=2024-06-01"), "code") == {"ward-a", "ward-b"}
    response = client.get("/api/wards/?on=hôm-qua")
    assert response.status_code == 400
    assert set(response.json()) == {"detail", "code", "errors"}
    assert "on" in response.json()["errors"]


def test_reports_approved_for_the_province_any_status_for_the_ward(api_clients, api_world):
    reviewer = api_clients["reviewer"].get("/api/monthly-reports/?year=2024&page_size=500")
    statuses = {report["status"] for report in reviewer.json()["results"]}
    assert statuses == {"approved"} and reviewer.json()["count"] == 22
    own = api_clients["officer_a"].get("/api/monthly-reports/?year=2024")
    assert _codes(own) == {"ward-a"} and own.json()["count"] == 12
    assert {r["status"] for r in own.json()["results"]} == {"approved", "draft"}
    assert api_clients["officer_a"].get("/api/monthly-reports/?ward=ward-b").status_code == 404
    assert _codes(api_clients["committee"].get("/api/yearly-reports/")) == {"ward-a", "ward-b"}
    draft = api_clients["officer_a"].get("/api/monthly-reports/?status=draft").json()["results"][0]
    assert api_clients["committee"].get(f"/api/monthly-reports/{draft['id']}/").status_code == 404
    assert api_clients["officer_b"].get(f"/api/monthly-reports/{draft['id']}/").status_code == 404
    detail = api_clients["chief_a"].get(f"/api/monthly-reports/{draft['id']}/")
    assert detail.status_code == 200 and detail["ETag"] == f'"{draft["version"]}"'


def test_scorecards_carry_each_results_explanation_and_inputs(api_clients, api_world):
    scorecard = api_world["scorecard_a"]
    response = api_clients["officer_a"].get(f"/api/scorecards/{scorecard.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["ward"] == "ward-a" and len(body["results"]) == 22
    assert all(result["explanation"] for result in body["results"])
    assert any(result["inputs"] for result in body["results"])
    assert body["met_count"] == scorecard.met_count
    other = api_world["scorecard_b"]
    assert api_clients["officer_a"].get(f"/api/scorecards/{other.pk}/").status_code == 404
    assert _codes(api_clients["committee"].get("/api/scorecards/?year=2024")) == {
        "ward-a",
        "ward-b",
    }


def test_criteria_sets_and_criteria(api_clients, api_world):
    client = api_clients["officer_b"]
    sets = client.get("/api/criteria-sets/").json()["results"]
    detail = client.get(f"/api/criteria-sets/{sets[0]['id']}/").json()
    assert [c["number"] for c in detail["criteria"]] == list(range(1, 23))
    assert client.get("/api/criteria/?year=2024").json()["count"] == 22
    assert client.get("/api/criteria/?year=2100").json()["count"] == 22  # the set still in force


def test_staffing_and_equipment_are_counts_without_names(api_clients, api_world):
    staffing = api_clients["committee"].get("/api/staffing/?year=2024")
    assert staffing.status_code == 200
    body = staffing.json()
    assert {row["ward"] for row in body["wards"]} == {"ward-a", "ward-b"}
    assert body["total"]["headcount"] == 8
    assert "Cán bộ" not in staffing.content.decode()  # no officer's name
    own = api_clients["officer_a"].get("/api/equipment/?year=2024").json()
    assert [row["ward"] for row in own["wards"]] == ["ward-a"]
    assert own["wards"][0]["held"]["laptop"] == 2 and own["wards"][0]["missing"]["laptop"] == 1


def test_officers_names_only_for_roles_that_may_see_them(api_clients, api_world):
    assert api_clients["committee"].get("/api/officers/").status_code == 403
    officers = api_clients["reviewer"].get("/api/officers/").json()["results"]
    names = {officer["full_name"] for officer in officers}
    assert len(names) == 8
    own = api_clients["chief_a"].get("/api/officers/")
    assert _codes(own) == {"ward-a"}
    assert own.json()["results"][0]["ratings"] == [{"year": 2024, "rating": "good"}]
    assert api_clients["officer_a"].get("/api/officers/?ward=ward-b").status_code == 404


def test_headquarters_and_projects(api_clients, api_world):
    client = api_clients["officer_a"]
    assert _codes(client.get("/api/headquarters/")) == {"ward-a"}
    assert client.get("/api/headquarters/ward-a/").json()["year_built"] == 2015
    assert client.get("/api/headquarters/ward-b/").status_code == 404
    projects = client.get("/api/projects/").json()["results"]
    assert [p["ward"] for p in projects] == ["ward-a"]
    assert projects[0]["milestones"][0]["title"] == "Khởi công"
    other = api_clients["reviewer"].get("/api/projects/?ward=ward-b").json()["results"][0]
    assert client.get(f"/api/projects/{other['id']}/").status_code == 404


def test_budget_is_for_province_roles(api_clients, api_world):
    for role in ("officer_a", "chief_a", "officer_b"):
        assert api_clients[role].get("/api/budget/").status_code == 403
        assert api_clients[role].get("/api/budget/allocations/").status_code == 403
    summary = api_clients["committee"].get("/api/budget/").json()
    assert summary["totals"] == {"allocated": 2_000_000_000, "disbursed": 2_000_000}
    assert [line["expected"] for line in summary["plan"]][-1] == 28_868_000_000
    allocations = api_clients["committee"].get("/api/budget/allocations/?ward=ward-b").json()
    assert [a["ward"] for a in allocations["results"]] == ["ward-b"]
    assert allocations["results"][0]["disbursements"][0]["amount"] == 1_000_000


def test_errors_share_one_shape(api_clients, api_world):
    response = api_clients["reviewer"].get("/api/monthly-reports/999999/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert "MonthlyReport" not in response.content.decode()
    response = api_clients["reviewer"].get("/api/monthly-reports/?month=13")
    assert response.status_code == 400 and "month" in response.json()["errors"]
    huge = api_clients["reviewer"].get(f"/api/monthly-reports/{10**20}/")
    assert huge.status_code == 404
    response = api_clients["reviewer"].get("/api/wards/?page=99")
    assert response.status_code == 404


def test_paginated_lists(api_clients, api_world):
    first = api_clients["reviewer"].get("/api/monthly-reports/?page_size=5").json()
    assert first["count"] == 22 and len(first["results"]) == 5
    assert first["next"].endswith("page=2&page_size=5")
    assert reverse("api:monthly-report-list") in first["next"]
