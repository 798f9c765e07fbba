"""Official documents name the criteria as the app's provisional reference set and list, under
"Giả định", the assumptions their figures rely on (HTML/PDF and Word alike)."""

from __future__ import annotations

import datetime
import io

import pytest
from docx import Document

from criteria.labels import REFERENCE_SET_LABEL
from criteria.models import CriteriaSet
from criteria.tests.scored import score_ward
from documents.content import build_content
from documents.official import sheet_for_request
from documents.pdf import sheet_html, ward_scorecard_pdf
from documents.word import sheet_docx
from wards.assumptions import (
    BUDGET_EVEN_SPREAD,
    HQ_SERVICE_LIFE,
    TARGET_YEAR_ORDER,
    TEAM_EDUCATION_SPLIT,
)
from wards.models import Ward

TODAY = datetime.date(2025, 3, 10)
LABEL = (
    "Bộ tiêu chí tham chiếu của hệ thống — tạm thời, chưa phải bộ tiêu chí theo QĐ 5764/QĐ-BCA-V05"
)


@pytest.fixture
def scored(langson):
    criteria_set = CriteriaSet.objects.get(version=1)
    for ward in Ward.objects.filter(in_programme=True, valid_to__isnull=False):
        score_ward(ward, 2024, met=15, criteria_set=criteria_set)


def _assumptions_part(content: dict) -> dict:
    return content["appendix"][-1]


def test_the_label_is_the_one_constant_everywhere():
    assert str(REFERENCE_SET_LABEL) == LABEL


def test_a_yearly_report_lists_every_assumption_its_figures_rely_on(scored):
    content = build_content(
        kind="year_progress", year_from=2024, year_to=2024, month=None, today=TODAY
    )
    part = _assumptions_part(content)
    assert part["title"].endswith("Giả định")
    texts = [block["text"] for block in part["blocks"]]
    assert LABEL in texts[0]
    for assumption in (
        HQ_SERVICE_LIFE,
        BUDGET_EVEN_SPREAD,
        TARGET_YEAR_ORDER,
        TEAM_EDUCATION_SPLIT,
    ):
        assert any(str(assumption.text) in text for text in texts), assumption.key


def test_a_monthly_check_lists_only_what_its_tables_use(scored):
    content = build_content(
        kind="monthly_check", year_from=2025, year_to=2025, month=2, today=TODAY
    )
    texts = " ".join(block["text"] for block in _assumptions_part(content)["blocks"])
    assert str(BUDGET_EVEN_SPREAD.text) in texts and str(HQ_SERVICE_LIFE.text) in texts
    assert str(TEAM_EDUCATION_SPLIT.text) not in texts  # no staffing table in a monthly check


def test_the_pdf_and_word_files_carry_the_giả_định_section(scored):
    sheet = sheet_for_request(kind="year_progress", year=2024, today=TODAY)
    html = sheet_html(sheet)
    assert "Giả định</h2>" in html and LABEL in html
    assert str(TEAM_EDUCATION_SPLIT.text) in html
    words = " ".join(p.text for p in Document(io.BytesIO(sheet_docx(sheet))).paragraphs)
    assert "GIẢ ĐỊNH" in words and LABEL in words
    assert str(BUDGET_EVEN_SPREAD.text) in words


def test_the_ward_scorecard_document_names_the_reference_set(scored, monkeypatch):
    captured = {}
    monkeypatch.setattr("documents.pdf.html_to_pdf", lambda html: captured.setdefault("html", html))
    ward = Ward.objects.get(code="chi-lang")
    ward_scorecard_pdf(ward=ward, year=2024, today=TODAY)
    assert LABEL in captured["html"]


def test_the_year_workbook_ends_with_the_giả_định_sheet(scored):
    from openpyxl import load_workbook

    from documents.workbook import year_workbook

    book = load_workbook(io.BytesIO(year_workbook(year=2024)))
    rows = list(book["Giả định"].iter_rows(values_only=True))
    assert book.sheetnames[-1] == "Giả định"
    assert LABEL in rows[1][1]
    assert {str(TEAM_EDUCATION_SPLIT.text), str(HQ_SERVICE_LIFE.text)} <= {r[1] for r in rows}
