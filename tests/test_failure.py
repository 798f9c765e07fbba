"""Failure: a worker killed mid-job, Redis down, PostgreSQL restarted.

Each test starts its own throwaway Redis / PostgreSQL on a free port (never the shared servers).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from django.urls import reverse

from criteria.langson import load_criteria
from criteria.models import CriterionResult, JobState, Scorecard, ScoringJob
from criteria.services import QUEUE_UNAVAILABLE, scorecards_compute, scoring_jobs_requeue
from criteria.tests.factories import year_of_reports
from dashboards import page_cache
from tests import processes
from wards.tests.factories import WardFactory


@pytest.fixture
def own_redis():
    """Return a started throwaway Redis (stopped afterwards)."""
    server = processes.RedisServer().start()
    yield server
    server.stop()


# --- Redis down -------------------------------------------------------------------------------


@pytest.mark.services("redis-server")
@pytest.mark.django_db
def test_redis_down_pages_work_and_score_now_keeps_the_job(
    own_redis,
    settings,
    reviewer_client,
    officer_a_client,
    ward_a,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    load_criteria()
    settings.PAGE_CACHE_SECONDS = 600  # the dashboard asks the (stopped) Redis for its body
    monkeypatch.setattr(page_cache, "_unavailable_until", [0.0])
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": own_redis.url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    with processes.celery_broker(own_redis.url):
        own_redis.stop()
        assert not own_redis.ping()
        for client, path in (
            (reviewer_client, "/"),
            (reviewer_client, "/reports/"),
            (reviewer_client, "/reports/board/"),
            (reviewer_client, "/criteria/2023/"),
            (reviewer_client, "/reports/dashboard/?nam=2024"),
            (reviewer_client, "/reports/dashboard/?nam=2024"),
            (officer_a_client, f"/reports/{ward_a.code}/2024/3/"),
            (officer_a_client, f"/criteria/2023/{ward_a.code}/"),
        ):
            assert client.get(path).status_code == 200, path
        assert page_cache._unavailable_until[0] > 0  # the page cache was tried, and left alone

        with django_capture_on_commit_callbacks(execute=True):
            response = reviewer_client.post(reverse("criteria:score_now"), {"year": 2023})
        assert response.status_code == 302
        page = reviewer_client.get(response.url).content.decode()
        assert "Hệ thống xử lý đang tạm ngừng" in page
        job = ScoringJob.objects.get()  # the request is kept, nothing lost
        assert (job.state, job.enqueued_at, job.error) == (JobState.QUEUED, None, QUEUE_UNAVAILABLE)

        # Redis is back: the periodic re-send puts the waiting job on the queue, once.
        own_redis.start()
        assert scoring_jobs_requeue(older_than_seconds=0) == 1
        assert scoring_jobs_requeue(older_than_seconds=0) == 0
        job.refresh_from_db()
        assert job.enqueued_at is not None and job.error == ""
        queued = [json.loads(m) for m in own_redis.client().lrange("celery", 0, -1)]
        assert [m["headers"]["task"] for m in queued] == ["criteria.tasks.score_year"]
        assert queued[0]["headers"]["argsrepr"] == f"({job.pk},)"


# --- A worker killed in the middle of yearly scoring ------------------------------------------


def _results() -> list[tuple]:
    """Return the stored scoring outcome without ids and timestamps, in a stable order."""
    cards = list(
        Scorecard.objects.order_by("ward__code").values_list(
            "ward__code",
            "year",
            "met_count",
            "not_met_count",
            "not_assessable_count",
            "in_force_count",
            "is_model_ward",
            "data_fingerprint",
        )
    )
    results = list(
        CriterionResult.objects.order_by("ward__code", "criterion__number").values_list(
            "ward__code", "criterion__number", "result", "measured_text", "data_fingerprint"
        )
    )
    return cards + results


@pytest.mark.services("postgres", "redis-server")  # the test database is shared with a worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_scoring_leaves_a_job_that_completes_once(own_redis, reviewer):
    load_criteria()
    wards = [WardFactory(code=f"kill-{n}") for n in range(5)]
    for ward in wards[:3]:
        year_of_reports(ward, 2023)
    env = processes.django_env(
        DATABASE_URL=processes.test_database_url(),
        REDIS_URL=own_redis.url,
        CELERY_VISIBILITY_TIMEOUT="3",  # a dead worker's task is handed out again after 3 s
    )
    job = ScoringJob.objects.create(year=2023, requested_by=reviewer)
    with processes.celery_broker(own_redis.url):
        from criteria.tasks import score_year

        score_year.apply_async((job.pk,))
    slow = processes.start_worker({**env, "SCORING_WARD_DELAY_MS": "1500"})
    try:
        processes.wait_for(
            lambda: ScoringJob.objects.filter(pk=job.pk, wards_done__gte=1).exists(),
            timeout=60,
            what="the first ward scored",
        )
    finally:
        processes.stop_process(slow, kill=True)  # SIGKILL mid-job
    job.refresh_from_db()
    assert job.state == JobState.RUNNING
    assert 1 <= job.wards_done < len(wards)
    time.sleep(3.5)  # past the visibility timeout

    fresh = processes.start_worker(env)
    try:
        processes.wait_for(
            lambda: ScoringJob.objects.filter(pk=job.pk, state=JobState.DONE).exists(),
            timeout=90,
            what="the job to finish on the new worker",
        )
        job.refresh_from_db()
        finished = job.finished_at
        time.sleep(4)  # give a duplicate delivery the chance to show up
        job.refresh_from_db()
    finally:
        processes.stop_process(fresh)
    assert job.state == JobState.DONE
    assert job.finished_at == finished  # it finished once
    assert (job.wards_done, job.wards_total) == (len(wards), len(wards))
    redis = own_redis.client()
    assert redis.llen("celery") == 0 and redis.hlen("unacked") == 0
    assert Scorecard.objects.filter(year=2023).count() == len(wards)
    assert CriterionResult.objects.filter(year=2023).count() == 22 * len(wards)

    after_kill = _results()
    Scorecard.objects.all().delete()
    CriterionResult.objects.all().delete()
    scorecards_compute(year=2023)  # a clean run in this process
    assert _results() == after_kill


# --- A worker killed in the middle of rendering a PDF report ----------------------------------


def _document_files() -> list:
    """Return the files stored under the documents folder of the media storage."""
    from django.conf import settings

    return sorted(p for p in (Path(settings.MEDIA_ROOT) / "documents").rglob("*") if p.is_file())


@pytest.mark.services("postgres", "redis-server")  # the test database is shared with a worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_pdf_render_leaves_a_job_that_completes_once(
    own_redis, committee, settings, tmp_path
):
    import io

    from pypdf import PdfReader

    from documents.models import DocumentKind, DocumentState, GeneratedDocument
    from documents.services import document_key

    settings.MEDIA_ROOT = tmp_path  # this test's files only
    load_criteria()
    ward = WardFactory(code="kill-pdf", name="Hoàng Văn Thụ")
    year_of_reports(ward, 2023)
    scorecards_compute(year=2023)
    card = Scorecard.objects.get(ward=ward, year=2023)
    kind = DocumentKind.PROGRESS_REPORT_PDF
    document = GeneratedDocument.objects.create(
        kind=kind,
        year=2023,
        key=document_key(kind=kind, year=2023, month=None, ward=None),
        requested_by=committee,
    )
    env = processes.django_env(
        DATABASE_URL=processes.test_database_url(),
        REDIS_URL=own_redis.url,
        CELERY_VISIBILITY_TIMEOUT="3",  # a dead worker's task is handed out again after 3 s
        TEST_MEDIA_ROOT=str(settings.MEDIA_ROOT),  # the worker stores files where we read them
    )
    with processes.celery_broker(own_redis.url):
        from documents.tasks import render_document

        render_document.apply_async((document.pk,))
    slow = processes.start_worker({**env, "DOCUMENT_RENDER_DELAY_MS": "1500"})
    try:
        processes.wait_for(
            lambda: GeneratedDocument.objects.filter(
                pk=document.pk, state=DocumentState.RUNNING, progress__gte=20
            ).exists(),
            timeout=60,
            what="the render to be under way",
        )
    finally:
        processes.stop_process(slow, kill=True)  # SIGKILL mid-render
    document.refresh_from_db()
    assert document.state == DocumentState.RUNNING
    assert 0 < document.progress < 100 and not document.file
    assert _document_files() == []
    time.sleep(3.5)  # past the visibility timeout

    fresh = processes.start_worker(env)
    try:
        processes.wait_for(
            lambda: GeneratedDocument.objects.filter(
                pk=document.pk, state__in=[DocumentState.DONE, DocumentState.FAILED]
            ).exists(),
            timeout=120,
            what="the render to finish on the new worker",
        )
        document.refresh_from_db()
        finished = document.finished_at
        time.sleep(4)  # give a duplicate delivery the chance to show up
        document.refresh_from_db()
    finally:
        processes.stop_process(fresh)
    assert (document.state, document.error) == (DocumentState.DONE, "")
    assert document.finished_at == finished  # it finished once
    assert (document.progress, document.attempts) == (100, 2)
    redis = own_redis.client()
    assert redis.llen("celery") == 0 and redis.hlen("unacked") == 0
    files = _document_files()
    assert [str(f.relative_to(settings.MEDIA_ROOT)) for f in files] == [document.file.name]
    content = files[0].read_bytes()
    assert len(content) == document.size and content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))  # a complete file: the reader finds every page
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert f"{ward.display_name} {card.met_count}/{card.in_force_count}" in text


# --- Redis down while the committee asks for a report ------------------------------------------


@pytest.mark.services("redis-server")
@pytest.mark.django_db
def test_redis_down_a_report_request_says_the_queue_is_unavailable_and_is_kept(
    own_redis, committee_client, django_capture_on_commit_callbacks
):
    from documents.models import DocumentKind, DocumentState, GeneratedDocument
    from documents.services import QUEUE_UNAVAILABLE as DOCUMENT_QUEUE_UNAVAILABLE

    request = {"kind": DocumentKind.YEAR_WORKBOOK_XLSX, "year": 2023}
    with processes.celery_broker(own_redis.url):
        own_redis.stop()
        assert not own_redis.ping()
        with django_capture_on_commit_callbacks(execute=True):
            response = committee_client.post(reverse("documents:request"), request)
        assert response.status_code == 302
        page = committee_client.get(response.url).content.decode()
        assert DOCUMENT_QUEUE_UNAVAILABLE.split(":")[0] in page
        document = GeneratedDocument.objects.get()  # the request is kept, nothing lost
        assert (document.state, document.queue_error) == (
            DocumentState.QUEUED,
            DOCUMENT_QUEUE_UNAVAILABLE,
        )

        # Redis is back: "Thử lại" sends the same job to the queue, once.
        own_redis.start()
        retry = reverse("documents:retry", kwargs={"pk": document.pk})
        with django_capture_on_commit_callbacks(execute=True):
            assert committee_client.post(retry).status_code == 302
        document.refresh_from_db()
        assert (document.state, document.queue_error) == (DocumentState.QUEUED, "")
        assert GeneratedDocument.objects.count() == 1
        queued = [json.loads(m) for m in own_redis.client().lrange("celery", 0, -1)]
        assert [m["headers"]["task"] for m in queued] == ["documents.tasks.render_document"]
        assert queued[0]["headers"]["argsrepr"] == f"({document.pk},)"


# --- PostgreSQL restarted under a running app -------------------------------------------------


@pytest.mark.services("postgres-server")
def test_the_app_recovers_after_a_postgresql_restart():
    cluster = processes.PostgresCluster().start()
    port = processes.free_port()
    app = None
    try:
        app = processes.start_gunicorn(processes.django_env(DATABASE_URL=cluster.url), port)
        status, body = processes.http_get(f"http://127.0.0.1:{port}/healthz")
        assert status == 200, body
        assert json.loads(body)["database"] == {"ok": True, "vendor": "postgresql"}

        cluster.restart()  # every open connection of the app is cut

        status, body = processes.http_get(f"http://127.0.0.1:{port}/healthz")
        assert status == 200, body  # the first request after the restart already succeeds
        assert json.loads(body)["database"]["ok"] is True
        assert app.poll() is None  # the same app process, not restarted
    finally:
        processes.stop_process(app)
        cluster.stop()
