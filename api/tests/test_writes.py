"""A ward's monthly report through the API: the form's services, validation and workflow, with
the report's version as ETag: If-Match to change (412 when stale), If-None-Match: * to create,
428 without either."""

from __future__ import annotations

import pytest
from django.urls import reverse

from api.tests.conftest import bearer_client
from reports.models import MonthlyReport, ReportStatus
from reports.tests.factories import MonthlyReportFactory, monthly_values

pytestmark = pytest.mark.django_db


def _url(ward, year=2024, month=3, *, submit=False) -> str:
    name = "api:ward-monthly-report-submit" if submit else "api:ward-monthly-report"
    return reverse(name, args=[ward.code, year, month])


def _put(client, ward, figures, **headers):
    return client.put(_url(ward), {"figures": figures}, format="json", **headers)


@pytest.fixture
def officer(officer_a):
    return bearer_client(officer_a)


def test_create_with_if_none_match_then_change_with_if_match(officer, officer_a, ward_a):
    response = _put(officer, ward_a, monthly_values(criminal_cases=3), HTTP_IF_NONE_MATCH="*")
    assert response.status_code == 201
    assert response["ETag"] == '"1"'
    body = response.json()
    assert body["figures"]["criminal_cases"] == 3 and body["status"] == "draft"
    report = MonthlyReport.objects.get(ward=ward_a, year=2024, month=3)
    assert report.updated_by == officer_a
    assert report.history.first().history_change_reason == "Nhập qua API"

    again = _put(officer, ward_a, monthly_values(), HTTP_IF_NONE_MATCH="*")
    assert again.status_code == 412  # it exists now
    assert again["ETag"] == '"1"'

    response = _put(officer, ward_a, monthly_values(criminal_cases=4), HTTP_IF_MATCH='"1"')
    assert response.status_code == 200
    assert response["ETag"] == '"2"'
    read = officer.get(_url(ward_a))
    assert read.status_code == 200 and read["ETag"] == '"2"'
    assert read.json()["figures"]["criminal_cases"] == 4


def test_a_stale_write_is_412_and_changes_nothing(officer, ward_a):
    report = MonthlyReportFactory(ward=ward_a, year=2024, month=3, version=5, criminal_cases=1)
    response = _put(officer, ward_a, monthly_values(criminal_cases=9), HTTP_IF_MATCH='"4"')
    assert response.status_code == 412
    assert response["ETag"] == '"5"'
    assert response.json()["code"] == "precondition_failed"
    report.refresh_from_db()
    assert (report.version, report.criminal_cases) == (5, 1)
    response = _put(officer, ward_a, monthly_values(criminal_cases=9), HTTP_IF_MATCH='W/"5"')
    assert response.status_code == 412  # a weak tag never matches
    response = _put(officer, ward_a, monthly_values(criminal_cases=9), HTTP_IF_MATCH='"3", "5"')
    assert response.status_code == 200


def test_a_write_without_a_precondition_is_428(officer, ward_a):
    assert _put(officer, ward_a, monthly_values()).status_code == 428
    MonthlyReportFactory(ward=ward_a, year=2024, month=3)
    assert _put(officer, ward_a, monthly_values()).status_code == 428
    response = _put(officer, ward_a, monthly_values(), HTTP_IF_NONE_MATCH='"9"')
    assert response.status_code == 428  # an existing report is changed with If-Match only


def test_if_match_on_a_missing_report_is_412(officer, ward_a):
    response = _put(officer, ward_a, monthly_values(), HTTP_IF_MATCH='"1"')
    assert response.status_code == 412
    assert not MonthlyReport.objects.exists()


def test_the_forms_validation_answers_per_field(officer, ward_a):
    figures = monthly_values(crime_reports_received=2, crime_reports_handled=5)
    response = _put(officer, ward_a, figures, HTTP_IF_NONE_MATCH="*")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "không được lớn hơn" in errors["figures.crime_reports_handled"][0]
    missing = monthly_values()
    del missing["drug_cases"]
    response = _put(officer, ward_a, {**missing, "criminal_cases": -1}, HTTP_IF_NONE_MATCH="*")
    assert response.status_code == 400
    assert {"figures.drug_cases", "figures.criminal_cases"} <= set(response.json()["errors"])
    assert not MonthlyReport.objects.exists()


def test_outliers_are_flagged_as_on_the_form(officer, ward_a):
    for month in range(1, 7):
        MonthlyReportFactory(ward=ward_a, year=2024, month=month, approved=True, criminal_cases=2)
    response = officer.put(
        _url(ward_a, month=8),
        {"figures": monthly_values(criminal_cases=400)},
        format="json",
        HTTP_IF_NONE_MATCH="*",
    )
    assert response.status_code == 201
    assert "criminal_cases" in response.json()["outlier_fields"]


def test_only_the_wards_staff_write_and_only_editable_reports(api_clients, ward_a):
    figures = {"figures": monthly_values()}
    for role, status in {"reviewer": 403, "committee": 403, "admin": 403, "officer_b": 404}.items():
        response = api_clients[role].put(
            _url(ward_a), figures, format="json", HTTP_IF_NONE_MATCH="*"
        )
        assert response.status_code == status, role
    assert api_clients["anonymous"].put(_url(ward_a), figures, format="json").status_code == 401
    report = MonthlyReportFactory(ward=ward_a, year=2024, month=3, submitted=True)
    response = api_clients["officer_a"].put(
        _url(ward_a), figures, format="json", HTTP_IF_MATCH=f'"{report.version}"'
    )
    assert response.status_code == 409
    assert response.json()["code"] == "locked"


def test_months_the_ward_does_not_report_are_404(officer, ward_a):
    for year, month in ((2022, 5), (2024, 13), (2099, 1)):
        response = officer.put(
            reverse("api:ward-monthly-report", args=[ward_a.code, year, month]),
            {"figures": monthly_values()},
            format="json",
            HTTP_IF_NONE_MATCH="*",
        )
        assert response.status_code == 404


def test_the_chief_submits_with_if_match(api_clients, ward_a):
    report = MonthlyReportFactory(ward=ward_a, year=2024, month=3)
    url = _url(ward_a, submit=True)
    assert api_clients["officer_a"].post(url, HTTP_IF_MATCH='"1"').status_code == 403
    assert api_clients["reviewer"].post(url, HTTP_IF_MATCH='"1"').status_code == 403
    assert api_clients["officer_b"].post(url, HTTP_IF_MATCH='"1"').status_code == 404
    assert api_clients["chief_a"].post(url).status_code == 428
    assert api_clients["chief_a"].post(url, HTTP_IF_MATCH='"7"').status_code == 412
    response = api_clients["chief_a"].post(url, HTTP_IF_MATCH='"1"')
    assert response.status_code == 200
    assert response.json()["status"] == "submitted"
    assert response["ETag"] == '"2"'
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.transitions.get().action == "submit"
    again = api_clients["chief_a"].post(url, HTTP_IF_MATCH='"2"')
    assert again.status_code == 409  # already submitted


def test_the_month_must_be_over_to_submit(api_clients, ward_a):
    import datetime

    today = datetime.date.today()
    MonthlyReportFactory(ward=ward_a, year=today.year, month=today.month)
    url = reverse("api:ward-monthly-report-submit", args=[ward_a.code, today.year, today.month])
    response = api_clients["chief_a"].post(url, HTTP_IF_MATCH='"1"')
    assert response.status_code in (200, 409)
    if today.day < 28:
        assert response.status_code == 409


def test_reading_follows_the_report_rules(api_clients, ward_a):
    draft = MonthlyReportFactory(ward=ward_a, year=2024, month=3)
    for role, status in {
        "officer_a": 200,
        "chief_a": 200,
        "officer_b": 404,
        "reviewer": 404,
        "committee": 404,
        "anonymous": 401,
    }.items():
        assert api_clients[role].get(_url(ward_a)).status_code == status, role
    draft.status = ReportStatus.APPROVED
    draft.save()
    assert api_clients["committee"].get(_url(ward_a)).status_code == 200


def test_if_match_star_changes_an_existing_report_only(officer, ward_a):
    assert _put(officer, ward_a, monthly_values(), HTTP_IF_MATCH="*").status_code == 412
    MonthlyReportFactory(ward=ward_a, year=2024, month=3, version=3)
    response = _put(officer, ward_a, monthly_values(criminal_cases=7), HTTP_IF_MATCH="*")
    assert response.status_code == 200
    assert response["ETag"] == '"4"'


def test_the_carry_over_is_written_and_checked_as_on_the_form(officer, ward_a):
    figures = monthly_values(
        crime_reports_carried_over=3, crime_reports_received=2, crime_reports_handled=6
    )
    response = _put(officer, ward_a, figures, HTTP_IF_NONE_MATCH="*")
    assert response.status_code == 400  # 6 > 2 received + 3 carried over
    assert "tồn kỳ trước" in response.json()["errors"]["figures.crime_reports_handled"][0]
    response = _put(
        officer, ward_a, {**figures, "crime_reports_handled": 5}, HTTP_IF_NONE_MATCH="*"
    )
    assert response.status_code == 201
    assert response.json()["figures"]["crime_reports_carried_over"] == 3
    report = MonthlyReport.objects.get(ward=ward_a, year=2024, month=3)
    assert (report.crime_reports_carried_over, report.crime_reports_handled) == (3, 5)


def test_a_client_leaving_out_the_carry_over_gets_last_months_closing(officer, ward_a):
    MonthlyReportFactory(
        ward=ward_a, year=2024, month=2, crime_reports_received=5, crime_reports_handled=1
    )
    figures = monthly_values()
    del figures["crime_reports_carried_over"], figures["procedures_carried_over"]
    response = _put(officer, ward_a, figures, HTTP_IF_NONE_MATCH="*")
    assert response.status_code == 201
    # February: 5 received − 1 handled = 4 open; procedures 100 − (98 + 2) = 0 open.
    assert response.json()["figures"]["crime_reports_carried_over"] == 4
    assert response.json()["figures"]["procedures_carried_over"] == 0
