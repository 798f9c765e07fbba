"""Criteria sets (versioned data), yearly results per ward, manual decisions, evidence, jobs."""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wards.models import Ward


class Area(models.TextChoices):
    PARTY_FORCE = "A", _("A. Xây dựng Đảng, lực lượng")
    STATE_MANAGEMENT = "B", _("B. Quản lý nhà nước, phòng chống tội phạm")
    MASS_MOVEMENT = "C", _("C. Phong trào toàn dân, văn minh đô thị")
    PROCEDURES = "D", _("D. Cải cách thủ tục hành chính")
    FACILITIES = "E", _("E. Cơ sở vật chất")


class CriterionKind(models.TextChoices):
    AUTO = "auto", _("Tự động")
    MANUAL = "manual", _("Đánh giá thủ công")
    MIXED = "mixed", _("Tự động và thủ công")


class Result(models.TextChoices):
    MET = "met", _("Đạt")
    NOT_MET = "not_met", _("Không đạt")
    NOT_ASSESSABLE = "not_assessable", _("Chưa đánh giá được")


class CriteriaSet(models.Model):
    """A version of the checklist; it is in force from its effective year until a later one."""

    name = models.CharField(_("tên bộ tiêu chí"), max_length=200)
    effective_year = models.PositiveSmallIntegerField(_("áp dụng từ năm"))
    version = models.PositiveSmallIntegerField(_("phiên bản"))
    notes = models.TextField(_("ghi chú"), blank=True)
    is_active = models.BooleanField(
        _("đang áp dụng"),
        default=True,
        help_text=_(
            "Bản nháp (chưa áp dụng) không được dùng để đánh giá; khi kích hoạt, bộ tiêu chí "
            "được dùng từ năm áp dụng trở đi."
        ),
    )
    activated_at = models.DateTimeField(_("kích hoạt lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("bộ tiêu chí")
        verbose_name_plural = _("bộ tiêu chí")
        ordering = ["effective_year", "version"]
        constraints = [
            models.UniqueConstraint(fields=["version"], name="criteria_set_unique_version"),
            models.UniqueConstraint(
                fields=["effective_year"],
                condition=Q(is_active=True),
                name="criteria_set_unique_active_effective_year",
            ),
            models.CheckConstraint(
                condition=Q(effective_year__gte=2023, effective_year__lte=2100),
                name="criteria_set_year_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version}, {self.effective_year})"


class Criterion(models.Model):
    """One criterion of a set: its target in words, and the rule and thresholds that check it."""

    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.PROTECT, related_name="criteria", verbose_name=_("bộ")
    )
    number = models.PositiveSmallIntegerField(_("số"))
    area = models.CharField(_("lĩnh vực"), max_length=1, choices=Area)
    title_vi = models.CharField(_("tên (tiếng Việt)"), max_length=400)
    title_en = models.CharField(_("tên (tiếng Anh)"), max_length=400)
    target_text = models.CharField(_("chỉ tiêu"), max_length=300)
    kind = models.CharField(_("cách đánh giá"), max_length=10, choices=CriterionKind)
    rule_key = models.CharField(_("quy tắc"), max_length=50, blank=True)
    thresholds = models.JSONField(_("ngưỡng"), default=dict, blank=True)

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["criteria_set", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_set", "number"], name="criterion_unique_set_number"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["auto", "manual", "mixed"]), name="criterion_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind="manual") | ~Q(rule_key=""), name="criterion_auto_has_rule"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title_vi}"

    @property
    def title(self) -> str:
        """Return the title in the active language (English when chosen and filled in)."""
        if self.title_en and (get_language() or "").startswith("en"):
            return self.title_en
        return self.title_vi

    @property
    def needs_decision(self) -> bool:
        """Return whether a reviewer's decision is part of the result (manual or mixed)."""
        return self.kind in {CriterionKind.MANUAL, CriterionKind.MIXED}


class CriterionResult(models.Model):
    """A criterion's result for a ward and year, with the figures and sentence behind it."""

    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, related_name="criterion_results", verbose_name=_("phường")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="results", verbose_name=_("tiêu chí")
    )
    result = models.CharField(_("kết quả"), max_length=20, choices=Result)
    measured_text = models.CharField(_("giá trị đo được"), max_length=300, blank=True)
    measured_value = models.DecimalField(
        _("giá trị (số)"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    target_text = models.CharField(_("chỉ tiêu"), max_length=300)
    explanation = models.TextField(_("giải thích"))
    inputs = models.JSONField(_("số liệu đầu vào"), default=dict)
    data_fingerprint = models.CharField(_("mã đối chiếu số liệu"), max_length=64)
    computed_at = models.DateTimeField(_("tính lúc"))

    class Meta:
        verbose_name = _("kết quả tiêu chí")
        verbose_name_plural = _("kết quả tiêu chí")
        ordering = ["year", "ward__name", "criterion__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["ward", "year", "criterion"], name="criterion_result_unique"
            ),
            models.CheckConstraint(
                condition=Q(result__in=["met", "not_met", "not_assessable"]),
                name="criterion_result_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ward} — {self.year} — {self.criterion.number}: {self.result}"


class Scorecard(models.Model):
    """A ward's checklist total for a year: met of in force, and whether it is a model ward."""

    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, related_name="scorecards", verbose_name=_("phường")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.PROTECT, related_name="scorecards", verbose_name=_("bộ")
    )
    met_count = models.PositiveSmallIntegerField(_("số tiêu chí đạt"))
    not_met_count = models.PositiveSmallIntegerField(_("số tiêu chí không đạt"))
    not_assessable_count = models.PositiveSmallIntegerField(_("số tiêu chí chưa đánh giá được"))
    in_force_count = models.PositiveSmallIntegerField(_("số tiêu chí áp dụng"))
    is_model_ward = models.BooleanField(_("đạt kiểu mẫu"))
    provisional_month = models.PositiveSmallIntegerField(
        _("tạm tính đến tháng"),
        null=True,
        blank=True,
        help_text=_(
            "Trống khi cả năm đã được đánh giá; có giá trị khi năm chưa kết thúc và kết quả chỉ "
            "tính đến tháng này."
        ),
    )
    data_summary = models.JSONField(_("số liệu đã dùng"), default=dict)
    data_fingerprint = models.CharField(_("mã đối chiếu số liệu"), max_length=64)
    computed_at = models.DateTimeField(_("tính lúc"))

    class Meta:
        verbose_name = _("kết quả đánh giá tiêu chí")
        verbose_name_plural = _("kết quả đánh giá tiêu chí")
        ordering = ["-year", "ward__name"]
        constraints = [
            models.UniqueConstraint(fields=["ward", "year"], name="scorecard_unique_ward_year"),
            models.CheckConstraint(
                condition=Q(
                    in_force_count=models.F("met_count")
                    + models.F("not_met_count")
                    + models.F("not_assessable_count")
                ),
                name="scorecard_counts_add_up",
            ),
            models.CheckConstraint(
                condition=Q(is_model_ward=False)
                | Q(met_count=models.F("in_force_count"), in_force_count__gt=0),
                name="scorecard_model_ward_all_met",
            ),
            models.CheckConstraint(
                condition=Q(provisional_month__isnull=True)
                | Q(provisional_month__gte=1, provisional_month__lte=12, is_model_ward=False),
                name="scorecard_provisional_month_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ward} — {self.year}: {self.met_count}/{self.in_force_count}"

    @property
    def is_provisional(self) -> bool:
        """Return whether the year was unfinished when scored (months 1..provisional_month)."""
        return self.provisional_month is not None

    @property
    def provisional_label(self) -> str:
        """Return 'Tạm tính đến tháng 10/2026', or '' for a complete year."""
        if self.provisional_month is None:
            return ""
        return _("Tạm tính đến tháng %(month)s/%(year)s") % {
            "month": self.provisional_month,
            "year": self.year,
        }


class Decision(models.TextChoices):
    MET = "met", _("Đạt")
    NOT_MET = "not_met", _("Không đạt")


class ManualDecision(models.Model):
    """A provincial reviewer's decision on a manual (or the manual part of a mixed) criterion."""

    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, related_name="manual_decisions", verbose_name=_("phường")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("tiêu chí")
    )
    decision = models.CharField(_("kết luận"), max_length=10, choices=Decision)
    note = models.TextField(_("nhận xét"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="criterion_decisions",
        verbose_name=_("người đánh giá"),
    )
    decided_at = models.DateTimeField(_("đánh giá lúc"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đánh giá thủ công")
        verbose_name_plural = _("đánh giá thủ công")
        ordering = ["-year", "ward__name", "criterion__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["ward", "year", "criterion"], name="manual_decision_unique"
            ),
            models.CheckConstraint(
                condition=Q(decision__in=["met", "not_met"]), name="manual_decision_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ward} — {self.year} — {self.criterion.number}: {self.decision}"


def evidence_upload_to(instance: EvidenceFile, filename: str) -> str:
    """Return a generated storage path; the user's file name is never used on disk."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"evidence/{instance.year}/{uuid.uuid4().hex}{suffix}"


class EvidenceFile(models.Model):
    """A document supporting a criterion for a ward and year (PDF, image or Office file)."""

    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, related_name="evidence_files", verbose_name=_("phường")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="evidence", verbose_name=_("tiêu chí")
    )
    file = models.FileField(_("tệp"), upload_to=evidence_upload_to, max_length=200)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    description = models.CharField(_("mô tả"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="evidence_files",
        verbose_name=_("người tải lên"),
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tệp minh chứng")
        verbose_name_plural = _("tệp minh chứng")
        ordering = ["-uploaded_at"]
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="evidence_file_not_empty"),
        ]

    def __str__(self) -> str:
        return self.original_name


class JobState(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang chạy")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Lỗi")


class ScoringJob(models.Model):
    """A request to score a year, and how far it got (shown to reviewers)."""

    year = models.PositiveSmallIntegerField(_("năm"))
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=JobState, default=JobState.QUEUED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="scoring_jobs",
        verbose_name=_("người yêu cầu"),
    )
    wards_total = models.PositiveSmallIntegerField(_("số phường"), default=0)
    wards_done = models.PositiveSmallIntegerField(_("số phường đã đánh giá"), default=0)
    error = models.TextField(_("lỗi"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    enqueued_at = models.DateTimeField(
        _("gửi đi xử lý lúc"),
        null=True,
        blank=True,
        help_text=_("Trống khi hệ thống xử lý tạm ngừng lúc yêu cầu; yêu cầu sẽ được gửi lại sau."),
    )
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lượt đánh giá tiêu chí")
        verbose_name_plural = _("lượt đánh giá tiêu chí")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["queued", "running", "done", "failed"]),
                name="scoring_job_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(wards_done__lte=models.F("wards_total")),
                name="scoring_job_progress_le_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.state}"

    @property
    def progress_pct(self) -> int:
        """Return the share of wards scored, in whole percent."""
        if not self.wards_total:
            return 100 if self.state == JobState.DONE else 0
        return self.wards_done * 100 // self.wards_total


STARTING_POINT_SOURCE = "Đề án 2023, tự đánh giá"


class StartingAssessment(models.Model):
    """A ward's starting self-assessment against the Ministry's provisional criteria, as the
    Đề án reports it for 2022 (Hoàng Văn Thụ 18/22, the other four 15-18/22). Where the source
    gives only a range, `met` is the value assumed (the low end) and `met_max` the range's top:
    shown "(giả định)"."""

    ward = models.ForeignKey(
        Ward,
        on_delete=models.PROTECT,
        related_name="starting_assessments",
        verbose_name=_("phường"),
    )
    year = models.PositiveSmallIntegerField(_("năm"), default=2022)
    met = models.PositiveSmallIntegerField(_("số tiêu chí đạt"))
    met_max = models.PositiveSmallIntegerField(
        _("số tiêu chí đạt, cận trên"),
        null=True,
        blank=True,
        help_text=_("Khi nguồn chỉ nêu một khoảng (ví dụ 15-18): số lớn nhất của khoảng."),
    )
    out_of = models.PositiveSmallIntegerField(_("trên tổng số tiêu chí"), default=22)
    source = models.CharField(_("nguồn"), max_length=200, default=STARTING_POINT_SOURCE)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("điểm xuất phát (tự đánh giá)")
        verbose_name_plural = _("điểm xuất phát (tự đánh giá)")
        ordering = ["year", "ward__sort_name"]
        constraints = [
            models.UniqueConstraint(fields=["ward", "year"], name="starting_assessment_one_a_year"),
            models.CheckConstraint(
                condition=Q(met__lte=models.F("out_of")), name="starting_assessment_met_le_total"
            ),
            models.CheckConstraint(
                condition=Q(met_max__isnull=True)
                | (Q(met_max__gte=models.F("met")) & Q(met_max__lte=models.F("out_of"))),
                name="starting_assessment_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ward} {self.year}: {self.met}/{self.out_of}"

    @property
    def is_assumption(self) -> bool:
        """Return whether the value is assumed from a range the source gives."""
        return self.met_max is not None and self.met_max != self.met
