"""The generated files opened and read: PDF text (pypdf) and the workbook's cells (openpyxl)."""

from __future__ import annotations

import datetime
import io
import unicodedata

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from budget.tests.factories import AllocationFactory, FundingSourceFactory
from criteria.langson import load_criteria
from criteria.models import CriteriaSet, Criterion, CriterionResult, ManualDecision
from criteria.tests.factories import MonthlyReportFactory
from criteria.tests.scored import score_ward
from documents import pdf
from documents.workbook import SHEETS, VND_FORMAT, year_workbook
from facilities.models import EquipmentKind, Team
from facilities.tests.factories import (
    BuildingProjectFactory,
    EquipmentCountFactory,
    OfficerFactory,
)
from reports.models import ReportStatus
from wards.tests.factories import ProvinceUserFactory, WardFactory


@pytest.fixture
def criteria_set(db) -> CriteriaSet:
    load_criteria()
    return CriteriaSet.objects.get(version=1)


@pytest.fixture
def scored_wards(criteria_set):
    """Two wards with Vietnamese names scored for 2024: Hoàng Văn Thụ 18/22, Đông Kinh 15/22."""
    hvt = WardFactory(code="hvt", name="Hoàng Văn Thụ")
    dk = WardFactory(code="dk", name="Đông Kinh")
    score_ward(hvt, 2024, met=18, criteria_set=criteria_set)
    score_ward(dk, 2024, met=15, criteria_set=criteria_set)
    return hvt, dk


def pdf_text(content: bytes) -> str:
    """Return the PDF's text with line breaks (table cells wrap) turned into single spaces."""
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def pdf_fonts(content: bytes) -> set[str]:
    fonts = set()
    for page in PdfReader(io.BytesIO(content)).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return fonts


# --- PDFs ----------------------------------------------------------------------------------------


def test_official_date_is_written_as_in_documents():
    assert pdf.official_date(datetime.date(2023, 7, 5)) == "Lạng Sơn, ngày 05 tháng 7 năm 2023"
    assert pdf.official_date(datetime.date(2024, 2, 14)) == "Lạng Sơn, ngày 14 tháng 02 năm 2024"
    assert pdf.official_date(datetime.date(2025, 12, 1)) == "Lạng Sơn, ngày 01 tháng 12 năm 2025"


@pytest.mark.django_db
def test_ward_scorecard_pdf_lists_every_criterion_decision_and_signatures(scored_wards):
    hvt, _dk = scored_wards
    reviewer = ProvinceUserFactory(username="rv", full_name="Nguyễn Thị Hường")
    criterion = Criterion.objects.get(number=1, criteria_set__version=1)
    ManualDecision.objects.create(
        ward=hvt,
        year=2024,
        criterion=criterion,
        decision="met",
        note="Đủ ba danh hiệu theo quyết định khen thưởng.",
        decided_by=reviewer,
        decided_at=timezone.now(),
    )
    content = pdf.ward_scorecard_pdf(ward=hvt, year=2024, today=datetime.date(2025, 1, 15))
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    assert "Phường Hoàng Văn Thụ" in text
    assert "18/22" in text
    assert "Lạng Sơn, ngày 15 tháng 01 năm 2025" in text
    assert "Giải thích tiêu chí 22 của Hoàng Văn Thụ." in text
    assert "Nguyễn Thị Hường" in text
    assert "Đủ ba danh hiệu" in text
    assert "TRƯỞNG CÔNG AN PHƯỜNG" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Số: /BC-CAP" in text
    assert pdf_fonts(content) >= {"Liberation-Serif", "Liberation-Serif-Bold"}
    assert {f for f in pdf_fonts(content) if not f.startswith("Liberation-Serif")} == set()


@pytest.mark.django_db
def test_progress_report_pdf_has_wards_met_counts_and_budget(scored_wards):
    hvt, dk = scored_wards
    AllocationFactory(
        project=BuildingProjectFactory(ward=hvt),
        source=FundingSourceFactory(code="city", name="Ngân sách thành phố"),
        year=2024,
        amount=4_200_000_000,
    )
    for month in (1, 2, 3):
        MonthlyReportFactory(ward=dk, year=2024, month=month, criminal_cases=4)
    content = pdf.progress_report_pdf(year=2024, month=3, today=datetime.date(2024, 4, 8))
    text = pdf_text(content)
    assert "BÁO CÁO Kết quả kiểm tra, giám sát thực hiện Đề án" in text
    assert "văn minh đô thị tháng 3/2024" in text
    assert "Phường Hoàng Văn Thụ" in text and "Phường Đông Kinh" in text
    assert "18/22" in text and "15/22" in text
    assert "Ngân sách thành phố" in text
    assert "4.200.000.000" in text
    assert "Vụ việc hình sự" in text
    assert "Lạng Sơn, ngày 08 tháng 4 năm 2024" in text
    assert len(PdfReader(io.BytesIO(content)).pages) >= 2
    yearly = pdf_text(pdf.progress_report_pdf(year=2024))
    assert "Tiến độ thực hiện Đề án xây dựng Công an phường điển hình" in yearly
    assert "văn minh đô thị năm 2024" in yearly


@pytest.mark.django_db
def test_decomposed_vietnamese_text_comes_out_composed(criteria_set):
    name = unicodedata.normalize("NFD", "Kỳ Lừa")
    ward = WardFactory(code="kl", name=name)
    score_ward(ward, 2024, met=3, criteria_set=criteria_set)
    text = pdf_text(pdf.ward_scorecard_pdf(ward=ward, year=2024))
    assert "Phường Kỳ Lừa" in unicodedata.normalize("NFC", text)
    assert unicodedata.normalize("NFD", "Kỳ Lừa") not in text


def test_a_missing_font_is_an_error_not_a_silent_substitute(tmp_path, monkeypatch):
    (tmp_path / "DejaVuSans.ttf").write_bytes(b"x")
    monkeypatch.setattr(pdf, "FONT_DIR", tmp_path)
    with pytest.raises(pdf.MissingFontError, match=r"DejaVuSans-Bold\.ttf"):
        pdf.font_paths()
    with pytest.raises(pdf.MissingFontError):
        pdf.html_to_pdf("<p>Xin chào</p>")


def test_the_pdf_renderer_refuses_network_resources():
    fetcher = pdf._LocalFetcher()
    with pytest.raises(ValueError):
        fetcher("https://example.com/font.ttf")
    with pytest.raises(ValueError):
        fetcher("file:///etc/passwd")


# --- workbook ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_year_workbook_holds_real_numbers_formats_frozen_headers_and_filters(scored_wards):
    hvt, dk = scored_wards
    project = BuildingProjectFactory(ward=hvt, title='=HYPERLINK("http://x","bấm")')
    AllocationFactory(project=project, year=2024, amount=12_334_000_000)
    MonthlyReportFactory(ward=dk, year=2024, month=2, criminal_cases=7)
    OfficerFactory(ward=hvt, full_name="Trần Văn Bí Mật")
    book = load_workbook(io.BytesIO(year_workbook(year=2024)))
    assert book.sheetnames == list(SHEETS)

    cards = book["Kết quả đánh giá"]
    rows = {r[0]: r for r in cards.iter_rows(min_row=2, values_only=True)}
    assert rows["Phường Hoàng Văn Thụ"][2] == 18
    assert isinstance(rows["Phường Hoàng Văn Thụ"][2], int)
    assert rows["Phường Đông Kinh"][2:6] == (15, 6, 1, 22)
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:"), sheet.title
    assert cards.auto_filter.ref == "A1:G3"

    detail = book["Chi tiết tiêu chí"]
    assert detail.max_row == 1 + 2 * 22

    monthly = book["Số liệu tháng"]
    header = [c.value for c in monthly[1]]
    row = [c.value for c in monthly[2]]
    assert row[0] == "Phường Đông Kinh" and row[1] == 2
    assert row[header.index("Vụ việc hình sự")] == 7

    projects = book["Dự án trụ sở"]
    cell = projects.cell(row=2, column=7)
    assert cell.value == 12_334_000_000 and cell.data_type == "n"
    assert cell.number_format == VND_FORMAT
    title = projects.cell(row=2, column=2)
    assert title.value == '=HYPERLINK("http://x","bấm")'
    assert title.data_type == "s"

    budget = book["Kinh phí"]
    assert [c.value for c in budget[2]][4:7] == [12_334_000_000, 0, 12_334_000_000]
    assert all(c.number_format == VND_FORMAT for c in budget[2][4:7])

    staffing = book["Cán bộ"]
    every_value = [v for r in staffing.iter_rows(values_only=True) for v in r]
    assert "Trần Văn Bí Mật" not in every_value
    total = next(r for r in staffing.iter_rows(values_only=True) if r[0] == "Tổng cộng")
    assert total[2] == 1


@pytest.mark.django_db
def test_year_workbook_lists_every_ward_in_name_order_with_labels_staffing_and_equipment(
    scored_wards,
):
    hvt, dk = scored_wards
    WardFactory(code="an", name="An Vĩnh")  # a programme ward without a scorecard
    OfficerFactory.create_batch(3, ward=hvt, team=Team.CSKV)
    OfficerFactory(ward=hvt, team=Team.OTHER)
    EquipmentCountFactory(
        ward=hvt, kind=EquipmentKind.DESKTOP, quantity=2, counted_on=datetime.date(2024, 3, 1)
    )
    CriterionResult.objects.filter(ward=dk, year=2024, criterion__number=1).update(
        measured_text="#N/A", explanation="=SUM(A1:A9)"
    )
    MonthlyReportFactory(ward=hvt, year=2024, month=1, criminal_cases=4)
    MonthlyReportFactory(ward=dk, year=2024, month=3, status=ReportStatus.SUBMITTED)
    MonthlyReportFactory(ward=dk, year=2024, month=1)
    book = load_workbook(io.BytesIO(year_workbook(year=2024)))

    cards = book["Kết quả đánh giá"]
    assert list(cards.iter_rows(min_row=2, values_only=True)) == [
        ("Phường An Vĩnh", 2024, None, None, None, None, "Chưa có kết quả"),
        ("Phường Đông Kinh", 2024, 15, 6, 1, 22, "Không"),
        ("Phường Hoàng Văn Thụ", 2024, 18, 3, 1, 22, "Không"),
    ]
    header = cards["A1"]
    assert header.value == "Phường" and header.font.b is True
    assert header.fill.fgColor.rgb.endswith("DDE7F0")
    assert cards.column_dimensions["A"].width == 28

    detail = book["Chi tiết tiêu chí"]
    rows = list(detail.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1]) for r in rows] == [
        (ward, number)
        for ward in ("Phường Đông Kinh", "Phường Hoàng Văn Thụ")
        for number in range(1, 23)
    ]
    assert rows[0][5] == "Đạt" and rows[15][5] == "Chưa đánh giá được"
    assert rows[16][5] == "Không đạt"
    measured, explanation = detail.cell(row=2, column=4), detail.cell(row=2, column=7)
    assert (measured.value, measured.data_type) == ("#N/A", "s")
    assert (explanation.value, explanation.data_type) == ("=SUM(A1:A9)", "s")

    monthly = book["Số liệu tháng"]
    header = [c.value for c in monthly[1]]
    rows = list(monthly.iter_rows(min_row=2, values_only=True))
    assert [r[:3] for r in rows] == [
        ("Phường Đông Kinh", 1, "Đã duyệt"),
        ("Phường Đông Kinh", 3, "Đã gửi duyệt"),
        ("Phường Hoàng Văn Thụ", 1, "Đã duyệt"),
    ]
    assert rows[2][header.index("Vụ việc hình sự")] == 4
    assert all(isinstance(v, int) for r in rows for v in r[3:] if v is not None)

    staffing = list(book["Cán bộ"].iter_rows(min_row=2, values_only=True))
    day = datetime.datetime(2024, 12, 31)  # a real date, shown dd/mm/yyyy
    assert book["Cán bộ"]["B2"].number_format == "DD/MM/YYYY"
    assert book["Cán bộ"]["B2"].is_date
    assert staffing == [
        ("Phường An Vĩnh", day, 0, 0, 0, 0, "Không", "Không"),
        ("Phường Đông Kinh", day, 0, 0, 0, 0, "Không", "Không"),
        ("Phường Hoàng Văn Thụ", day, 4, 3, 0, 1, "Không", "Không"),
        ("Tổng cộng", None, 4, 3, 0, 1, None, None),
    ]
    assert book["Cán bộ"]["B2"].number_format == "DD/MM/YYYY"
    assert measured.quotePrefix and explanation.quotePrefix

    equipment = book["Thiếu trang thiết bị"]
    header = [c.value for c in equipment[1]]
    rows = {r[0]: r for r in equipment.iter_rows(min_row=2, values_only=True)}
    assert list(rows) == [
        "Phường An Vĩnh",
        "Phường Đông Kinh",
        "Phường Hoàng Văn Thụ",
        "Tổng cộng",
    ]
    desktops = header.index("Máy tính để bàn: có")
    assert rows["Phường Hoàng Văn Thụ"][desktops : desktops + 3] == (2, 4, 2)
    assert rows["Tổng cộng"][desktops : desktops + 3] == (2, 4, 2)
    laptops = header.index("Máy tính xách tay: thiếu")
    assert rows["Tổng cộng"][laptops] == 3 * 3


@pytest.mark.django_db
def test_year_workbook_runs_the_same_queries_whatever_the_number_of_wards(
    scored_wards, criteria_set, django_assert_num_queries
):
    # 8 reads, the transaction's savepoint and release (the test runs in a transaction), and on
    # PostgreSQL the SET LOCAL cursor_tuple_fraction
    queries = 8 + 2 + (connection.vendor == "postgresql")
    with django_assert_num_queries(queries):
        year_workbook(year=2024)
    for n in range(4):
        ward = WardFactory(code=f"more-{n}", name=f"Thêm {n}")
        score_ward(ward, 2024, met=10, criteria_set=criteria_set)
        MonthlyReportFactory(ward=ward, year=2024, month=5)
        OfficerFactory(ward=ward)
        EquipmentCountFactory(ward=ward)
        AllocationFactory(project=BuildingProjectFactory(ward=ward), year=2024)
    with django_assert_num_queries(queries):
        content = year_workbook(year=2024)
    book = load_workbook(io.BytesIO(content), read_only=True)
    rows = {ws.title: sum(1 for _ in ws.iter_rows()) for ws in book.worksheets}
    assert rows["Kết quả đánh giá"] == 1 + 6
    assert rows["Chi tiết tiêu chí"] == 1 + 6 * 22
    assert rows["Số liệu tháng"] == 1 + 4
    assert rows["Dự án trụ sở"] == rows["Kinh phí"] == 1 + 4


@pytest.mark.services("postgres")  # a PostgreSQL planner setting
@pytest.mark.django_db(transaction=True)
def test_year_workbook_puts_the_planner_setting_back_outside_a_transaction():
    def fraction() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW cursor_tuple_fraction")
            return cursor.fetchone()[0]

    before = fraction()
    during: list[str] = []
    content = year_workbook(year=2024, on_progress=lambda _percent: during.append(fraction()))
    assert load_workbook(io.BytesIO(content)).sheetnames == list(SHEETS)
    assert set(during) == {"1"}
    assert before == fraction() == "0.1"


@pytest.mark.django_db
def test_render_document_command_writes_each_kind(scored_wards, tmp_path):
    hvt, _dk = scored_wards
    out = io.StringIO()
    target = tmp_path / "progress.pdf"
    call_command(
        "render_document",
        "progress",
        "--year",
        "2024",
        "--month",
        "10",
        "--output",
        str(target),
        stdout=out,
    )
    assert "Phường Hoàng Văn Thụ" in pdf_text(target.read_bytes())
    card = tmp_path / "hvt.pdf"
    call_command(
        "render_document",
        "scorecard",
        "--year",
        "2024",
        "--ward",
        hvt.code,
        "--output",
        str(card),
        stdout=out,
    )
    assert "18/22" in pdf_text(card.read_bytes())
    book = tmp_path / "2024.xlsx"
    call_command("render_document", "workbook", "--year", "2024", "--output", str(book), stdout=out)
    assert load_workbook(book).sheetnames[0] == "Kết quả đánh giá"
