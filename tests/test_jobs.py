"""One "job failed" update for every background job: scoring jobs and generated documents."""

from __future__ import annotations

import pytest
from django.utils import timezone

from config.jobs import jobs_mark_failed
from criteria.models import JobState, ScoringJob
from documents.models import DocumentKind, DocumentState, GeneratedDocument


@pytest.mark.django_db
def test_a_failed_scoring_job_keeps_the_reason_and_the_time_it_stopped():
    job = ScoringJob.objects.create(year=2023, state=JobState.RUNNING)
    other = ScoringJob.objects.create(year=2024, state=JobState.RUNNING)
    before = timezone.now()
    changed = jobs_mark_failed(
        ScoringJob.objects.filter(pk=job.pk),
        state=JobState.FAILED,
        error=RuntimeError("Mất kết nối"),
    )
    job.refresh_from_db()
    other.refresh_from_db()
    assert changed == 1
    assert (job.state, job.error) == (JobState.FAILED, "Mất kết nối")
    assert job.finished_at >= before
    assert (other.state, other.error, other.finished_at) == (JobState.RUNNING, "", None)


@pytest.mark.django_db
def test_a_failure_without_a_message_is_named_by_its_type_on_a_document():
    document = GeneratedDocument.objects.create(
        kind=DocumentKind.PROGRESS_REPORT_PDF, year=2024, month=3, key="progress-2024-3"
    )
    jobs_mark_failed(
        GeneratedDocument.objects.filter(pk=document.pk),
        state=DocumentState.FAILED,
        error=MemoryError(),
    )
    document.refresh_from_db()
    assert (document.state, document.error) == (DocumentState.FAILED, "MemoryError")
    assert document.finished_at is not None
