"""Document jobs: request, progress states, dedupe, failure and retry, broker down, access."""

from __future__ import annotations

import io

import pytest
from django.db import IntegrityError
from django.urls import reverse
from openpyxl import load_workbook

from criteria.langson import load_criteria
from criteria.models import CriteriaSet
from criteria.tests.scored import score_ward
from documents import services
from documents.models import DocumentKind, DocumentState, GeneratedDocument
from documents.services import document_request
from documents.tasks import render_document

REQUEST = reverse("documents:request")
PROGRESS = {"kind": DocumentKind.PROGRESS_REPORT_PDF, "year": 2024, "month": 3}


pytestmark = pytest.mark.usefixtures("eager_celery")  # tasks run in-process


@pytest.fixture
def broker_down(eager_celery):
    """Point Celery at a closed port, as when Redis is down."""
    app = eager_celery
    saved = app.conf.broker_url
    app.conf.task_always_eager = False
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    app._pool = None
    app.amqp._producer_pool = None
    yield app
    app.conf.broker_url = saved
    app.conf.task_always_eager = True
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def scored_a(db, ward_a):
    load_criteria()
    return score_ward(ward_a, 2024, met=17, criteria_set=CriteriaSet.objects.get(version=1))


def _document(**kwargs) -> GeneratedDocument:
    values = {"kind": DocumentKind.WARD_SCORECARD_PDF, "year": 2024, **kwargs}
    ward = values.get("ward")
    values.setdefault(
        "key",
        f"{values['kind']}:{values['year']}:{values.get('month') or ''}:{ward.pk if ward else ''}",
    )
    return GeneratedDocument.objects.create(**values)


@pytest.mark.django_db
def test_reviewer_asks_for_the_progress_report_and_downloads_it(
    reviewer_client, reviewer, scored_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer_client.post(REQUEST, PROGRESS)
    assert response.status_code == 302
    document = GeneratedDocument.objects.get()
    assert (document.state, document.progress, document.requested_by) == ("done", 100, reviewer)
    assert document.file.name.startswith("documents/2024/") and document.size > 0
    status = reviewer_client.get(reverse("documents:status", kwargs={"pk": document.pk}))
    assert status.json()["state"] == "done"
    assert status.json()["download_url"] == reverse(
        "documents:download", kwargs={"pk": document.pk}
    )
    download = reviewer_client.get(status.json()["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert 'filename="bao-cao-tien-do-2024-03.pdf"' in download["Content-Disposition"]
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    page = reviewer_client.get(reverse("documents:list")).content.decode()
    assert "Tải về" in page


@pytest.mark.django_db
def test_progress_goes_queued_running_done(
    reviewer, scored_a, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document = document_request(**PROGRESS, user=reviewer)
    assert document.state == DocumentState.QUEUED and len(callbacks) == 1
    seen = []

    def fake_render(doc, file, on_progress):
        on_progress(50)
        row = GeneratedDocument.objects.get(pk=doc.pk)
        seen.append((row.state, row.progress))
        file.write(b"%PDF-1.7 fake")

    monkeypatch.setattr(services, "render_to_file", fake_render)
    callbacks[0]()
    document.refresh_from_db()
    assert seen == [("running", 50)]
    assert (document.state, document.progress, document.attempts) == ("done", 100, 1)
    assert document.file.read() == b"%PDF-1.7 fake"
    assert document.size == len(b"%PDF-1.7 fake")


@pytest.mark.django_db
def test_running_page_shows_the_percentage_and_polls_without_inline_script(
    reviewer_client, reviewer
):
    _document(
        kind=DocumentKind.YEAR_WORKBOOK_XLSX,
        state=DocumentState.RUNNING,
        progress=42,
        requested_by=reviewer,
    )
    html = reviewer_client.get(reverse("documents:list")).content.decode()
    assert "42%" in html and "Đang tạo" in html
    assert 'src="/static/js/documents.js"' in html
    assert "<script>" not in html and "style=" not in html


@pytest.mark.django_db
def test_a_failed_document_says_why_and_can_be_retried(
    reviewer_client, reviewer, scored_a, monkeypatch, django_capture_on_commit_callbacks
):
    from documents import pdf

    real = pdf.progress_report_pdf

    def broken(**kwargs):
        raise RuntimeError("Thiếu số liệu tháng 3/2024")

    monkeypatch.setattr(pdf, "progress_report_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        reviewer_client.post(REQUEST, PROGRESS)
    document = GeneratedDocument.objects.get()
    assert document.state == DocumentState.FAILED
    assert document.error == "Thiếu số liệu tháng 3/2024"
    assert not document.file
    html = reviewer_client.get(reverse("documents:list")).content.decode()
    assert "Thiếu số liệu tháng 3/2024" in html and "Thử lại" in html
    status = reviewer_client.get(reverse("documents:status", kwargs={"pk": document.pk}))
    assert status.json()["error"] == "Thiếu số liệu tháng 3/2024"

    monkeypatch.setattr(pdf, "progress_report_pdf", real)
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer_client.post(reverse("documents:retry", kwargs={"pk": document.pk}))
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.state, document.error, document.attempts) == ("done", "", 2)
    assert GeneratedDocument.objects.count() == 1


@pytest.mark.django_db
def test_the_same_document_asked_again_while_queued_or_running_is_not_made_twice(
    reviewer, committee, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        first = document_request(**PROGRESS, user=reviewer)
        again = document_request(**PROGRESS, user=committee)
    assert again.pk == first.pk
    GeneratedDocument.objects.filter(pk=first.pk).update(state=DocumentState.RUNNING)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        while_running = document_request(**PROGRESS, user=committee)
    assert while_running.pk == first.pk and callbacks == []
    with django_capture_on_commit_callbacks(execute=False):
        other_month = document_request(**{**PROGRESS, "month": 4}, user=reviewer)
    assert other_month.pk != first.pk
    GeneratedDocument.objects.filter(pk=first.pk).update(state=DocumentState.FAILED, error="x")
    with django_capture_on_commit_callbacks(execute=False):
        fresh = document_request(**PROGRESS, user=reviewer)
    assert fresh.pk not in (first.pk, other_month.pk)


@pytest.mark.django_db
def test_the_database_refuses_two_active_jobs_for_one_document():
    _document(kind=DocumentKind.YEAR_WORKBOOK_XLSX)
    with pytest.raises(IntegrityError):
        _document(kind=DocumentKind.YEAR_WORKBOOK_XLSX, state=DocumentState.RUNNING)


@pytest.mark.django_db
def test_a_done_document_is_not_rendered_again_by_a_redelivered_task(
    reviewer, scored_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = document_request(kind=DocumentKind.YEAR_WORKBOOK_XLSX, year=2024, user=reviewer)
    document.refresh_from_db()
    assert document.state == DocumentState.DONE
    name, attempts = document.file.name, document.attempts
    assert render_document.delay(document.pk).get() == "done"
    document.refresh_from_db()
    assert (document.file.name, document.attempts) == (name, attempts)


@pytest.mark.django_db
def test_a_workbook_job_streams_a_complete_file_into_storage(scored_a, ward_a):
    from documents.workbook import SHEETS

    document = _document(kind=DocumentKind.YEAR_WORKBOOK_XLSX)
    assert render_document.delay(document.pk).get() == "done"
    document.refresh_from_db()
    content = document.file.read()
    assert document.size == len(content) > 0
    book = load_workbook(io.BytesIO(content), read_only=True)
    assert book.sheetnames == list(SHEETS)
    names = [row[0] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert ward_a.display_name in names


@pytest.mark.django_db
def test_a_job_left_running_by_a_dead_worker_is_rendered_again_cleanly(ward_a, scored_a):
    document = _document(ward=ward_a, state=DocumentState.RUNNING, progress=40, attempts=1)
    assert render_document.delay(document.pk).get() == "done"
    document.refresh_from_db()
    assert (document.state, document.progress, document.attempts) == ("done", 100, 2)
    assert document.file.read().startswith(b"%PDF")


@pytest.mark.django_db(transaction=True)
def test_broker_down_keeps_the_request_queued_and_says_so(reviewer_client, scored_a, broker_down):
    # Real commits: the task is sent when the request's transaction commits, as in production.
    response = reviewer_client.post(REQUEST, PROGRESS, follow=True)
    assert "Hệ thống xử lý đang tạm ngừng" in response.content.decode()
    document = GeneratedDocument.objects.get()
    assert document.state == DocumentState.QUEUED
    assert document.queue_error.startswith("Hệ thống xử lý đang tạm ngừng")

    broker_down.conf.task_always_eager = True  # the queue is back
    reviewer_client.post(reverse("documents:retry", kwargs={"pk": document.pk}))
    document.refresh_from_db()
    assert (document.state, document.queue_error) == ("done", "")


# --- who may ask and download ------------------------------------------------------------------


@pytest.mark.django_db
def test_ward_staff_cannot_ask_for_province_documents(officer_a_client, chief_a_client):
    assert officer_a_client.post(REQUEST, PROGRESS).status_code == 403
    workbook = {"kind": DocumentKind.YEAR_WORKBOOK_XLSX, "year": 2024}
    assert chief_a_client.post(REQUEST, workbook).status_code == 403
    assert not GeneratedDocument.objects.exists()


@pytest.mark.django_db
def test_ward_staff_ask_for_their_own_scorecard_only(
    officer_a_client, ward_a, ward_b, scored_a, django_capture_on_commit_callbacks
):
    own = {"kind": DocumentKind.WARD_SCORECARD_PDF, "year": 2024}
    with django_capture_on_commit_callbacks(execute=True):
        assert officer_a_client.post(REQUEST, own).status_code == 302
    document = GeneratedDocument.objects.get()
    assert (document.ward, document.state) == (ward_a, "done")
    other = {**own, "ward": ward_b.code}
    assert officer_a_client.post(REQUEST, other).status_code == 404
    assert GeneratedDocument.objects.count() == 1


@pytest.mark.django_db
def test_downloads_are_authorised_like_the_data(role_clients, ward_a):
    from django.core.files.base import ContentFile

    done = {"state": DocumentState.DONE, "progress": 100}
    ward_doc = _document(ward=ward_a, file=ContentFile(b"%PDF", name="a.pdf"), **done)
    province_doc = _document(
        kind=DocumentKind.YEAR_WORKBOOK_XLSX, file=ContentFile(b"PK", name="b.xlsx"), **done
    )
    expected = {
        "officer_a": (200, 404),
        "chief_a": (200, 404),
        "officer_b": (404, 404),
        "reviewer": (200, 200),
        "committee": (200, 200),
        "admin": (200, 200),
    }
    for role, (ward_status, province_status) in expected.items():
        client = role_clients[role]
        for doc, status in ((ward_doc, ward_status), (province_doc, province_status)):
            for name in ("documents:download", "documents:status"):
                response = client.get(reverse(name, kwargs={"pk": doc.pk}))
                assert response.status_code == status, (role, doc.kind, name)
    anonymous = role_clients["anonymous"].get(
        reverse("documents:download", kwargs={"pk": ward_doc.pk})
    )
    assert anonymous.status_code == 302


@pytest.mark.django_db
def test_other_wards_staff_cannot_retry_or_see_a_wards_document(
    officer_b_client, officer_a_client, ward_a
):
    document = _document(ward=ward_a, state=DocumentState.FAILED, error="x")
    retry = reverse("documents:retry", kwargs={"pk": document.pk})
    assert officer_b_client.post(retry).status_code == 404
    assert "Thử lại" not in officer_b_client.get(reverse("documents:list")).content.decode()
    assert "Thử lại" in officer_a_client.get(reverse("documents:list")).content.decode()


@pytest.mark.django_db
def test_a_document_not_finished_cannot_be_downloaded(reviewer_client):
    document = _document(kind=DocumentKind.YEAR_WORKBOOK_XLSX)
    url = reverse("documents:download", kwargs={"pk": document.pk})
    assert reviewer_client.get(url).status_code == 404


@pytest.mark.django_db
def test_bad_requests_are_refused_with_a_plain_message(reviewer_client):
    response = reviewer_client.post(
        REQUEST, {"kind": DocumentKind.YEAR_WORKBOOK_XLSX, "year": 2024, "month": 5}
    )
    assert response.status_code == 400
    assert "Chỉ báo cáo tiến độ mới chọn theo tháng." in response.content.decode()
    response = reviewer_client.post(
        REQUEST, {"kind": DocumentKind.WARD_SCORECARD_PDF, "year": 2024}
    )
    assert response.status_code == 400
    assert "Cần chọn phường." in response.content.decode()
    assert not GeneratedDocument.objects.exists()


@pytest.mark.django_db
def test_a_task_for_a_deleted_document_is_dropped():
    assert render_document.delay(987654).get() == "missing"


@pytest.mark.django_db
def test_a_request_joining_anothers_job_sees_it_on_the_page(
    reviewer, committee, committee_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        document = document_request(**PROGRESS, user=reviewer)
    with django_capture_on_commit_callbacks(execute=False):
        response = committee_client.post(REQUEST, PROGRESS, follow=True)
    assert GeneratedDocument.objects.count() == 1
    assert response.context["documents"] == [document]
    assert "đang được tạo theo yêu cầu trước" in response.content.decode()
    GeneratedDocument.objects.filter(pk=document.pk).update(state=DocumentState.FAILED, error="x")
    assert committee_client.get(reverse("documents:list")).context["documents"] == []


@pytest.mark.django_db
def test_admin_lists_generated_documents_read_only(admin_client_user, ward_a):
    document = _document(ward=ward_a)
    assert admin_client_user.get("/admin/documents/generateddocument/").status_code == 200
    change = admin_client_user.get(f"/admin/documents/generateddocument/{document.pk}/change/")
    assert change.status_code == 200
    assert b'name="state"' not in change.content


@pytest.mark.django_db
def test_documents_are_made_in_vietnamese_even_from_an_english_page(
    reviewer, ward_a, scored_a, django_capture_on_commit_callbacks
):
    import io

    from django.utils import translation
    from pypdf import PdfReader

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        document = document_request(
            kind=DocumentKind.WARD_SCORECARD_PDF, year=2024, ward=ward_a, user=reviewer
        )
    document.refresh_from_db()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(document.file.read())).pages)
    assert "Phường A" in text and "Số tiêu chí đạt: 17/22" in " ".join(text.split())
