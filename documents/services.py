"""Writes for generated documents: ask for one (deduplicated), queue it, render it, retry it."""

from __future__ import annotations

import datetime
import hashlib
import logging
import tempfile
import time
from collections.abc import Callable
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile, File
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from kombu.exceptions import OperationalError

from config.jobs import jobs_mark_failed
from documents.models import (
    OFFICIAL_KINDS,
    DocumentKind,
    DocumentNumber,
    DocumentState,
    GeneratedDocument,
    OfficialDocument,
    OfficialKind,
    OfficialState,
)
from wards.access import Action, allows
from wards.models import ResponsibleBody, User, Ward

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


def document_key(
    *,
    kind: str,
    year: int,
    month: int | None,
    ward: Ward | None,
    official: OfficialDocument | None = None,
) -> str:
    """Return the name that identifies a document: kind and parameters; for a rendering of an
    official document, the document and the fingerprint of everything it shows (the same text
    and figures give the same key, so the stored file is handed out again)."""
    if official is not None:
        from documents.official import content_fingerprint, sheet_for_document

        return f"{kind}:{official.pk}:{content_fingerprint(sheet_for_document(official))[:32]}"
    return f"{kind}:{year}:{month or ''}:{ward.pk if ward else ''}"


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
    *,
    kind: str,
    year: int,
    month: int | None = None,
    ward: Ward | None = None,
    user: User,
    official: OfficialDocument | None = None,
) -> GeneratedDocument:
    """Return the queued or running job for this document, or create one and queue it after
    commit. The same document asked again while one is queued or running gets that job; a
    rendering of an official document whose text and figures have not changed since one was
    made gets that stored file."""
    if (kind in OFFICIAL_KINDS) != (official is not None):
        raise ValidationError("Loại tài liệu không hợp lệ.")
    if official is not None:
        year = official.year_to
    _validate(kind=kind, year=year, month=month, ward=ward)
    if not allows(user, Action.REQUEST_DOCUMENT, ward, kind=kind):
        raise PermissionDenied
    key = document_key(kind=kind, year=year, month=month, ward=ward, official=official)
    with transaction.atomic():
        existing = (
            GeneratedDocument.objects.select_for_update()
            .filter(key=key, state__in=[DocumentState.QUEUED, DocumentState.RUNNING])
            .first()
        )
        if existing is not None:
            return existing
        if official is not None:
            stored = (
                GeneratedDocument.objects.filter(key=key, state=DocumentState.DONE)
                .exclude(file="")
                .order_by("-finished_at", "-pk")
                .first()
            )
            if stored is not None:
                return stored
        try:
            with transaction.atomic():
                document = GeneratedDocument.objects.create(
                    kind=kind,
                    year=year,
                    month=month,
                    ward=ward,
                    key=key,
                    requested_by=user,
                    official=official,
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
    if not allows(user, Action.REQUEST_DOCUMENT, document.ward, kind=document.kind):
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
        if document.kind in OFFICIAL_KINDS:
            file.write(_official_bytes(document.official, document.kind, on_progress))
        elif document.kind == DocumentKind.WARD_SCORECARD_PDF:
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
    document = GeneratedDocument.objects.select_related("ward", "official__issuer").get(
        pk=document_id
    )
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
        jobs_mark_failed(
            GeneratedDocument.objects.filter(pk=document.pk), state=DocumentState.FAILED, error=exc
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


# --- official documents ------------------------------------------------------------------------


def _official_bytes(
    official: OfficialDocument, kind: str, on_progress: Callable[[int], None] = lambda p: None
) -> bytes:
    """Return the PDF or Word file of an official document as it stands."""
    from documents.official import sheet_for_document
    from documents.pdf import sheet_pdf
    from documents.word import sheet_docx

    sheet = sheet_for_document(official)
    on_progress(30)
    content = sheet_docx(sheet) if kind == DocumentKind.OFFICIAL_DOCX else sheet_pdf(sheet)
    on_progress(90)
    return content


def _validate_official(*, kind: str, year: int, month: int | None) -> None:
    from documents.official import SPECS

    if kind not in OfficialKind.values:
        raise ValidationError("Loại văn bản không hợp lệ.")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(f"Năm phải từ {FIRST_YEAR} đến {LAST_YEAR}.")
    if SPECS[kind].monthly:
        if month is None or not 1 <= month <= 12:
            raise ValidationError("Báo cáo kiểm tra hằng tháng cần chọn tháng (1-12).")
    elif month is not None:
        raise ValidationError("Chỉ báo cáo kiểm tra hằng tháng mới chọn theo tháng.")


def official_create(
    *,
    kind: str,
    year: int,
    month: int | None = None,
    user: User,
    today: datetime.date | None = None,
) -> OfficialDocument:
    """Start a draft of a kind for a year (and month): the issuer valid today with its signer
    and recipients, the figures read now, and each section pre-filled with sentences from the
    data for the reviewer to edit."""
    from documents.content import build_content
    from documents.official import (
        SPECS,
        default_period,
        introduction_for,
        issuer_on,
        recipients_for,
        summary_for,
    )

    if not allows(user, Action.WRITE_OFFICIAL):
        raise PermissionDenied
    _validate_official(kind=kind, year=year, month=month)
    today = today or timezone.localdate()
    issuer = issuer_on(today)
    if issuer is None:
        raise ValidationError(
            "Chưa có cơ quan ban hành văn bản có hiệu lực hôm nay; quản trị viên cần khai báo."
        )
    year_from, year_to, month = default_period(kind, year, month)
    content = build_content(
        kind=kind, year_from=year_from, year_to=year_to, month=month, today=today
    )
    spec = SPECS[kind]
    return OfficialDocument.objects.create(
        kind=kind,
        year_from=year_from,
        year_to=year_to,
        month=month,
        issuer=issuer,
        issued_on=today,
        title=spec.type_name,
        summary=summary_for(kind, year_from, year_to, month),
        addressee=spec.addressee,
        introduction=introduction_for(kind, year_from, year_to, month, issuer),
        recipients=recipients_for(kind, issuer),
        authority=issuer.authority,
        signer_title=issuer.signer_title,
        signer_name=issuer.signer_name,
        data={k: v for k, v in content.items() if k != "narrative"},
        data_made_at=timezone.now(),
        created_by=user,
        **content["narrative"],
    )


OFFICIAL_EDITABLE = (
    "issuer",
    "issued_on",
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
    "signer_name",
)


@transaction.atomic
def official_update(*, document: OfficialDocument, user: User, **values) -> OfficialDocument:
    """Save a draft's edited fields (a history entry records who changed what); a finalised
    document is never edited."""
    document = OfficialDocument.objects.select_for_update().get(pk=document.pk)
    if not allows(user, Action.WRITE_OFFICIAL, document):
        raise PermissionDenied
    unknown = set(values) - set(OFFICIAL_EDITABLE)
    if unknown:
        raise ValidationError(f"Không sửa được: {', '.join(sorted(unknown))}.")
    for name, value in values.items():
        setattr(document, name, value)
    if not document.issuer.is_valid_on(document.issued_on):
        raise ValidationError(
            f"{document.issuer.name} không có thẩm quyền ban hành văn bản ngày "
            f"{document.issued_on:%d/%m/%Y} (hiệu lực {document.issuer.period_text})."
        )
    document._change_reason = "Sửa dự thảo"
    document.save()
    return document


@transaction.atomic
def official_refresh(*, document: OfficialDocument, user: User) -> OfficialDocument:
    """Read a draft's figures again from the current data (the text is kept as edited)."""
    from documents.content import build_content

    document = OfficialDocument.objects.select_for_update().get(pk=document.pk)
    if not allows(user, Action.WRITE_OFFICIAL, document):
        raise PermissionDenied
    content = build_content(
        kind=document.kind,
        year_from=document.year_from,
        year_to=document.year_to,
        month=document.month,
        today=timezone.localdate(),
    )
    document.data = {k: v for k, v in content.items() if k != "narrative"}
    document.data_made_at = timezone.now()
    document._change_reason = "Cập nhật số liệu"
    document.save(update_fields=["data", "data_made_at"])
    return document


def _next_number(issuer: ResponsibleBody, year: int) -> int:
    """Return the issuer's next number in the year. Call inside a transaction holding the
    issuer's row lock: two finalisations at once wait for each other, and the database's unique
    constraint refuses a duplicate whatever happens."""
    last = (
        DocumentNumber.objects.filter(issuer=issuer, year=year)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return (last or 0) + 1


def official_finalise(
    *, document: OfficialDocument, user: User, now: datetime.datetime | None = None
) -> OfficialDocument:
    """Finalise a draft: take the issuer's next number for the document's year from the
    register, lock the document, render its PDF and Word files from the stored figures and text
    and store them with their SHA-256. The document it supersedes is marked superseded. All or
    nothing: if rendering fails, no number is taken and no file is left."""
    from documents.official import sheet_for_document
    from documents.pdf import sheet_pdf
    from documents.word import sheet_docx

    storage = OfficialDocument._meta.get_field("pdf").storage
    saved: list[str] = []
    try:
        with transaction.atomic():
            document = (
                OfficialDocument.objects.select_for_update()
                .select_related("issuer")
                .get(pk=document.pk)
            )
            if not allows(user, Action.WRITE_OFFICIAL, document):
                raise PermissionDenied
            missing = [
                label
                for label, value in (
                    ("họ tên người ký", document.signer_name),
                    ("chức vụ người ký", document.signer_title),
                    ("nơi nhận", document.recipients),
                    ("trích yếu", document.summary),
                )
                if not value.strip()
            ]
            if missing:
                raise ValidationError("Chưa ban hành được: thiếu " + ", ".join(missing) + ".")
            issuer = ResponsibleBody.objects.select_for_update().get(pk=document.issuer_id)
            if not issuer.is_valid_on(document.issued_on):
                raise ValidationError(
                    f"{issuer.name} không có thẩm quyền ban hành văn bản ngày "
                    f"{document.issued_on:%d/%m/%Y}."
                )
            year = document.issued_on.year
            DocumentNumber.objects.create(
                issuer=issuer, year=year, number=_next_number(issuer, year), document=document
            )
            document.state = OfficialState.FINAL
            document.finalised_by = user
            document.finalised_at = now or timezone.now()
            document.issuer = issuer
            sheet = sheet_for_document(document)
            pdf_bytes = sheet_pdf(sheet)
            docx_bytes = sheet_docx(sheet)
            stem = document.file_stem
            document.pdf.save(f"{stem}.pdf", ContentFile(pdf_bytes), save=False)
            saved.append(document.pdf.name)
            document.docx.save(f"{stem}.docx", ContentFile(docx_bytes), save=False)
            saved.append(document.docx.name)
            document.pdf_sha256 = hashlib.sha256(pdf_bytes).hexdigest()
            document.docx_sha256 = hashlib.sha256(docx_bytes).hexdigest()
            document._change_reason = "Ban hành"
            document.save()
            if document.supersedes_id:
                old = OfficialDocument.objects.select_for_update().get(pk=document.supersedes_id)
                old.state = OfficialState.SUPERSEDED
                old._change_reason = f"Được thay thế bởi văn bản số {document.number_text}"
                old.save(update_fields=["state"])
    except Exception:
        for name in saved:
            storage.delete(name)
        raise
    return document


@transaction.atomic
def official_supersede(*, document: OfficialDocument, user: User) -> OfficialDocument:
    """Start a draft that will replace a finalised document: a copy of its text and figures,
    linked to it, dated today with the issuer valid today (the old one stays as it was until
    the new one is finalised)."""
    from documents.official import issuer_on

    document = OfficialDocument.objects.select_for_update().get(pk=document.pk)
    if not allows(user, Action.SUPERSEDE_OFFICIAL, document):
        raise PermissionDenied
    today = timezone.localdate()
    issuer = issuer_on(today) or document.issuer
    copy = OfficialDocument(
        supersedes=document,
        issuer=issuer,
        issued_on=today,
        created_by=user,
        state=OfficialState.DRAFT,
        data=document.data,
        data_made_at=document.data_made_at,
    )
    for name in (
        "kind",
        "year_from",
        "year_to",
        "month",
        "title",
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
        "signer_name",
    ):
        setattr(copy, name, getattr(document, name))
    copy._change_reason = f"Thay thế văn bản số {document.number_text}"
    copy.save()
    return copy
