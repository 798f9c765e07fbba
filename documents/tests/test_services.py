"""Document jobs against the real services: two simultaneous requests make one job, and a real
Celery worker renders a document taken from the Redis queue (PostgreSQL and Redis only)."""

from __future__ import annotations

import os
import threading

import pytest
from django.db import connections

from documents import services
from documents.models import DocumentKind, DocumentState, GeneratedDocument
from tests import processes
from wards.models import Role
from wards.tests.factories import ProvinceUserFactory


@pytest.mark.services("postgres")
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_requests_for_one_document_make_one_job(monkeypatch):
    sent: list[int] = []
    monkeypatch.setattr(
        services, "document_enqueue", lambda *, document_id: sent.append(document_id)
    )
    users = [ProvinceUserFactory(username=f"race-{n}", role=Role.COMMITTEE) for n in range(4)]
    barrier = threading.Barrier(len(users))
    got: list[int] = []
    errors: list[BaseException] = []

    def ask(user):
        try:
            barrier.wait(timeout=10)
            document = services.document_request(
                kind=DocumentKind.YEAR_WORKBOOK_XLSX, year=2024, user=user
            )
            got.append(document.pk)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=ask, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert GeneratedDocument.objects.count() == 1
    assert set(got) == {GeneratedDocument.objects.get().pk}
    assert len(sent) == 1


@pytest.mark.services("postgres", "redis")
@pytest.mark.django_db(transaction=True)
def test_a_worker_renders_the_document_from_the_redis_queue(reviewer):
    env = processes.django_env(
        DATABASE_URL=processes.test_database_url(), REDIS_URL=os.environ["REDIS_URL"]
    )
    worker = processes.start_worker(env)
    try:
        document = services.document_request(
            kind=DocumentKind.YEAR_WORKBOOK_XLSX, year=2024, user=reviewer
        )  # commits: the task is sent to Redis
        processes.wait_until_finished(document, timeout=90)
    finally:
        processes.stop_process(worker)
    assert document.state == DocumentState.DONE, document.error
    assert document.progress == 100 and document.size > 0
    assert document.file.name.endswith(".xlsx")


@pytest.mark.services("postgres")
@pytest.mark.django_db(transaction=True)
def test_simultaneous_finalisations_take_consecutive_numbers_never_the_same(monkeypatch):
    import datetime

    from documents.models import OfficialDocument
    from wards.models import ResponsibleBody

    monkeypatch.setattr("documents.pdf.sheet_pdf", lambda sheet: b"%PDF-1.7 test")
    monkeypatch.setattr("documents.word.sheet_docx", lambda sheet: b"PK test")
    issuer = ResponsibleBody.objects.create(code="cat", name="CÔNG AN TỈNH", abbreviation="CAT")
    user = ProvinceUserFactory(username="race-reviewer", role=Role.REVIEWER)
    drafts = [
        OfficialDocument.objects.create(
            kind="year_progress",
            year_from=2026,
            year_to=2026,
            issuer=issuer,
            issued_on=datetime.date(2026, 7, 5),
            title="BÁO CÁO",
            summary=f"Báo cáo {n}",
            recipients="Lưu: VT.",
            signer_title="PHÓ GIÁM ĐỐC",
            signer_name="Nguyễn Văn Minh",
        )
        for n in range(4)
    ]
    barrier = threading.Barrier(len(drafts))
    errors: list[BaseException] = []

    def finalise(draft):
        try:
            barrier.wait(timeout=10)
            services.official_finalise(document=draft, user=user)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=finalise, args=(draft,)) for draft in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    numbers = sorted(
        OfficialDocument.objects.filter(state="final").values_list(
            "register_entry__number", flat=True
        )
    )
    assert numbers == [1, 2, 3, 4]
