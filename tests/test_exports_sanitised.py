"""Nothing a user types can break an export: a control character typed into a roster name, a
return reason or a decision note is refused at the door, and one stored before that rule never
reaches an export — each export still opens, and formula-looking text stays text."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from criteria.langson import load_criteria
from criteria.models import CriteriaSet, Decision, ManualDecision
from criteria.services import scorecards_compute
from documents.workbook import year_workbook
from facilities.models import Officer, Team
from facilities.tests.factories import OfficerFactory
from reports.models import MonthlyReport, ReportStatus, ReportTransition
from reports.tests.factories import MonthlyReportFactory

pytestmark = pytest.mark.django_db

# NUL is left out: PostgreSQL stores no NUL in text, so no old row can hold one there.
CONTROL = "\x0b\x1f\x7f\u202e"
DIRTY = f"Lê{CONTROL}Văn"


def _every_text(content: bytes) -> list[str]:
    """Return every text cell of every sheet of an .xlsx file (it must open)."""
    book = load_workbook(io.BytesIO(content))
    return [
        cell.value
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]


def _clean(texts: list[str]) -> bool:
    return not any(c in text for text in texts for c in CONTROL)


def _cell(content: bytes, text: str):
    book = load_workbook(io.BytesIO(content))
    return next(
        cell
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value == text
    )


# --- typed: refused at the door, nothing stored ------------------------------------------------


def test_a_control_character_typed_in_a_roster_name_is_refused(officer_a_client):
    response = officer_a_client.post(
        reverse("facilities:officer_create"),
        {"full_name": DIRTY, "team": Team.OTHER, "education": "college", "active_from": ""},
    )
    assert response.status_code == 200
    assert "“Họ và tên” có ký tự không được phép (U+000B" in response.content.decode()
    assert not Officer.objects.exists()


@pytest.mark.parametrize("action", ["return", "reopen"])
def test_a_control_character_typed_in_a_reason_is_refused(reviewer_client, ward_a, action):
    status = ReportStatus.SUBMITTED if action == "return" else ReportStatus.APPROVED
    report = MonthlyReportFactory(ward=ward_a, month=3, status=status)
    url = reverse("reports:action", args=["monthly", report.pk, action])
    response = reviewer_client.post(
        url, {"reason": f"Sai số liệu{CONTROL}", "version": report.version}, follow=True
    )
    assert "“Lý do” có ký tự không được phép (U+000B" in response.content.decode()
    report.refresh_from_db()
    assert report.status == status and report.return_reason == ""
    assert not ReportTransition.objects.filter(action=action).exists()


def test_a_control_character_typed_in_a_decision_note_is_refused(reviewer_client, ward_a):
    load_criteria()
    url = reverse("criteria:decide", kwargs={"year": 2023, "code": ward_a.code, "number": 1})
    response = reviewer_client.post(url, {"decision": "met", "note": f"Đạt{CONTROL}"})
    assert response.status_code == 400
    assert "“Nhận xét, căn cứ” có ký tự không được phép (U+000B" in response.content.decode()
    assert not ManualDecision.objects.exists()


# --- stored before the rule: every export opens without them -----------------------------------


def test_the_roster_export_opens_without_old_control_characters(officer_a_client, ward_a):
    OfficerFactory(ward=ward_a, full_name=DIRTY, rank="=HYPERLINK(1)", position="\tTổ trưởng")
    response = officer_a_client.get(reverse("facilities:roster_export"), {"year": 2024})
    assert response.status_code == 200
    texts = _every_text(response.content)
    assert "LêVăn" in texts and _clean(texts)
    rank = _cell(response.content, "=HYPERLINK(1)")
    assert (rank.data_type, rank.quotePrefix) == ("s", True)
    assert _cell(response.content, "\tTổ trưởng").quotePrefix


def test_the_year_export_of_reports_opens_without_old_control_characters(officer_a_client, ward_a):
    MonthlyReportFactory(
        ward=ward_a, month=2, status=ReportStatus.RETURNED, return_reason=f"Sai{CONTROL}"
    )
    MonthlyReportFactory(
        ward=ward_a, month=3, status=ReportStatus.RETURNED, return_reason="=1+1 sai"
    )
    response = officer_a_client.get(reverse("reports:export", args=[2024]))
    assert response.status_code == 200
    texts = _every_text(response.content)
    assert "Sai" in texts and _clean(texts)
    reason = _cell(response.content, "=1+1 sai")
    assert (reason.data_type, reason.quotePrefix) == ("s", True)


def test_the_monthly_template_opens_with_an_old_control_character_in_the_ward_name(
    officer_a_client, ward_a
):
    type(ward_a).objects.filter(pk=ward_a.pk).update(name=f"A{CONTROL}")
    response = officer_a_client.get(reverse("reports:excel_template", args=[ward_a.code, 2024, 3]))
    assert response.status_code == 200
    assert _clean(_every_text(response.content))


def test_the_year_workbook_opens_with_an_old_decision_note_and_return_reason(reviewer, ward_a):
    load_criteria()
    criteria_set = CriteriaSet.objects.get(version=1)
    ManualDecision.objects.create(
        ward=ward_a,
        year=2024,
        criterion=criteria_set.criteria.get(number=1),
        decision=Decision.MET,
        note=f"Đạt{CONTROL} =SUM(A1)",
        decided_by=reviewer,
        decided_at="2025-01-10T10:00:00+07:00",
    )
    MonthlyReportFactory(ward=ward_a, month=1, return_reason=f"Sai{CONTROL}")
    OfficerFactory(ward=ward_a, full_name=DIRTY)
    scorecards_compute(year=2024)
    explanation = ward_a.criterion_results.get(year=2024, criterion__number=1).explanation
    assert "\x0b" in explanation  # the old note did reach the stored explanation
    texts = _every_text(year_workbook(year=2024))
    assert _clean(texts)
    assert any("Đạt" in text and "=SUM(A1)" in text for text in texts)
    assert MonthlyReport.objects.count() == 1
