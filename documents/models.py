"""Generated documents: PDF and Excel reports asked for by users and rendered by Celery."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wards.models import ResponsibleBody, Ward


class DocumentKind(models.TextChoices):
    WARD_SCORECARD_PDF = "ward_scorecard_pdf", _("Kết quả tiêu chí của phường (PDF)")
    PROGRESS_REPORT_PDF = "progress_report_pdf", _("Báo cáo tiến độ Đề án (PDF)")
    YEAR_WORKBOOK_XLSX = "year_workbook_xlsx", _("Sổ số liệu năm (Excel)")
    OFFICIAL_PDF = "official_pdf", _("Văn bản (bản dự thảo, PDF)")
    OFFICIAL_DOCX = "official_docx", _("Văn bản (bản dự thảo, Word)")


OFFICIAL_KINDS = (DocumentKind.OFFICIAL_PDF, DocumentKind.OFFICIAL_DOCX)


class DocumentState(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang tạo")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Lỗi")


ACTIVE_DOCUMENT_STATES = (DocumentState.QUEUED, DocumentState.RUNNING)


def document_upload_to(instance: GeneratedDocument, filename: str) -> str:
    """Return a generated storage path under documents/<year>/ (never a user-given name)."""
    return f"documents/{instance.year}/{uuid.uuid4().hex}{instance.suffix}"


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
    official = models.ForeignKey(
        "OfficialDocument",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="renderings",
        verbose_name=_("văn bản"),
    )

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
                    kind__in=[
                        "ward_scorecard_pdf",
                        "progress_report_pdf",
                        "year_workbook_xlsx",
                        "official_pdf",
                        "official_docx",
                    ]
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
            models.CheckConstraint(
                condition=Q(kind__in=["official_pdf", "official_docx"], official__isnull=False)
                | (~Q(kind__in=["official_pdf", "official_docx"]) & Q(official__isnull=True)),
                name="generated_document_official_kinds_have_document",
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
    def suffix(self) -> str:
        """Return the file name extension of the kind: .pdf, .xlsx or .docx."""
        if self.kind == DocumentKind.YEAR_WORKBOOK_XLSX:
            return ".xlsx"
        if self.kind == DocumentKind.OFFICIAL_DOCX:
            return ".docx"
        return ".pdf"

    @property
    def download_name(self) -> str:
        """Return the file name offered on download (ASCII, from kind and parameters)."""
        if self.official_id:
            return f"{self.official.file_stem}-du-thao{self.suffix}"
        stem = {
            DocumentKind.WARD_SCORECARD_PDF: "ket-qua-tieu-chi",
            DocumentKind.PROGRESS_REPORT_PDF: "bao-cao-tien-do",
            DocumentKind.YEAR_WORKBOOK_XLSX: "so-lieu-nam",
        }[self.kind]
        parts = [stem, self.ward.code] if self.ward_id else [stem]
        parts.append(str(self.year))
        if self.month:
            parts.append(f"{self.month:02d}")
        return "-".join(parts) + self.suffix


# --- official documents (Nghị định 30/2020/NĐ-CP) ----------------------------------------------


class OfficialKind(models.TextChoices):
    MONTHLY_CHECK = "monthly_check", _("Báo cáo kiểm tra hằng tháng của Ban Chỉ đạo")
    YEAR_PROGRESS = "year_progress", _("Báo cáo tiến độ năm")
    REVIEW_FIRST_YEAR = "review_first_year", _("Báo cáo sơ kết 01 năm")
    REVIEW_PHASE = "review_phase", _("Báo cáo sơ kết giai đoạn")
    FINAL_REVIEW = "final_review", _("Báo cáo tổng kết Đề án")
    COMMENDATION = "commendation", _("Tờ trình đề nghị khen thưởng")


class OfficialState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    FINAL = "final", _("Đã ban hành")
    SUPERSEDED = "superseded", _("Đã được thay thế")


NARRATIVE_SECTIONS = (
    ("results", _("Kết quả đạt được")),
    ("shortcomings", _("Tồn tại, hạn chế")),
    ("causes", _("Nguyên nhân")),
    ("directions", _("Phương hướng, nhiệm vụ")),
    ("proposals", _("Kiến nghị, đề xuất")),
)


def official_upload_to(instance: OfficialDocument, filename: str) -> str:
    """Return a generated storage path for a finalised document's PDF or Word file."""
    suffix = ".docx" if filename.endswith(".docx") else ".pdf"
    return f"official/{instance.year_to}/{uuid.uuid4().hex}{suffix}"


class OfficialDocument(models.Model):
    """A report or proposal in the state format: a draft the reviewer edits in sections (with
    history), then finalised: numbered from the issuer's register, locked, its PDF and Word
    files stored with the figures they were made from. A finalised document is never edited;
    it can be superseded by a new draft linked to it."""

    kind = models.CharField(_("loại văn bản"), max_length=20, choices=OfficialKind)
    year_from = models.PositiveSmallIntegerField(_("từ năm"))
    year_to = models.PositiveSmallIntegerField(_("đến năm"))
    month = models.PositiveSmallIntegerField(_("tháng"), null=True, blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=12, choices=OfficialState, default=OfficialState.DRAFT
    )
    issuer = models.ForeignKey(
        ResponsibleBody,
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("cơ quan"),
    )
    issued_on = models.DateField(_("ngày văn bản"))
    title = models.CharField(_("tên loại văn bản"), max_length=100)
    summary = models.CharField(_("trích yếu"), max_length=400)
    addressee = models.CharField(_("kính gửi"), max_length=200, blank=True)
    introduction = models.TextField(_("mở đầu"), blank=True)
    results = models.TextField(_("kết quả đạt được"), blank=True)
    shortcomings = models.TextField(_("tồn tại, hạn chế"), blank=True)
    causes = models.TextField(_("nguyên nhân"), blank=True)
    directions = models.TextField(_("phương hướng, nhiệm vụ"), blank=True)
    proposals = models.TextField(_("kiến nghị, đề xuất"), blank=True)
    recipients = models.TextField(_("nơi nhận"), blank=True, help_text=_("Mỗi dòng một nơi nhận."))
    authority = models.CharField(_("thẩm quyền ký"), max_length=100, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=100, blank=True)
    signer_name = models.CharField(_("họ tên người ký"), max_length=100, blank=True)
    data = models.JSONField(_("số liệu"), default=dict, editable=False)
    data_made_at = models.DateTimeField(_("lấy số liệu lúc"), null=True, blank=True)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("thay thế văn bản"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người tạo"),
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người ban hành"),
    )
    finalised_at = models.DateTimeField(_("ban hành lúc"), null=True, blank=True)
    pdf = models.FileField(_("tệp PDF"), upload_to=official_upload_to, max_length=200, blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 của PDF"), max_length=64, blank=True)
    docx = models.FileField(_("tệp Word"), upload_to=official_upload_to, max_length=200, blank=True)
    docx_sha256 = models.CharField(_("SHA-256 của tệp Word"), max_length=64, blank=True)
    history = HistoricalRecords(excluded_fields=["data"])

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year_from__lte=F("year_to")), name="official_years_ordered"
            ),
            models.CheckConstraint(
                condition=Q(month__isnull=True) | Q(month__gte=1, month__lte=12),
                name="official_month_range",
            ),
            models.CheckConstraint(
                condition=Q(state="draft")
                | (~Q(pdf="") & ~Q(docx="") & Q(finalised_at__isnull=False)),
                name="official_final_has_files",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_text}"

    @property
    def period_text(self) -> str:
        if self.month:
            return f"tháng {self.month}/{self.year_to}"
        if self.year_from == self.year_to:
            return f"năm {self.year_to}"
        return f"{self.year_from}-{self.year_to}"

    @property
    def is_draft(self) -> bool:
        return self.state == OfficialState.DRAFT

    @property
    def number_text(self) -> str:
        """Return "12/BC-CAT" once numbered, "     /BC-CAT" (blank for the number) before."""
        from documents.official import symbol

        number = getattr(self, "register_entry", None)
        return symbol(
            number.number if number else None, kind=self.kind, abbreviation=self.issuer.abbreviation
        )

    @property
    def file_stem(self) -> str:
        """Return an ASCII file name stem: kind, period and number when there is one."""
        parts = [self.kind.replace("_", "-"), str(self.year_from)]
        if self.year_to != self.year_from:
            parts.append(str(self.year_to))
        if self.month:
            parts.append(f"{self.month:02d}")
        number = getattr(self, "register_entry", None)
        if number:
            parts.append(f"so-{number.number}")
        return "-".join(parts)

    def sections(self) -> list[tuple[str, str, str]]:
        """Return (field, heading, text) of the five narrative sections, in order."""
        return [(name, str(label), getattr(self, name)) for name, label in NARRATIVE_SECTIONS]


class DocumentNumber(models.Model):
    """The numbering register: one row per number an issuer gave in a year, assigned when a
    document is finalised and never reused (rows are never deleted; the database refuses a
    second row with the same issuer, year and number)."""

    issuer = models.ForeignKey(
        ResponsibleBody, on_delete=models.PROTECT, related_name="numbers", verbose_name=_("cơ quan")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số"))
    document = models.OneToOneField(
        OfficialDocument,
        on_delete=models.PROTECT,
        related_name="register_entry",
        verbose_name=_("văn bản"),
    )
    assigned_at = models.DateTimeField(_("cấp lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("số văn bản")
        verbose_name_plural = _("sổ đăng ký số văn bản")
        ordering = ["issuer", "year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "year", "number"], name="document_number_unique_per_issuer_year"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="document_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number}/{self.year} — {self.issuer.abbreviation}"
