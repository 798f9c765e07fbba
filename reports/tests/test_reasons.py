"""Return and reopen reasons go through their form: at most 2,000 characters, text hygiene."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reports.models import Notification, ReportStatus, ReportTransition
from reports.services import ReportValidationError, report_return
from reports.tests.factories import MonthlyReportFactory

pytestmark = pytest.mark.django_db

START = {"return": ReportStatus.SUBMITTED, "reopen": ReportStatus.APPROVED}


def _post(client, report, action, reason):
    url = reverse("reports:action", args=["monthly", report.pk, action])
    return client.post(url, {"reason": reason, "version": report.version}, follow=True)


@pytest.mark.parametrize("action", ["return", "reopen"])
def test_a_million_character_reason_is_refused_and_nothing_is_stored(
    reviewer_client, ward_a, action
):
    report = MonthlyReportFactory(ward=ward_a, month=3, status=START[action])
    response = _post(reviewer_client, report, action, "x" * 1_000_000)
    assert response.status_code == 200
    assert "Lý do dài quá: tối đa 2000 ký tự (đã nhập 1000000 ký tự)." in (
        response.content.decode()
    )
    report.refresh_from_db()
    assert report.status == START[action] and report.return_reason == ""
    assert not ReportTransition.objects.filter(action=action).exists()
    assert not Notification.objects.exists()


@pytest.mark.parametrize("action", ["return", "reopen"])
def test_a_reason_of_2000_characters_is_taken_normalised(reviewer_client, ward_a, action):
    report = MonthlyReportFactory(ward=ward_a, month=3, status=START[action])
    reason = "Sửa lại\r\n" + "x" * 1991  # 2,000 characters as the browser sends them
    assert len(reason) == 2000
    _post(reviewer_client, report, action, reason)
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert report.return_reason == "Sửa lại\n" + "x" * 1991


def test_a_ward_user_posting_a_bad_reason_is_still_refused_as_not_allowed(officer_a_client, ward_a):
    report = MonthlyReportFactory(ward=ward_a, month=3, status=ReportStatus.SUBMITTED)
    url = reverse("reports:action", args=["monthly", report.pk, "return"])
    assert officer_a_client.post(url, {"reason": "x" * 3000}).status_code == 403


def test_the_service_refuses_a_reason_past_the_limit_too(reviewer, ward_a):
    report = MonthlyReportFactory(ward=ward_a, month=3, status=ReportStatus.SUBMITTED)
    with pytest.raises(ReportValidationError):
        report_return(user=reviewer, report=report, reason="x" * 2001)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
