"""The yearly progress report's "Còn thiếu gì để đạt kiểu mẫu", one section per ward, in the
PDF (pypdf) and the Word file (python-docx)."""

from __future__ import annotations

import io

import pytest
from docx import Document

from documents.tests.test_official import finalised, pdf_pages
from facilities.models import Team
from facilities.tests.factories import OfficerFactory
from reports.models import MonthlyReport
from wards.models import Ward

TITLE = "Phụ lục 4. Còn thiếu gì để đạt kiểu mẫu, năm 2026"
FIRE = "Đã có 1 vụ cháy, nổ nghiêm trọng trở lên (mục tiêu: không có) — không đạt trong năm 2026."
TEAM = "Cần thêm 1 biên chế cho tổ PCTP (hiện 2; mỗi tổ ≥ 3)."


@pytest.fixture
def tam_thanh_lacks(programme):
    """Tam Thanh: a serious fire reported in February 2026, and (after the officers passed from
    the former Tam Thanh on 01/07/2025) two officers in the PCTP team."""
    ward = Ward.objects.get(name__contains="Tam Thanh", valid_from__isnull=False)
    MonthlyReport.objects.filter(ward=ward, year=2026, month=2).update(serious_fires=1)
    for _ in range(16):
        OfficerFactory(ward=ward, team=Team.CSKV)
    return ward


@pytest.mark.django_db
def test_the_year_progress_report_says_what_each_ward_still_lacks(tam_thanh_lacks, reviewer):
    document = finalised("year_progress", 2026, None, reviewer)
    # The gaps appendix comes last but for "Giả định" (the assumptions, always the last one).
    part = document.data["appendix"][-2]
    assert part["title"] == TITLE
    assert document.data["appendix"][-1]["title"].endswith("Giả định")
    tables = {b["caption"]: b["rows"] for b in part["blocks"] if b["type"] == "table"}
    in_force = Ward.objects.filter(in_programme=True, valid_from__isnull=False)
    assert set(tables) == {ward.display_name for ward in in_force}  # one section per ward
    rows = tables[tam_thanh_lacks.display_name]
    assert [
        "6. Không xảy ra cháy, nổ nghiêm trọng trở lên; không có đua xe trái phép",
        "Không đạt",
        FIRE,
    ] in rows
    assert ["Có nguy cơ", TEAM] in [row[1:] for row in rows]
    others = [
        row[2]
        for caption, other_rows in tables.items()
        if caption != tam_thanh_lacks.display_name
        for row in other_rows
    ]
    assert FIRE not in others

    text = " ".join(pdf_pages(document.pdf.read()))
    assert TITLE.upper() in text  # appendix titles are set in capitals
    assert tam_thanh_lacks.display_name in text.split(TITLE.upper(), 1)[1]
    assert "Đã có 1 vụ cháy, nổ nghiêm trọng trở lên" in text
    assert "Cần thêm 1 biên chế cho tổ PCTP" in text

    word = Document(io.BytesIO(document.docx.read()))
    assert TITLE.upper() in [p.text.upper() for p in word.paragraphs]
    cells = {cell.text for table in word.tables for row in table.rows for cell in row.cells}
    assert {FIRE, TEAM, "Có nguy cơ", "Không đạt"} <= cells


@pytest.mark.django_db
def test_other_kinds_of_report_have_no_gap_appendix(programme, reviewer):
    document = finalised("monthly_check", 2026, 5, reviewer)
    assert all("Còn thiếu gì" not in part["title"] for part in document.data["appendix"])
