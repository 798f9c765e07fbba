"""Responsible bodies in documents: the header and signature of the body valid on the date,
ward counts per period, the budget subtotal, site clearance and commitments without a payer."""

from __future__ import annotations

import datetime
import io

import pytest
from docx import Document

from budget.models import Allocation
from budget.services import allocation_reassign_payer
from documents import services
from documents.content import ward_names_text, wards_text
from documents.pdf import progress_report_html
from documents.tests.test_official import SIGNER, pdf_pages
from wards.langson import PROVINCIAL_COMMITTEE
from wards.models import ResponsibleBody
from wards.selectors import steering_body_on, wards_in_year

pytestmark = pytest.mark.django_db
CITY_HEADER = "UBND THÀNH PHỐ LẠNG SƠN"


def _finalised(kind: str, year: int, user, today: datetime.date, month: int | None = None):
    document = services.official_create(kind=kind, year=year, month=month, user=user, today=today)
    document = services.official_update(document=document, user=user, signer_name=SIGNER)
    return services.official_finalise(document=document, user=user)


def _docx_text(document) -> str:
    word = Document(io.BytesIO(document.docx.read()))
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    return " ".join([*cells, *(p.text for p in word.paragraphs)])


def test_a_2024_document_is_issued_by_the_city_steering_committee(programme, reviewer):
    document = _finalised("year_progress", 2024, reviewer, datetime.date(2024, 12, 20))
    first = pdf_pages(document.pdf.read())[0]
    assert CITY_HEADER in first and "BAN CHỈ ĐẠO ĐỀ ÁN" in first
    assert "Số: 1/BC-BCĐ" in first
    word = _docx_text(document)
    assert CITY_HEADER in word and "TM. BAN CHỈ ĐẠO" in word


def test_a_2026_document_is_never_issued_under_the_city(programme, reviewer):
    document = _finalised("year_progress", 2026, reviewer, datetime.date(2026, 7, 5))
    pages = pdf_pages(document.pdf.read())
    assert "BỘ CÔNG AN" in pages[0] and "CÔNG AN TỈNH LẠNG SƠN" in pages[0]
    assert CITY_HEADER not in " ".join(pages)
    word = _docx_text(document)
    assert "CÔNG AN TỈNH LẠNG SƠN" in word and "KT. GIÁM ĐỐC" in word
    assert CITY_HEADER not in word


def test_the_monthly_check_names_the_steering_body_of_its_date(programme, reviewer):
    before = services.official_create(
        kind="monthly_check", year=2025, month=3, user=reviewer, today=datetime.date(2025, 4, 8)
    )
    assert "Ban Chỉ đạo Đề án thành phố Lạng Sơn kiểm tra" in before.introduction
    after = services.official_create(
        kind="monthly_check", year=2026, month=5, user=reviewer, today=datetime.date(2026, 6, 5)
    )
    assert "Công an tỉnh Lạng Sơn kiểm tra" in after.introduction
    assert steering_body_on(datetime.date(2025, 6, 30)).code == "bcd-thanh-pho-lang-son"
    assert steering_body_on(datetime.date(2025, 7, 1)).code == "cong-an-tinh-lang-son"


def test_an_administrator_sets_another_steering_body_from_a_date(programme):
    ResponsibleBody.objects.filter(code="cong-an-tinh-lang-son").update(steers=False)
    ResponsibleBody.objects.create(
        code="bcd-tinh",
        name="BAN CHỈ ĐẠO TỈNH",
        abbreviation="BCĐT",
        valid_from=datetime.date(2025, 7, 1),
        issues_documents=False,
        steers=True,
    )
    assert steering_body_on(datetime.date(2026, 1, 1)).code == "bcd-tinh"


@pytest.mark.parametrize(
    ("year", "count", "names"),
    [
        (
            2024,
            "5 phường",
            "Chi Lăng, Đông Kinh, Hoàng Văn Thụ, Tam Thanh, Vĩnh Trại",
        ),
        (
            2025,
            "5 phường đến 30/06/2025 và 4 phường từ 01/07/2025",
            "đến 30/06/2025: Chi Lăng, Đông Kinh, Hoàng Văn Thụ, Tam Thanh, Vĩnh Trại; "
            "từ 01/07/2025: Đông Kinh, Kỳ Lừa, Lương Văn Tri, Tam Thanh",
        ),
        (2026, "4 phường", "Đông Kinh, Kỳ Lừa, Lương Văn Tri, Tam Thanh"),
    ],
)
def test_ward_counts_name_the_wards_in_force_in_each_period(langson, year, count, names):
    wards = list(wards_in_year(year=year))
    assert wards_text(wards, year) == count
    assert ward_names_text(wards, year) == names


def test_the_2025_progress_report_keeps_the_two_sets_of_wards_apart(programme, reviewer):
    document = services.official_create(
        kind="year_progress", year=2025, user=reviewer, today=datetime.date(2026, 1, 15)
    )
    assert (
        "Năm 2025 có 5 phường đến 30/06/2025 và 4 phường từ 01/07/2025 thuộc Đề án "
        "(đến 30/06/2025: Chi Lăng, Đông Kinh, Hoàng Văn Thụ, Tam Thanh, Vĩnh Trại; "
        "từ 01/07/2025: Đông Kinh, Kỳ Lừa, Lương Văn Tri, Tam Thanh)"
    ) in document.results
    assert "9 phường" not in document.results


def test_the_progress_report_shows_the_subtotal_site_clearance_and_commitments_without_payer(
    programme, admin_user
):
    html = progress_report_html(year=2026, today=datetime.date(2026, 7, 5))
    subtotal = html.index("Cộng 04 trụ sở còn lại (ngân sách tỉnh và thành phố), 2024-2027")
    assert "24.668.000.000" in html[subtotal : subtotal + 400]
    clearance = html.index("Giải phóng mặt bằng — ngân sách thành phố")
    assert "chưa xác định" in html[clearance : clearance + 200]
    assert "Kinh phí cần xác định nguồn thay thế" in html
    assert html.count("Cần xác định nguồn thay thế") == 5  # the five city commitments
    assert CITY_HEADER not in html

    province = ResponsibleBody.objects.get(code=PROVINCIAL_COMMITTEE)
    for allocation in Allocation.objects.filter(source__code="city"):
        allocation_reassign_payer(
            allocation_id=allocation.pk,
            payer=province,
            reason="Quyết định của UBND tỉnh",
            user=admin_user,
            day=datetime.date(2026, 7, 5),
        )
    html = progress_report_html(year=2026, today=datetime.date(2026, 7, 5))
    assert "Cần xác định nguồn thay thế" not in html
    assert "24.668.000.000" in html


def test_a_2024_progress_report_flags_nothing_the_city_still_paid(programme):
    html = progress_report_html(year=2024, today=datetime.date(2024, 12, 20))
    assert "Cần xác định nguồn thay thế" not in html
    assert CITY_HEADER in html
