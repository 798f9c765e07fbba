"""Official documents (Nghị định 30/2020/NĐ-CP): every format element read back from the PDF
(text and embedded fonts, pypdf) and the Word file (python-docx) for each kind; numbering,
locking, superseding, history, reproducible files, the suggested text, layout, previews."""

from __future__ import annotations

import datetime
import hashlib
import io
import shutil
import subprocess

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from docx import Document
from docx.shared import Mm, Pt
from pypdf import PdfReader

from budget.models import Allocation
from criteria.tests.factories import MonthlyReportFactory
from documents import services
from documents.models import (
    DocumentKind,
    DocumentNumber,
    DocumentState,
    OfficialDocument,
    OfficialKind,
    OfficialState,
)
from documents.official import issuer_on, official_date, sheet_for_document, symbol
from documents.pdf import sheet_html, sheet_pdf
from facilities.models import BuildingProject, ProjectStatus
from wards.models import ResponsibleBody, Ward

TODAY = datetime.date(2026, 7, 5)
DATE_LINE = "Lạng Sơn, ngày 05 tháng 7 năm 2026"
SIGNER = "Nguyễn Văn Minh"
HEADINGS = [
    "I. KẾT QUẢ ĐẠT ĐƯỢC",
    "II. TỒN TẠI, HẠN CHẾ",
    "III. NGUYÊN NHÂN",
    "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ",
    "V. KIẾN NGHỊ, ĐỀ XUẤT",
]
KINDS = [
    ("monthly_check", 2026, 5),
    ("year_progress", 2025, None),
    ("review_first_year", 2024, None),
    ("review_phase", 2027, None),
    ("final_review", 2030, None),
    ("commendation", 2026, None),
]


def pdf_pages(content: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]


def top_centre(page) -> str:
    """Return the text drawn in the top margin of a page (where its number goes)."""
    height = float(page.mediabox.height)
    found: list[str] = []

    def visit(text, cm, tm, font_dict, font_size):
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]  # the text's origin on the page
        if text.strip() and y > height - 20 * 72 / 25.4:  # above the 20 mm top margin
            found.append(text.strip())

    page.extract_text(visitor_text=visit)
    return " ".join(found)


def pdf_fonts(content: bytes) -> set[str]:
    fonts = set()
    for page in PdfReader(io.BytesIO(content)).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return fonts


def finalised(kind: str, year: int, month: int | None, user, *, today=TODAY) -> OfficialDocument:
    document = services.official_create(kind=kind, year=year, month=month, user=user, today=today)
    document = services.official_update(document=document, user=user, signer_name=SIGNER)
    return services.official_finalise(document=document, user=user)


# --- the format, for each kind -----------------------------------------------------------------


def test_official_date_and_symbol():
    assert official_date(datetime.date(2026, 7, 5)) == DATE_LINE
    assert official_date(datetime.date(2024, 2, 14)) == "Lạng Sơn, ngày 14 tháng 02 năm 2024"
    assert symbol(12, kind="year_progress", abbreviation="CAT") == "12/BC-CAT"
    assert symbol(3, kind="commendation", abbreviation="CAT") == "3/TTr-CAT"
    assert symbol(None, kind="year_progress", abbreviation="CAT").strip() == "/BC-CAT"


@pytest.mark.django_db
def test_the_issuer_is_the_body_valid_on_the_documents_date(langson):
    assert issuer_on(datetime.date(2025, 6, 30)).name == "BAN CHỈ ĐẠO ĐỀ ÁN"
    assert issuer_on(datetime.date(2025, 6, 30)).superior == "UBND THÀNH PHỐ LẠNG SƠN"
    assert issuer_on(datetime.date(2025, 7, 1)).name == "CÔNG AN TỈNH LẠNG SƠN"
    assert issuer_on(datetime.date(2030, 12, 31)).abbreviation == "CAT-PV01"
    # data, not code: an administrator's new body takes over from its start date
    ResponsibleBody.objects.filter(code="cong-an-tinh-lang-son").update(
        valid_to=datetime.date(2027, 12, 31)
    )
    ResponsibleBody.objects.create(
        code="moi", name="CƠ QUAN MỚI", abbreviation="CQM", valid_from=datetime.date(2028, 1, 1)
    )
    assert issuer_on(datetime.date(2028, 1, 1)).abbreviation == "CQM"


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "year", "month"), KINDS)
def test_each_kind_has_every_format_element_in_pdf_and_word(kind, year, month, programme, reviewer):
    document = finalised(kind, year, month, reviewer)
    code = "TTr" if kind == "commendation" else "BC"
    number = f"1/{code}-CAT-PV01"
    assert document.number_text == number

    # --- PDF: text
    content = document.pdf.read()
    pages = pdf_pages(content)
    first = pages[0]
    for element in (
        "BỘ CÔNG AN",  # superior body
        "CÔNG AN TỈNH LẠNG SƠN",  # issuing body
        f"Số: {number}",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        DATE_LINE,
        "TỜ TRÌNH" if kind == "commendation" else "BÁO CÁO",
        document.summary[:40],
    ):
        assert element in first, element
    assert "(Dự thảo)" not in first
    text = " ".join(pages)
    positions = [text.index(h) for h in HEADINGS]
    assert positions == sorted(positions)
    for element in ("Nơi nhận:", "- Lưu: VT, PV01.", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", SIGNER):
        assert element in text, element
    assert text.index("Nơi nhận:") > positions[-1]
    if kind == "final_review":
        assert "Kính gửi: Đảng ủy Công an Trung ương" in first
    # page numbers: none on page 1, centred at the top from page 2
    assert len(pages) >= 2
    reader = PdfReader(io.BytesIO(content))
    assert top_centre(reader.pages[0]) == ""
    for index, page in enumerate(reader.pages[1:], start=2):
        assert top_centre(page) == str(index)
    # --- PDF: fonts embedded, a Times-compatible serif for the text
    fonts = pdf_fonts(content)
    assert {"Liberation-Serif", "Liberation-Serif-Bold", "Liberation-Serif-Italic"} <= fonts
    assert fonts <= {
        "Liberation-Serif",
        "Liberation-Serif-Bold",
        "Liberation-Serif-Italic",
        "Liberation-Serif-Bold-Italic",
        "DejaVu-Sans",  # chart labels
        "DejaVu-Sans-Bold",
    }
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert "/FontFile2" in descriptor.get_object()  # embedded, not referenced
    box = reader.pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (
        210,
        297,
    )

    # --- Word: the same content and format
    word = Document(io.BytesIO(document.docx.read()))
    section = word.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15
    assert round(section.top_margin.mm) == 20 and round(section.bottom_margin.mm) == 20
    assert section.different_first_page_header_footer
    assert 'instr="PAGE"' in section.header._element.xml
    assert not section.first_page_header.paragraphs[0].text
    header = word.tables[0]
    left, right = (cell.text for cell in header.rows[0].cells)
    assert left.split("\n")[:2] == ["BỘ CÔNG AN", "CÔNG AN TỈNH LẠNG SƠN"]
    assert f"Số: {number}" in left
    assert right.split("\n")[:3] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        DATE_LINE,
    ]
    issuer_run = header.rows[0].cells[0].paragraphs[1].runs[0]
    assert issuer_run.bold and issuer_run.font.name == "Times New Roman"
    motto = header.rows[0].cells[1].paragraphs[1].runs[0]
    assert motto.bold and motto.underline
    date_run = header.rows[0].cells[1].paragraphs[2].runs[0]
    assert date_run.italic
    paragraphs = [p.text for p in word.paragraphs]
    assert ("TỜ TRÌNH" if kind == "commendation" else "BÁO CÁO") in paragraphs
    assert document.summary in paragraphs
    assert [p for p in paragraphs if p in HEADINGS] == HEADINGS
    assert word.styles["Normal"].font.name == "Times New Roman"
    assert word.styles["Normal"].font.size == Pt(14)
    body = next(p for p in word.paragraphs if p.text == HEADINGS[0])
    assert body.runs[0].bold and body.runs[0].font.size == Pt(14)
    closing = next(t for t in word.tables if t.rows[0].cells[0].text.startswith("Nơi nhận:"))
    recipients, signature = (cell.text for cell in closing.rows[0].cells)
    assert "- Lưu: VT, PV01." in recipients
    assert signature.split("\n")[:2] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert signature.rstrip().endswith(SIGNER)
    assert closing.rows[0].cells[0].paragraphs[0].runs[0].italic
    landscape = [s for s in word.sections if s.page_width > s.page_height]
    assert landscape, "the criteria matrix has a landscape section"


@pytest.mark.django_db
def test_the_body_font_covers_vietnamese():
    from fontTools.ttLib import TTFont

    from documents.pdf import font_paths

    letters = "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
    letters += letters.upper() + "àáãèéìíòóõùúý“”–…"
    for (family, _weight, _style), path in font_paths().items():
        if family == "Liberation Serif":
            cmap = TTFont(path).getBestCmap()
            assert [c for c in letters if ord(c) not in cmap] == [], path.name


@pytest.mark.django_db
def test_before_july_2025_the_city_steering_committee_issues(programme, reviewer):
    document = finalised("monthly_check", 2025, 3, reviewer, today=datetime.date(2025, 4, 8))
    pages = pdf_pages(document.pdf.read())
    first = pages[0]
    assert "UBND THÀNH PHỐ LẠNG SƠN" in first and "BAN CHỈ ĐẠO ĐỀ ÁN" in first
    assert "Số: 1/BC-BCĐ" in first
    assert "Lạng Sơn, ngày 08 tháng 4 năm 2025" in first
    text = " ".join(pages)
    assert "TM. BAN CHỈ ĐẠO" in text and "TRƯỞNG BAN" in text


# --- numbering, locking, superseding, history ---------------------------------------------------


@pytest.mark.django_db
def test_numbers_run_per_issuer_and_year_and_are_never_reused(programme, reviewer, monkeypatch):
    one = finalised("year_progress", 2025, None, reviewer)
    two = finalised("monthly_check", 2026, 5, reviewer)
    assert (one.register_entry.number, two.register_entry.number) == (1, 2)
    old = finalised("monthly_check", 2025, 3, reviewer, today=datetime.date(2025, 4, 8))
    assert old.number_text == "1/BC-BCĐ"  # another issuer: its own register
    next_year = finalised("year_progress", 2026, None, reviewer, today=datetime.date(2027, 1, 5))
    assert next_year.register_entry.number == 1  # a new year starts again at 1

    # a render that fails takes no number and leaves no file
    draft = services.official_create(kind="year_progress", year=2026, user=reviewer, today=TODAY)
    draft = services.official_update(document=draft, user=reviewer, signer_name=SIGNER)

    def broken(sheet):
        raise RuntimeError("hỏng")

    monkeypatch.setattr("documents.pdf.sheet_pdf", broken)
    with pytest.raises(RuntimeError):
        services.official_finalise(document=draft, user=reviewer)
    draft.refresh_from_db()
    assert draft.is_draft and not draft.pdf
    monkeypatch.undo()
    done = services.official_finalise(document=draft, user=reviewer)
    assert done.register_entry.number == 3

    # the database refuses a number given twice
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentNumber.objects.create(
            issuer=one.issuer, year=2026, number=1, document=draft_for(reviewer)
        )


def draft_for(user) -> OfficialDocument:
    return services.official_create(kind="year_progress", year=2026, user=user, today=TODAY)


@pytest.mark.django_db
def test_finalising_needs_a_signer(programme, reviewer):
    document = services.official_create(kind="year_progress", year=2025, user=reviewer, today=TODAY)
    with pytest.raises(ValidationError, match="họ tên người ký"):
        services.official_finalise(document=document, user=reviewer)
    assert not DocumentNumber.objects.exists()


@pytest.mark.django_db
def test_a_finalised_document_is_locked_reproducible_and_can_only_be_superseded(
    programme, reviewer
):
    document = finalised("review_first_year", 2024, None, reviewer)
    assert document.state == OfficialState.FINAL
    with pytest.raises(PermissionDenied):
        services.official_update(document=document, user=reviewer, results="Sửa sau ban hành")
    with pytest.raises(PermissionDenied):
        services.official_finalise(document=document, user=reviewer)
    # stored and reproducible: the same bytes again from what the document stored, whatever
    # the data now says
    stored = document.pdf.read()
    assert hashlib.sha256(stored).hexdigest() == document.pdf_sha256
    Allocation.objects.all().delete()
    document.refresh_from_db()
    assert sheet_pdf(sheet_for_document(document)) == stored

    draft = services.official_supersede(document=document, user=reviewer)
    assert draft.supersedes == document and draft.is_draft
    assert draft.results == document.results and draft.data == document.data
    with pytest.raises(PermissionDenied):  # one replacement at a time
        services.official_supersede(document=document, user=reviewer)
    draft = services.official_update(document=draft, user=reviewer, results="Kết quả đã sửa.")
    new = services.official_finalise(document=draft, user=reviewer)
    document.refresh_from_db()
    assert document.state == OfficialState.SUPERSEDED
    assert new.register_entry.number == 2  # a new number, the old one is kept
    assert document.register_entry.number == 1


@pytest.mark.django_db
def test_edits_are_kept_in_the_history(programme, reviewer):
    document = services.official_create(kind="year_progress", year=2025, user=reviewer, today=TODAY)
    services.official_update(document=document, user=reviewer, causes="Nguyên nhân do thời tiết.")
    history = list(document.history.order_by("history_date"))
    assert len(history) == 2
    assert history[-1].causes == "Nguyên nhân do thời tiết."
    assert history[0].causes != history[-1].causes
    with pytest.raises(ValidationError, match="không có thẩm quyền"):
        services.official_update(
            document=document, user=reviewer, issued_on=datetime.date(2025, 1, 1)
        )


@pytest.mark.django_db
def test_committee_and_ward_staff_cannot_write(programme, committee, officer_a, reviewer):
    with pytest.raises(PermissionDenied):
        services.official_create(kind="year_progress", year=2025, user=committee)
    document = services.official_create(kind="year_progress", year=2025, user=reviewer)
    for user in (committee, officer_a):
        with pytest.raises(PermissionDenied):
            services.official_update(document=document, user=user, results="x")
        with pytest.raises(PermissionDenied):
            services.official_finalise(document=document, user=user)


# --- the suggested text ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_draft_starts_with_sentences_from_the_data(programme, reviewer):
    # Hoàng Văn Thụ's and Tam Thanh's projects passed to Kỳ Lừa and new Tam Thanh on 01/07/2025.
    project = BuildingProject.objects.filter(ward__code="ky-lua").first()
    project.planned_finish_year = 2024
    project.status = ProjectStatus.IN_PROGRESS
    project.progress_percent = 40
    project.save()
    Allocation.objects.filter(project__ward__code="tam-thanh-2025").delete()
    document = services.official_create(
        kind="review_first_year", year=2024, user=reviewer, today=TODAY
    )
    assert (
        "Năm 2024 có 5 phường thuộc Đề án "
        "(Chi Lăng, Đông Kinh, Hoàng Văn Thụ, Tam Thanh, Vĩnh Trại)" in document.results
    )
    assert "Phường Chi Lăng (đến 30/06/2025) (năm 2023)" in document.results
    # criteria not met and why
    assert "Phường Hoàng Văn Thụ" in document.shortcomings
    assert "chưa đạt 03 tiêu chí (20, 21, 22)" in document.shortcomings
    assert "Giải thích tiêu chí 20 của Hoàng Văn Thụ" in document.shortcomings
    # overdue project, budget gap, what each ward lacks
    assert f"Dự án {project.title}" in document.shortcomings
    assert "chậm tiến độ: kế hoạch hoàn thành năm 2024, đạt 40%" in document.shortcomings
    assert "còn thiếu 6.167.000.000 đồng" in document.shortcomings
    assert "tổ chưa đủ 03 người" in document.shortcomings or "cán bộ" in document.shortcomings
    assert "Nguồn kinh phí" in document.causes
    assert "tập trung hoàn thành các tiêu chí 19, 20, 21, 22" not in document.directions
    assert (
        "Phường Hoàng Văn Thụ (đến 30/06/2025): tập trung hoàn thành các tiêu chí 20, 21, 22"
        in (document.directions)
    )
    assert "Đề nghị bố trí" in document.proposals


@pytest.mark.django_db
def test_a_year_spanning_the_reorganisation_keeps_the_two_sets_apart(programme, reviewer):
    document = services.official_create(kind="year_progress", year=2025, user=reviewer, today=TODAY)
    assert "5 phường đến 30/06/2025 và 4 phường từ 01/07/2025 thuộc Đề án" in document.results
    assert "9 phường" not in document.results


# --- layout --------------------------------------------------------------------------------------


def _first_page_fill(html: str) -> float:
    """Return how far down page 1's content reaches, as a share of the page's content box."""
    from weasyprint import CSS, HTML

    from documents.pdf import _LocalFetcher, _stylesheet, font_paths

    document = HTML(string=html, url_fetcher=_LocalFetcher()).render(
        stylesheets=[CSS(string=_stylesheet(font_paths()), url_fetcher=_LocalFetcher())]
    )
    page = document.pages[0]._page_box

    def bottoms(box):
        yield box.position_y + box.margin_height()
        for child in getattr(box, "children", []):
            yield from bottoms(child)

    body = page.children[0]
    top = page.content_box_y()
    return (max(bottoms(body)) - top) / page.height


@pytest.mark.django_db
def test_layout_full_first_page_chart_numbers_in_the_appendix_landscape_matrix(programme, reviewer):
    for ward in Ward.objects.filter(in_programme=True, valid_from__isnull=False):
        for month in range(7, 13):
            MonthlyReportFactory(ward=ward, year=2025, month=month, criminal_cases=2)
    document = finalised("year_progress", 2025, None, reviewer)
    sheet = sheet_for_document(document)
    assert _first_page_fill(sheet_html(sheet)) > 0.85

    content = document.pdf.read()
    reader = PdfReader(io.BytesIO(content))
    pages = pdf_pages(content)
    text = " ".join(pages)
    # the chart's numbers appear once, in the appendix, not under the chart
    chart_title = "Tổng số vụ việc theo tháng, 2025 và 2024"
    assert text.count("Bảng 3.1") == 1
    assert text.index("PHỤ LỤC 3. SỐ LIỆU CỦA BIỂU ĐỒ") < text.index("Bảng 3.1")
    assert "Số liệu của biểu đồ: Phụ lục 3." in text
    assert text.index(chart_title) < text.index("Nơi nhận:")
    # the wards × criteria matrix on landscape pages, with the criterion names
    landscape = [
        i for i, page in enumerate(reader.pages) if page.mediabox.width > page.mediabox.height
    ]
    assert landscape
    matrix_text = " ".join(pages[i] for i in landscape)
    assert "PHỤ LỤC 1. KẾT QUẢ THỰC HIỆN CÁC TIÊU CHÍ NĂM 2025" in matrix_text
    from criteria.models import Criterion

    for criterion in Criterion.objects.filter(criteria_set__version=1, number__in=[1, 22]):
        assert criterion.title_vi[:25] in matrix_text.replace("- ", "-")
    assert "Phường Kỳ Lừa" in matrix_text
    assert all(p.mediabox.width < p.mediabox.height for p in reader.pages[: landscape[0]])


# --- previews through the job queue: progress, dedupe, stored file --------------------------------


@pytest.fixture
def eager_celery():
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield app
    app.conf.task_always_eager = previous


@pytest.mark.django_db
def test_a_draft_preview_is_made_once_for_the_same_text_and_figures(
    programme, reviewer, committee, eager_celery, django_capture_on_commit_callbacks
):
    document = services.official_create(kind="year_progress", year=2025, user=reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        job = services.document_request(
            kind=DocumentKind.OFFICIAL_PDF, year=2025, user=reviewer, official=document
        )
    job.refresh_from_db()
    assert job.state == DocumentState.DONE
    assert "(Dự thảo)" in pdf_pages(job.file.read())[0]
    again = services.document_request(
        kind=DocumentKind.OFFICIAL_PDF, year=2025, user=committee, official=document
    )
    assert again.pk == job.pk  # the stored file, not a new job
    document = services.official_update(document=document, user=reviewer, causes="Đã sửa.")
    with django_capture_on_commit_callbacks(execute=True):
        changed = services.document_request(
            kind=DocumentKind.OFFICIAL_PDF, year=2025, user=reviewer, official=document
        )
    assert changed.pk != job.pk
    with django_capture_on_commit_callbacks(execute=True):
        word = services.document_request(
            kind=DocumentKind.OFFICIAL_DOCX, year=2025, user=reviewer, official=document
        )
    word.refresh_from_db()
    assert word.state == DocumentState.DONE and word.download_name.endswith(".docx")
    assert "Đã sửa." in [p.text for p in Document(io.BytesIO(word.file.read())).paragraphs]


# --- pages ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_reviewer_makes_edits_and_finalises_committee_reads_and_downloads(
    programme, reviewer_client, committee_client, officer_a_client
):
    response = reviewer_client.post(
        reverse("documents:official_create"), {"kind": "review_phase", "year": 2027}
    )
    document = OfficialDocument.objects.get()
    assert response.status_code == 302
    assert (document.kind, document.year_from, document.year_to) == ("review_phase", 2023, 2027)
    detail = reverse("documents:official_detail", kwargs={"pk": document.pk})
    page = reviewer_client.get(detail)
    assert page.status_code == 200 and "Lưu dự thảo" in page.content.decode()
    data = {
        name: getattr(document, name) or ""
        for name in (
            "summary",
            "addressee",
            "introduction",
            "results",
            "shortcomings",
            "causes",
            "directions",
            "proposals",
            "recipients",
            "authority",
            "signer_title",
        )
    }
    data |= {
        "issuer": document.issuer_id,
        "issued_on": document.issued_on.strftime("%d/%m/%Y"),
        "signer_name": SIGNER,
        "proposals": "Đề nghị UBND tỉnh bố trí kinh phí.",
    }
    edit = reverse("documents:official_edit", kwargs={"pk": document.pk})
    assert committee_client.post(edit, data).status_code == 403
    assert officer_a_client.post(edit, data).status_code == 403
    assert reviewer_client.post(edit, data).status_code == 302
    finalise = reverse("documents:official_finalise", kwargs={"pk": document.pk})
    assert committee_client.post(finalise).status_code == 403
    assert reviewer_client.post(finalise).status_code == 302
    document.refresh_from_db()
    assert document.state == OfficialState.FINAL and document.proposals.startswith("Đề nghị")
    assert reviewer_client.post(edit, data).status_code == 403  # locked
    for fmt, magic in (("pdf", b"%PDF"), ("docx", b"PK")):
        url = reverse("documents:official_file", kwargs={"pk": document.pk, "fmt": fmt})
        response = committee_client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(magic)
        assert officer_a_client.get(url).status_code == 403
    listing = committee_client.get(reverse("documents:official_list")).content.decode()
    assert document.number_text in listing and "Tạo dự thảo" not in listing


@pytest.mark.django_db
def test_bad_requests_for_a_draft_get_a_plain_message(programme, reviewer_client):
    url = reverse("documents:official_create")
    response = reviewer_client.post(url, {"kind": "monthly_check", "year": 2026})
    assert response.status_code == 400
    assert "cần chọn tháng" in response.content.decode()
    response = reviewer_client.post(url, {"kind": "nope", "year": 2026})
    assert response.status_code == 400
    assert not OfficialDocument.objects.exists()
    assert OfficialKind.values  # every kind is offered on the page
    page = reviewer_client.get(reverse("documents:official_list")).content.decode()
    assert all(f'value="{kind}"' in page for kind in OfficialKind.values)


# --- Word to PDF with LibreOffice, where it is installed -----------------------------------------


@pytest.mark.django_db
def test_libreoffice_converts_the_word_file_to_pdf(programme, reviewer, tmp_path):
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice (soffice) is not installed on this machine")
    document = finalised("review_first_year", 2024, None, reviewer)
    source = tmp_path / "so-ket.docx"
    source.write_bytes(document.docx.read())
    subprocess.run(
        [office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    pages = pdf_pages((tmp_path / "so-ket.pdf").read_bytes())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in pages[0]
    assert "Số: 1/BC-CAT-PV01" in pages[0]
    assert Mm(1)  # python-docx units imported for the reader above


@pytest.mark.django_db
def test_render_document_command_writes_an_unnumbered_official_document(programme, tmp_path):
    from django.core.management import call_command

    target = tmp_path / "so-ket.docx"
    call_command(
        "render_document",
        "review_first_year",
        "--year",
        "2024",
        "--output",
        str(target),
        stdout=io.StringIO(),
    )
    paragraphs = [p.text for p in Document(str(target)).paragraphs]
    assert "(Dự thảo)" in paragraphs and HEADINGS[0] in paragraphs
