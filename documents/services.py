"""Writes for generated documents: ask for one (deduplicated), queue it, render it, retry it."""

from __future__ import annotations

import datetime
import logging
import tempfile
import time
from collections.abc import Callable
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from kombu.exceptions import OperationalError

from documents.models import DocumentKind, DocumentState, GeneratedDocument
from wards.access import visible_wards
from wards.models import User, Ward

logger = logging.getLogger(__name__)

QUEUE_UNAVAILABLE = (
    "Hệ thống xử lý đang tạm ngừng: chưa gửi được yêu cầu tạo báo cáo. "
    "Yêu cầu vẫn được giữ, hãy bấm «Thử lại» sau ít phút."
)
FIRST_YEAR = 2023
LAST_YEAR = 2100
PUBLISH_RETRY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}


class QueueUnavailable(Exception):
    """The broker could not be reached; the document stays queued so nothing is lost."""


def document_key(*, kind: str, year: int, month: int | None, ward: Ward | None) -> str:
    """Return the name that identifies a document: kind and parameters."""
    return f"{kind}:{year}:{month or ''}:{ward.pk if ward else ''}"


def can_request(user: User, *, kind: str, ward: Ward | None) -> bool:
    """Return whether the user may ask for (and download) this kind of document."""
    if not user.is_authenticated:
        return False
    if kind == DocumentKind.WARD_SCORECARD_PDF:
        return ward is not None and visible_wards(user).filter(pk=ward.pk).exists()
    return user.is_province_role


def _validate(*, kind: str, year: int, month: int | None, ward: Ward | None) -> None:
    if kind not in DocumentKind.values:
        raise ValidationError("Loại tài liệu không hợp lệ.")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(f"Năm phải từ {FIRST_YEAR} đến {LAST_YEAR}.")
    if month is not None and kind != DocumentKind.PROGRESS_REPORT_PDF:
        raise ValidationError("Chỉ báo cáo tiến độ mới chọn theo tháng.")
    if month is not None and not 1 <= month <= 12:
        raise ValidationError("Tháng phải từ 1 đến 12.")
    if kind == DocumentKind.WARD_SCORECARD_PDF:
        if ward is None:
            raise ValidationError("Cần chọn phường.")
        if not ward.is_valid_in_year(year):
            raise ValidationError(f"{ward.display_name} không có hiệu lực trong năm {year}.")
    elif ward is not None:
        raise ValidationError("Tài liệu này là của toàn tỉnh, không chọn phường.")


def document_request(
    *, kind: str, year: int, month: int | None = None, ward: Ward | None = None, user: User
) -> GeneratedDocument:
    """Return the queued or running job for this document, or create one and queue it after
    commit. The same document asked again while one is queued or running gets that job."""
    _validate(kind=kind, year=year, month=month, ward=ward)
    if not can_request(user, kind=kind, ward=ward):
        raise PermissionDenied
    key = document_key(kind=kind, year=year, month=month, ward=ward)
    with transaction.atomic():
        existing = (
            GeneratedDocument.objects.select_for_update()
            .filter(key=key, state__in=[DocumentState.QUEUED, DocumentState.RUNNING])
            .first()
        )
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                document = GeneratedDocument.objects.create(
                    kind=kind, year=year, month=month, ward=ward, key=key, requested_by=user
                )
        except IntegrityError:
            # Another request created it between our read and our insert.
            return GeneratedDocument.objects.get(
                key=key, state__in=[DocumentState.QUEUED, DocumentState.RUNNING]
            )
        transaction.on_commit(lambda: document_enqueue(document_id=document.pk))
    document.refresh_from_db()
    return document


def document_enqueue(*, document_id: int) -> bool:
    """Send the render task to the broker; when it is unreachable, note it on the queued job
    (nothing is lost, the user can retry) and return False."""
    from documents.tasks import render_document

    try:
        render_document.apply_async((document_id,), retry=True, retry_policy=PUBLISH_RETRY)
    except OperationalError as exc:
        logger.warning("Broker unreachable for document %s: %s", document_id, exc)
        GeneratedDocument.objects.filter(pk=document_id, state=DocumentState.QUEUED).update(
            queue_error=QUEUE_UNAVAILABLE
        )
        return False
    GeneratedDocument.objects.filter(pk=document_id).exclude(queue_error="").update(queue_error="")
    return True


def document_retry(*, document: GeneratedDocument, user: User) -> GeneratedDocument:
    """Queue a failed job again, or resend a queued job the broker never got; return it."""
    if not can_request(user, kind=document.kind, ward=document.ward):
        raise PermissionDenied
    with transaction.atomic():
        document = GeneratedDocument.objects.select_for_update().get(pk=document.pk)
        if document.state == DocumentState.FAILED:
            active = GeneratedDocument.objects.filter(
                key=document.key, state__in=[DocumentState.QUEUED, DocumentState.RUNNING]
            ).first()
            if active is not None:
                return active
            document.state = DocumentState.QUEUED
            document.progress = 0
            document.error = ""
            document.save(update_fields=["state", "progress", "error"])
        elif not (document.state == DocumentState.QUEUED and document.queue_error):
            raise ValidationError("Chỉ chạy lại được tài liệu bị lỗi hoặc chưa được gửi đi xử lý.")
        transaction.on_commit(lambda: document_enqueue(document_id=document.pk))
    document.refresh_from_db()
    return document


def _set_progress(document_id: int) -> Callable[[int], None]:
    pause = getattr(settings, "DOCUMENT_RENDER_DELAY_MS", 0) / 1000  # a test-settings knob

    def progress(percent: int) -> None:
        GeneratedDocument.objects.filter(pk=document_id).update(progress=min(max(percent, 0), 99))
        if pause:
            time.sleep(pause)

    return progress


def render_to_file(
    document: GeneratedDocument, file: BinaryIO, on_progress: Callable[[int], None]
) -> None:
    """Write the rendered file of a document (PDF or Excel) from the current data into an open
    binary file, always in Vietnamese (official documents), whatever language the requester's
    page was in."""
    from documents import pdf, workbook

    with translation.override(settings.LANGUAGE_CODE):
        if document.kind == DocumentKind.WARD_SCORECARD_PDF:
            file.write(
                pdf.ward_scorecard_pdf(
                    ward=document.ward, year=document.year, on_progress=on_progress
                )
            )
        elif document.kind == DocumentKind.PROGRESS_REPORT_PDF:
            file.write(
                pdf.progress_report_pdf(
                    year=document.year, month=document.month, on_progress=on_progress
                )
            )
        else:  # the workbook streams into the file: flat memory whatever the number of wards
            workbook.year_workbook_write(year=document.year, file=file, on_progress=on_progress)


def document_render(*, document_id: int) -> GeneratedDocument:
    """Render a job: mark it running, build the file with progress, store it, mark it done,
    or failed with the reason. A job already done is left alone (a redelivered task does
    nothing twice); a job found running (its worker died) is rendered again from the start."""
    document = GeneratedDocument.objects.select_related("ward").get(pk=document_id)
    if document.state == DocumentState.DONE:
        return document
    GeneratedDocument.objects.filter(pk=document.pk).update(
        state=DocumentState.RUNNING,
        progress=0,
        error="",
        queue_error="",
        started_at=timezone.now(),
        attempts=document.attempts + 1,
    )
    try:
        with tempfile.TemporaryFile() as content:
            render_to_file(document, content, _set_progress(document.pk))
            size = content.tell()
            content.seek(0)
            if document.file:
                document.file.delete(save=False)
            document.file.save(document.download_name, File(content), save=False)
        GeneratedDocument.objects.filter(pk=document.pk).update(
            state=DocumentState.DONE,
            progress=100,
            file=document.file.name,
            size=size,
            finished_at=timezone.now(),
        )
    except Exception as exc:
        logger.exception("Document %s (%s) failed", document.pk, document.key)
        GeneratedDocument.objects.filter(pk=document.pk).update(
            state=DocumentState.FAILED,
            error=str(exc) or exc.__class__.__name__,
            finished_at=timezone.now(),
        )
    document.refresh_from_db()
    return document


@transaction.atomic
def documents_purge(*, finished_before: datetime.datetime) -> int:
    """Delete the finished (done or failed) documents that finished before the given time, and
    their files once the deletion commits; queued and running jobs are left alone. Return how
    many were deleted. The files are made again from the data whenever someone asks."""
    old = GeneratedDocument.objects.filter(
        state__in=[DocumentState.DONE, DocumentState.FAILED], finished_at__lt=finished_before
    )
    names = [name for name in old.values_list("file", flat=True) if name]
    deleted, _by_model = old.delete()
    storage = GeneratedDocument._meta.get_field("file").storage

    def remove_files() -> None:
        for name in names:
            try:
                storage.delete(name)
            except OSError:
                logger.warning("Could not delete %s", name, exc_info=True)

    transaction.on_commit(remove_files)
    return deleted
