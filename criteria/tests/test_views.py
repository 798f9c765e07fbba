"""Criteria pages: who may open, decide, upload and download; fixed query counts."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from criteria.models import (
    Decision,
    EvidenceFile,
    JobState,
    ManualDecision,
    Result,
    Scorecard,
    ScoringJob,
)
from criteria.selectors import default_year
from criteria.services import scorecards_compute
from criteria.tests.factories import YearlyReportFactory, year_of_reports
from wards.tests.factories import WardFactory

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def scorecard_url(ward, year=2023):
    return reverse("criteria:scorecard", kwargs={"year": year, "code": ward.code})


def criterion_url(ward, number, name="criteria:criterion", year=2023):
    return reverse(name, kwargs={"year": year, "code": ward.code, "number": number})


def matrix_url(year=2023):
    return reverse("criteria:matrix", kwargs={"year": year})


@pytest.mark.parametrize(
    "url",
    [
        reverse("criteria:index"),
        reverse("criteria:matrix", kwargs={"year": 2023}),
        reverse("criteria:scorecard", kwargs={"year": 2023, "code": "ward-a"}),
        reverse("criteria:evidence_download", kwargs={"pk": 1}),
    ],
)
def test_anonymous_is_sent_to_login(anonymous_client, url):
    response = anonymous_client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_ward_staff_open_their_own_scorecard_from_the_menu(officer_a_client, ward_a, criteria_2023):
    response = officer_a_client.get(reverse("criteria:index"))
    assert response.status_code == 302
    assert response.url == scorecard_url(ward_a, default_year())
    page = officer_a_client.get(response.url)
    assert page.status_code == 200
    assert "Tiêu chí" in page.content.decode()  # the menu entry


def test_officer_cannot_open_another_wards_scorecard(officer_a_client, ward_b, criteria_2023):
    assert officer_a_client.get(scorecard_url(ward_b)).status_code == 404
    assert officer_a_client.get(criterion_url(ward_b, 9)).status_code == 404


@pytest.mark.parametrize(
    ("role", "status"),
    [("officer_a", 403), ("chief_a", 403), ("reviewer", 200), ("committee", 200), ("admin", 200)],
)
def test_matrix_is_for_province_roles(role_clients, role, status, ward_a, criteria_2023):
    assert role_clients[role].get(matrix_url()).status_code == status


def test_scorecard_shows_results_in_colour_and_words(committee_client, ward_a, criteria_2023):
    year_of_reports(ward_a, 2023)
    YearlyReportFactory(ward=ward_a, year=2023)
    scorecards_compute(year=2023)
    response = committee_client.get(scorecard_url(ward_a))
    html = response.content.decode()
    card = Scorecard.objects.get(ward=ward_a)
    assert f"Đạt {card.met_count}/22 tiêu chí" in html
    assert 'class="badge status-met"' in html
    assert "Chưa đánh giá được" in html
    assert "Chưa có đánh giá của Công an tỉnh." in html
    assert "12/12 báo cáo tháng đã duyệt" in html


def _make_wards(n, start=0):
    for i in range(start, start + n):
        ward = WardFactory(code=f"w{i}", name=f"W{i}")
        year_of_reports(ward, 2023, range(1, 3))


def test_matrix_runs_a_fixed_number_of_queries(committee_client, criteria_2023):
    _make_wards(1)
    scorecards_compute(year=2023)
    committee_client.get(matrix_url())
    with CaptureQueriesContext(connection) as few:
        assert committee_client.get(matrix_url()).status_code == 200
    _make_wards(4, start=1)
    scorecards_compute(year=2023)
    ScoringJob.objects.create(year=2023, state=JobState.FAILED, error="x")
    with CaptureQueriesContext(connection) as many:
        assert committee_client.get(matrix_url()).status_code == 200
    assert len(many) == len(few)


def test_scorecard_runs_a_fixed_number_of_queries(reviewer_client, reviewer, ward_a, criteria_2023):
    year_of_reports(ward_a, 2023, range(1, 3))
    scorecards_compute(year=2023)
    reviewer_client.get(scorecard_url(ward_a))
    with CaptureQueriesContext(connection) as few:
        reviewer_client.get(scorecard_url(ward_a))
    for number in (1, 2, 3):
        ManualDecision.objects.create(
            ward=ward_a,
            year=2023,
            criterion=criteria_2023.criteria.get(number=number),
            decision=Decision.MET,
            note="ok",
            decided_by=reviewer,
            decided_at="2024-01-10T10:00:00+07:00",
        )
        reviewer_client.post(
            criterion_url(ward_a, number, "criteria:upload"),
            {"file": SimpleUploadedFile("a.pdf", PDF_BYTES)},
        )
    year_of_reports(ward_a, 2023, range(3, 13))
    with CaptureQueriesContext(connection) as many:
        assert reviewer_client.get(scorecard_url(ward_a)).status_code == 200
    assert len(many) == len(few)


# --- manual decisions ---------------------------------------------------------------------------


def test_reviewer_records_a_decision_and_the_scorecard_follows(
    reviewer_client, ward_a, criteria_2023
):
    response = reviewer_client.post(
        criterion_url(ward_a, 1, "criteria:decide"),
        {"decision": "met", "note": "Đảng bộ phường Hoàn thành xuất sắc nhiệm vụ năm 2023."},
    )
    assert response.status_code == 302
    decision = ManualDecision.objects.get(ward=ward_a, year=2023)
    assert decision.decision == Decision.MET
    result = decision.criterion.results.get(ward=ward_a, year=2023)
    assert result.result == Result.MET
    page = reviewer_client.get(criterion_url(ward_a, 1)).content.decode()
    assert "Đảng bộ phường Hoàn thành xuất sắc nhiệm vụ năm 2023." in page


def test_decision_without_a_note_is_refused_next_to_the_field(
    reviewer_client, ward_a, criteria_2023
):
    response = reviewer_client.post(
        criterion_url(ward_a, 1, "criteria:decide"), {"decision": "met", "note": ""}
    )
    assert response.status_code == 400
    assert "Cần ghi nhận xét cho kết luận." in response.content.decode()
    assert not ManualDecision.objects.exists()


@pytest.mark.parametrize("role", ["officer_a", "chief_a", "officer_b", "committee"])
def test_only_reviewers_may_decide(role_clients, role, ward_a, criteria_2023):
    response = role_clients[role].post(
        criterion_url(ward_a, 1, "criteria:decide"), {"decision": "met", "note": "x"}
    )
    assert response.status_code == 403
    assert not ManualDecision.objects.exists()


def test_auto_criterion_takes_no_decision(reviewer_client, ward_a, criteria_2023):
    response = reviewer_client.post(
        criterion_url(ward_a, 9, "criteria:decide"), {"decision": "met", "note": "x"}
    )
    assert response.status_code == 404


def test_decision_form_is_shown_to_reviewers_only(
    reviewer_client, committee_client, ward_a, criteria_2023
):
    assert "Ghi kết luận" in reviewer_client.get(criterion_url(ward_a, 1)).content.decode()
    assert "Ghi kết luận" not in committee_client.get(criterion_url(ward_a, 1)).content.decode()


# --- evidence -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("bien-ban.pdf", PDF_BYTES, "application/pdf"),
        ("anh.png", PNG_BYTES, "image/png"),
        ("anh.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 32, "image/jpeg"),
        (
            "bao-cao.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("cu.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32, "application/msword"),
    ],
)
def test_chief_uploads_evidence_for_own_ward(
    chief_a_client, ward_a, criteria_2023, name, content, content_type
):
    response = chief_a_client.post(
        criterion_url(ward_a, 1, "criteria:upload"),
        {"file": SimpleUploadedFile(name, content), "description": "Quyết định khen thưởng"},
    )
    assert response.status_code == 302
    item = EvidenceFile.objects.get()
    assert item.original_name == name
    assert item.content_type == content_type
    assert name not in item.file.name  # stored under a generated name
    assert item.file.name.startswith("evidence/2023/")
    with item.file.open("rb") as stored:
        assert stored.read() == content


def test_wrong_type_is_refused_by_content_even_with_a_pdf_name(
    chief_a_client, ward_a, criteria_2023
):
    response = chief_a_client.post(
        criterion_url(ward_a, 1, "criteria:upload"),
        {"file": SimpleUploadedFile("quyet-dinh.pdf", b"MZ\x90\x00 this is a program")},
    )
    assert response.status_code == 400
    assert "Loại tệp không được chấp nhận" in response.content.decode()
    assert not EvidenceFile.objects.exists()


def test_zip_that_is_not_an_office_document_is_refused(chief_a_client, ward_a, criteria_2023):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", "MZ")
    response = chief_a_client.post(
        criterion_url(ward_a, 1, "criteria:upload"),
        {"file": SimpleUploadedFile("bang.xlsx", buffer.getvalue())},
    )
    assert response.status_code == 400
    assert not EvidenceFile.objects.exists()


def test_too_large_file_is_refused(chief_a_client, ward_a, criteria_2023, settings):
    settings.MAX_UPLOAD_BYTES = 1024
    response = chief_a_client.post(
        criterion_url(ward_a, 1, "criteria:upload"),
        {"file": SimpleUploadedFile("lon.pdf", PDF_BYTES + b"0" * 2000)},
    )
    assert response.status_code == 400
    assert "Tệp quá lớn" in response.content.decode()
    assert not EvidenceFile.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"), [("officer_a", 403), ("committee", 403), ("officer_b", 404)]
)
def test_who_may_not_upload(role_clients, role, status, ward_a, criteria_2023):
    response = role_clients[role].post(
        criterion_url(ward_a, 1, "criteria:upload"),
        {"file": SimpleUploadedFile("a.pdf", PDF_BYTES)},
    )
    assert response.status_code == status
    assert not EvidenceFile.objects.exists()


def test_chief_of_another_ward_gets_404(chief_b, ward_a, criteria_2023):
    from django.test import Client

    client = Client()
    client.force_login(chief_b)
    response = client.post(
        criterion_url(ward_a, 1, "criteria:upload"),
        {"file": SimpleUploadedFile("a.pdf", PDF_BYTES)},
    )
    assert response.status_code == 404


def test_evidence_download_is_scoped_to_who_may_see_the_ward(role_clients, ward_a, criteria_2023):
    role_clients["reviewer"].post(
        criterion_url(ward_a, 2, "criteria:upload"),
        {"file": SimpleUploadedFile("Biên bản họp chi bộ.pdf", PDF_BYTES)},
    )
    item = EvidenceFile.objects.get()
    url = reverse("criteria:evidence_download", kwargs={"pk": item.pk})
    response = role_clients["officer_a"].get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Bi%C3%AAn%20b%E1%BA%A3n" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert role_clients["committee"].get(url).status_code == 200
    assert role_clients["officer_b"].get(url).status_code == 404


# --- score now and job state --------------------------------------------------------------------


def test_reviewer_scores_now_and_sees_the_job_done(
    reviewer_client, ward_a, criteria_2023, django_capture_on_commit_callbacks, eager_celery
):
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer_client.post(reverse("criteria:score_now"), {"year": 2023})
    assert response.status_code == 302
    assert response.url == matrix_url()
    job = ScoringJob.objects.get()
    assert job.state == JobState.DONE
    assert Scorecard.objects.filter(year=2023).count() == 1
    html = reviewer_client.get(matrix_url()).content.decode()
    assert "Hoàn thành" in html
    assert "Đánh giá ngay" in html


@pytest.mark.parametrize("role", ["officer_a", "chief_a", "committee"])
def test_score_now_is_for_reviewers(role_clients, role, criteria_2023):
    assert role_clients[role].post(reverse("criteria:score_now"), {"year": 2023}).status_code == 403
    assert not ScoringJob.objects.exists()


def test_matrix_shows_running_and_failed_jobs_with_the_error(committee_client, criteria_2023):
    ScoringJob.objects.create(year=2023, state=JobState.RUNNING, wards_total=5, wards_done=2)
    ScoringJob.objects.create(year=2022, state=JobState.FAILED, error="Chưa có bộ tiêu chí")
    html = committee_client.get(matrix_url()).content.decode()
    assert "Đang chạy" in html
    assert "2/5 phường" in html
    assert "Lỗi" in html
    assert "Chưa có bộ tiêu chí" in html
    assert 'http-equiv="refresh"' in html  # the page follows a running job
    assert "Đánh giá ngay" not in html  # committee reads only


def test_scorecard_shows_the_early_warning(officer_a_client, ward_a, criteria_2023):
    from criteria.tests.factories import BaselineFactory

    BaselineFactory(ward=ward_a, year=2022, social_order_crimes=24)
    year_of_reports(ward_a, 2023, range(1, 7), social_order_crimes=1)
    html = officer_a_client.get(scorecard_url(ward_a)).content.decode()
    assert "Cảnh báo sớm" in html
    assert "Đúng hướng" in html


def test_home_pages_show_the_latest_scorecards_of_visible_wards(
    role_clients, ward_a, ward_b, criteria_2023
):
    scorecards_compute(year=2023)
    officer_home = role_clients["officer_a"].get(reverse("home")).content.decode()
    assert "Tiêu chí kiểu mẫu năm 2023" in officer_home
    assert scorecard_url(ward_a) in officer_home
    assert scorecard_url(ward_b) not in officer_home
    committee_home = role_clients["committee"].get(reverse("home")).content.decode()
    assert scorecard_url(ward_a) in committee_home
    assert scorecard_url(ward_b) in committee_home


@pytest.mark.parametrize("year", [1999, 2101, 99999])
def test_years_outside_the_programme_are_not_found(committee_client, ward_a, year):
    assert committee_client.get(matrix_url(year)).status_code == 404
    assert committee_client.get(scorecard_url(ward_a, year)).status_code == 404
    assert committee_client.get(criterion_url(ward_a, 1, year=year)).status_code == 404


def test_no_decision_for_a_year_the_ward_did_not_stand(reviewer_client, criteria_2023):
    import datetime

    ward = WardFactory(code="new-2025", name="Mới", valid_from=datetime.date(2025, 7, 1))
    response = reviewer_client.post(
        criterion_url(ward, 1, "criteria:decide"), {"decision": "met", "note": "x"}
    )
    assert response.status_code == 400
    assert "không thuộc Đề án trong năm 2023" in response.content.decode()
    assert not ManualDecision.objects.exists()
    assert not Scorecard.objects.exists()


def test_early_warning_can_be_read_up_to_a_chosen_month(officer_a_client, ward_a, criteria_2023):
    year_of_reports(ward_a, 2024, social_order_crimes=2)
    year_of_reports(ward_a, 2025, range(1, 7), social_order_crimes=[1, 1, 1, 5, 5, 5])
    url = scorecard_url(ward_a, 2025)
    # to March: 3 against 6 → −50% → on track; to June: 18 against 12 → +50% → at risk
    march = officer_a_client.get(url, {"thang": 3}).content.decode()
    assert "tháng 1–3/2025: 3; cùng kỳ năm 2024 (tháng 1–3): 6 (-50%)" in march
    june = officer_a_client.get(url).content.decode()
    assert "tháng 1–6/2025: 18; cùng kỳ năm 2024 (tháng 1–6): 12 (+50%)" in june


def test_legacy_office_content_needs_an_office_name(chief_a_client, ward_a, criteria_2023):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32
    response = chief_a_client.post(
        criterion_url(ward_a, 1, "criteria:upload"),
        {"file": SimpleUploadedFile("bien-ban.pdf", ole)},
    )
    assert response.status_code == 400
    assert not EvidenceFile.objects.exists()


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:criteria_criterionresult_add",
        "admin:criteria_scorecard_add",
        "admin:criteria_manualdecision_add",
        "admin:criteria_evidencefile_add",
        "admin:criteria_scoringjob_add",
    ],
)
def test_computed_and_checked_rows_cannot_be_added_in_the_admin(admin_client_user, url_name):
    assert admin_client_user.get(reverse(url_name)).status_code == 403


def test_reviewer_may_retry_a_failed_job(reviewer_client, criteria_2023):
    ScoringJob.objects.create(year=2023, state=JobState.FAILED, error="Mất kết nối")
    html = reviewer_client.get(matrix_url()).content.decode()
    assert "Chạy lại" in html
