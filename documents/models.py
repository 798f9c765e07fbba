"""Generated documents: PDF and Excel reports asked for by users and rendered by Celery."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wards.models import Ward


class DocumentKind(models.TextChoices):
    WARD_SCORECARD_PDF = "ward_scorecard_pdf", _("Kết quả tiêu chí của phường (PDF)")
    PROGRESS_REPORT_PDF = "progress_report_pdf", _("Báo cáo tiến độ Đề án (PDF)")
    YEAR_WORKBOOK_XLSX = "year_workbook_xlsx", _("Sổ số liệu năm (Excel)")


class DocumentState(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang tạo")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Lỗi")


ACTIVE_DOCUMENT_STATES = (DocumentState.QUEUED, DocumentState.RUNNING)


def document_upload_to(instance: GeneratedDocument, filename: str) -> str:
    """Return a generated storage path under documents/<year>/ (never a user-given name)."""
    suffix = ".xlsx" if instance.kind == DocumentKind.YEAR_WORKBOOK_XLSX else ".pdf"
    return f"documents/{instance.year}/{uuid.uuid4().hex}{suffix}"


class GeneratedDocument(models.Model):
    """A PDF or Excel report asked for by a user, rendered by a Celery task, stored for download.

    `key` names the document (kind and parameters); the database refuses a second queued or
    running job with the same key, so the same document is never rendered twice at once.
    """

    kind = models.CharField(_("loại"), max_length=30, choices=DocumentKind)
    year = models.PositiveSmallIntegerField(_("năm"))
    month = models.PositiveSmallIntegerField(_("tháng"), null=True, blank=True)
    ward = models.ForeignKey(
        Ward,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="generated_documents",
        verbose_name=_("phường"),
    )
    key = models.CharField(_("mã tài liệu"), max_length=100, editable=False)
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=DocumentState, default=DocumentState.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    error = models.TextField(_("lỗi"), blank=True)
    queue_error = models.CharField(_("lỗi khi gửi đi xử lý"), max_length=300, blank=True)
    file = models.FileField(_("tệp"), upload_to=document_upload_to, max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="generated_documents",
        verbose_name=_("người yêu cầu"),
    )
    created_at = models.DateTimeField(_("yêu cầu lúc"), default=timezone.now)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần chạy"), default=0)

    class Meta:
        verbose_name = _("tài liệu đã tạo")
        verbose_name_plural = _("tài liệu đã tạo")
        db_table = "reports_generateddocument"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(state__in=["queued", "running"]),
                name="generated_document_one_active_per_key",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["queued", "running", "done", "failed"]),
                name="generated_document_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(
                    kind__in=["ward_scorecard_pdf", "progress_report_pdf", "year_workbook_xlsx"]
                ),
                name="generated_document_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="generated_document_progress_le_100"
            ),
            models.CheckConstraint(
                condition=Q(month__isnull=True) | Q(month__gte=1, month__lte=12),
                name="generated_document_month_range",
            ),
            models.CheckConstraint(
                condition=~Q(kind="ward_scorecard_pdf") | Q(ward__isnull=False),
                name="generated_document_scorecard_has_ward",
            ),
            models.CheckConstraint(
                condition=Q(kind="progress_report_pdf") | Q(month__isnull=True),
                name="generated_document_month_only_progress",
            ),
            models.CheckConstraint(
                condition=~Q(state="done") | (~Q(file="") & Q(progress=100)),
                name="generated_document_done_has_file",
            ),
        ]
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="document_user_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_text}"

    @property
    def period_text(self) -> str:
        """Return the period in words: 'tháng 10/2025' or 'năm 2025'."""
        if self.month:
            return f"tháng {self.month}/{self.year}"
        return f"năm {self.year}"

    @property
    def is_active(self) -> bool:
        """Return whether the job is waiting or being rendered."""
        return self.state in ACTIVE_DOCUMENT_STATES

    @property
    def download_name(self) -> str:
        """Return the file name offered on download (ASCII, from kind and parameters)."""
        stem = {
            DocumentKind.WARD_SCORECARD_PDF: "ket-qua-tieu-chi",
            DocumentKind.PROGRESS_REPORT_PDF: "bao-cao-tien-do",
            DocumentKind.YEAR_WORKBOOK_XLSX: "so-lieu-nam",
        }[self.kind]
        parts = [stem, self.ward.code] if self.ward_id else [stem]
        parts.append(str(self.year))
        if self.month:
            parts.append(f"{self.month:02d}")
        suffix = ".xlsx" if self.kind == DocumentKind.YEAR_WORKBOOK_XLSX else ".pdf"
        return "-".join(parts) + suffix
