"""Old generated documents are deleted with their files; recent ones and live jobs are kept."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from documents.models import DocumentKind, DocumentState, GeneratedDocument
from documents.services import documents_purge
from documents.tasks import purge_old_documents

NOW = timezone.now()


def _document(*, state: str, days_ago: int | None, key: str, with_file: bool = True):
    document = GeneratedDocument(
        kind=DocumentKind.PROGRESS_REPORT_PDF,
        year=2024,
        key=key,
        state=state,
        progress=100 if state == DocumentState.DONE else 0,
        finished_at=None if days_ago is None else NOW - datetime.timedelta(days=days_ago),
    )
    if with_file:
        document.file.save("x.pdf", ContentFile(b"%PDF-1.7 old"), save=False)
    document.save()
    return document


@pytest.mark.django_db
def test_purge_deletes_old_finished_documents_and_their_files(django_capture_on_commit_callbacks):
    old = _document(state=DocumentState.DONE, days_ago=100, key="old")
    failed = _document(state=DocumentState.FAILED, days_ago=100, key="failed", with_file=False)
    recent = _document(state=DocumentState.DONE, days_ago=5, key="recent")
    running = _document(state=DocumentState.RUNNING, days_ago=None, key="running", with_file=False)
    storage = old.file.storage
    old_name = old.file.name
    assert storage.exists(old_name)
    with django_capture_on_commit_callbacks(execute=True):
        deleted = documents_purge(finished_before=NOW - datetime.timedelta(days=90))
    assert deleted == 2
    assert set(GeneratedDocument.objects.values_list("key", flat=True)) == {"recent", "running"}
    assert not storage.exists(old_name)
    assert storage.exists(recent.file.name)
    assert not GeneratedDocument.objects.filter(pk__in=[old.pk, failed.pk]).exists()
    assert GeneratedDocument.objects.get(pk=running.pk).state == DocumentState.RUNNING


@pytest.mark.django_db
def test_files_stay_when_the_purge_is_rolled_back(django_capture_on_commit_callbacks):
    old = _document(state=DocumentState.DONE, days_ago=100, key="old")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        documents_purge(finished_before=NOW)
    assert old.file.storage.exists(old.file.name)  # removed only by the on-commit callback
    assert len(callbacks) == 1


@pytest.mark.django_db
def test_nightly_task_keeps_documents_for_the_retention_days(settings):
    settings.DOCUMENT_RETENTION_DAYS = 30
    _document(state=DocumentState.DONE, days_ago=31, key="past")
    _document(state=DocumentState.DONE, days_ago=29, key="kept")
    assert purge_old_documents() == 1
    assert list(GeneratedDocument.objects.values_list("key", flat=True)) == ["kept"]


@pytest.mark.django_db
def test_purge_command_reports_what_it_deleted_and_refuses_zero_days(capsys):
    _document(state=DocumentState.DONE, days_ago=10, key="ten")
    _document(state=DocumentState.DONE, days_ago=2, key="two")
    call_command("purge_documents", "--days", "7")
    assert "Đã xóa 1 báo cáo" in capsys.readouterr().out
    assert list(GeneratedDocument.objects.values_list("key", flat=True)) == ["two"]
    with pytest.raises(CommandError):
        call_command("purge_documents", "--days", "0")


def test_the_purge_runs_every_night(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["reports-purge-old-documents"]
    assert entry["task"] == "documents.tasks.purge_old_documents"
    assert entry["schedule"].hour == {3}
