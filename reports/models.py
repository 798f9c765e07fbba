"""Ward statistics: yearly totals for the years before monthly entry (2022 from the Đề án)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wards.models import Ward


class BaselineSource(models.TextChoices):
    DECISION = "decision", _("Đề án (Quyết định của UBND tỉnh)")
    ENTERED = "entered", _("Nhập bởi Công an tỉnh")
    DEMO = "demo", _("Đề án; số liệu còn thiếu bổ sung bằng dữ liệu mẫu")


class BaselineTotals(models.Model):
    """A ward's yearly incident totals for a year before monthly entry; empty means unknown."""

    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, related_name="baselines", verbose_name=_("phường")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    criminal_cases = models.PositiveIntegerField(_("vụ việc hình sự"), null=True, blank=True)
    economic_environment_cases = models.PositiveIntegerField(
        _("vụ việc về kinh tế, môi trường"), null=True, blank=True
    )
    drug_cases = models.PositiveIntegerField(_("vụ việc về ma túy"), null=True, blank=True)
    administrative_violations = models.PositiveIntegerField(
        _("vụ vi phạm hành chính"), null=True, blank=True
    )
    # Figures the year-on-year criteria need; the Đề án gives none of them for 2022.
    social_order_crimes = models.PositiveIntegerField(
        _("tội phạm về trật tự xã hội"), null=True, blank=True
    )
    hot_spots = models.PositiveIntegerField(_("tụ điểm phức tạp (cuối năm)"), null=True, blank=True)
    drug_addicts = models.PositiveIntegerField(
        _("người nghiện ma túy (cuối năm)"), null=True, blank=True
    )
    fugitives_caught_or_surrendered = models.PositiveIntegerField(
        _("đối tượng truy nã bị bắt hoặc ra đầu thú"), null=True, blank=True
    )
    source = models.CharField(
        _("nguồn"), max_length=20, choices=BaselineSource, default=BaselineSource.ENTERED
    )
    # A yearly figure cannot be split into months; only an administrator's choice lets the
    # scoring estimate part of the year from it (marked "ước tính" wherever it is used).
    prorate_by_month = models.BooleanField(
        _("cho phép ước tính theo tháng"),
        default=False,
        help_text=_(
            "Khi cần so sánh một phần của năm (ví dụ 6 tháng cuối năm) mà chỉ có số liệu cả "
            "năm: lấy số liệu cả năm × số tháng cần so sánh / số tháng của năm, làm tròn đến số "
            "nguyên gần nhất, và ghi rõ là số liệu ước tính. Không chọn: tiêu chí được ghi "
            "“Chưa đánh giá được” kèm lý do."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("số liệu năm gốc")
        verbose_name_plural = _("số liệu năm gốc")
        ordering = ["year", "ward__name"]
        constraints = [
            models.UniqueConstraint(fields=["ward", "year"], name="baseline_unique_ward_year"),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="baseline_year_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ward} — {self.year}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Đã gửi duyệt")
    RETURNED = "returned", _("Bị trả lại")
    APPROVED = "approved", _("Đã duyệt")


EDITABLE_STATUSES = (ReportStatus.DRAFT, ReportStatus.RETURNED)


def _count(label: str, help_text: str = "") -> models.PositiveIntegerField:
    """Return a non-negative whole-number field with a Vietnamese label."""
    return models.PositiveIntegerField(label, default=0, help_text=help_text)


def _user_link(label: str) -> models.ForeignKey:
    """Return an optional link to the user who did something to a report."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=label,
    )


def _workflow_constraints(prefix: str) -> list[models.CheckConstraint]:
    """Return the workflow checks (the reason of a return is constrained on ReportTransition)."""
    return [
        models.CheckConstraint(condition=Q(version__gte=1), name=f"{prefix}_version_positive"),
    ]


class ReviewedReport(models.Model):
    """Who entered, submitted and reviewed a report, and why it was last returned."""

    submitted_by = _user_link(_("người gửi duyệt"))
    reviewed_by = _user_link(_("người duyệt"))
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), null=True, blank=True)
    updated_by = _user_link(_("người cập nhật"))

    class Meta:
        abstract = True

    @property
    def is_editable(self) -> bool:
        """Return whether the ward may still change the figures (draft or returned)."""
        return self.status in EDITABLE_STATUSES

    @property
    def is_locked(self) -> bool:
        """Return whether the report is approved, hence read-only until a reviewer reopens it."""
        return self.status == ReportStatus.APPROVED


class MonthlyReport(ReviewedReport):
    """A ward's statistics for one month: the figures the auto criteria are computed from.

    Flows (cases, new addicts, ...) count what happened in the month; stocks (addicts, hot
    spots, managed subjects) are the situation at the month's end.
    """

    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, related_name="monthly_reports", verbose_name=_("phường")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    month = models.PositiveSmallIntegerField(_("tháng"))
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=ReportStatus, default=ReportStatus.DRAFT
    )
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)
    first_submitted_at = models.DateTimeField(_("gửi lần đầu lúc"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("gửi duyệt lúc"), null=True, blank=True)
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)

    # Incidents by category (criterion 9 and the trends)
    criminal_cases = _count(_("vụ việc hình sự"))
    economic_environment_cases = _count(_("vụ việc về kinh tế, môi trường"))
    drug_cases = _count(_("vụ việc về ma túy"))
    administrative_violations = _count(_("vụ vi phạm hành chính"))
    social_order_crimes = _count(_("tội phạm về trật tự xã hội"))
    serious_resident_crimes = _count(
        _("tội phạm nghiêm trọng trở lên, lỗi cố ý, do công dân cư trú gây ra")
    )
    # Hot spots (criterion 10): existing at month end, and newly formed in the month
    hot_spots = _count(_("tụ điểm phức tạp (cuối tháng)"))
    new_hot_spots = _count(_("tụ điểm phức tạp phát sinh mới"))
    # Economic crime (criterion 11)
    large_economic_cases = _count(
        _("vụ phạm tội kinh tế, buôn lậu, hàng giả, hàng cấm số lượng lớn hoặc tái phạm")
    )
    # Drugs (criterion 12)
    drug_addicts = _count(_("người nghiện ma túy (cuối tháng)"))
    new_drug_addicts = _count(_("người nghiện mới phát sinh"))
    # Managed subjects and reoffending (criterion 7)
    managed_subjects = _count(_("đối tượng thuộc diện quản lý (cuối tháng)"))
    managed_subjects_supervised = _count(_("đối tượng được quản lý, giám sát (cuối tháng)"))
    reoffenders = _count(_("đối tượng tái phạm"))
    # Fugitives (criterion 13)
    fugitives_caught = _count(_("đối tượng truy nã bị bắt"))
    fugitives_surrendered = _count(_("đối tượng truy nã ra đầu thú"))
    # Crime reports and tips (criterion 8); still open at the month's end = carried over +
    # received − handled, which the next month carries over (see reports.rules.CARRY_OVERS)
    crime_reports_carried_over = _count(_("tố giác, tin báo tội phạm tồn kỳ trước"))
    crime_reports_received = _count(_("tố giác, tin báo tội phạm tiếp nhận"))
    crime_reports_handled = _count(_("tố giác, tin báo tội phạm đã xử lý"))
    # Zero-tolerance events (criteria 6 and 14)
    serious_fires = _count(_("vụ cháy, nổ nghiêm trọng trở lên"))
    illegal_racing = _count(_("vụ đua xe trái phép"))
    violent_organised_crime = _count(_("vụ tội phạm manh động, kiểu xã hội đen"))
    mass_complaints = _count(_("vụ khiếu kiện đông người, vượt cấp trái pháp luật"))
    # Administrative procedures (criterion 20); carried over as for crime reports
    procedures_carried_over = _count(_("thủ tục hành chính tồn kỳ trước"))
    procedures_received = _count(_("thủ tục hành chính tiếp nhận"))
    procedures_on_time = _count(_("thủ tục giải quyết đúng hạn"))
    procedures_early = _count(_("thủ tục giải quyết trước hạn"))
    procedures_late = _count(_("thủ tục giải quyết quá hạn"))
    # Citizens (criteria 17 and 21)
    feedback_received = _count(_("ý kiến đóng góp của Nhân dân tiếp nhận"))
    feedback_resolved = _count(_("ý kiến đóng góp đã giải quyết"))
    officer_complaints_substantiated = _count(_("đơn thư phản ánh cán bộ được xác minh là đúng"))

    # Fields whose value lies far outside the ward's own history (a warning, never a refusal)
    outlier_fields = models.JSONField(_("số liệu bất thường cần xem lại"), default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("báo cáo tháng")
        verbose_name_plural = _("báo cáo tháng")
        ordering = ["-year", "-month", "ward__name"]
        # One month across every ward: the completeness totals on the dashboard are read from
        # this index alone (PostgreSQL; other databases ignore the included columns).
        indexes = [
            models.Index(
                fields=["year", "month"],
                include=["ward", "status", "first_submitted_at"],
                name="monthly_report_year_month_idx",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["ward", "year", "month"], name="monthly_report_unique_ward_month"
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="monthly_report_month_range"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2023, year__lte=2100), name="monthly_report_year_range"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "returned", "approved"]),
                name="monthly_report_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(crime_reports_carried_over__gte=0),
                name="monthly_report_crime_reports_carried_over_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(procedures_carried_over__gte=0),
                name="monthly_report_procedures_carried_over_not_negative",
            ),
            models.CheckConstraint(
                # handled ≤ received + carried over, written so that no sum can overflow
                condition=Q(
                    crime_reports_received__gte=models.F("crime_reports_handled")
                    - models.F("crime_reports_carried_over")
                ),
                name="monthly_report_crime_reports_handled_le_open",
            ),
            models.CheckConstraint(
                condition=Q(procedures_early__lte=models.F("procedures_on_time")),
                name="monthly_report_procedures_early_le_on_time",
            ),
            models.CheckConstraint(
                condition=Q(
                    procedures_received__gte=models.F("procedures_on_time")
                    - models.F("procedures_carried_over")
                    + models.F("procedures_late")
                ),
                name="monthly_report_procedures_settled_le_open",
            ),
            models.CheckConstraint(
                condition=Q(feedback_resolved__lte=models.F("feedback_received")),
                name="monthly_report_feedback_resolved_le_received",
            ),
            models.CheckConstraint(
                condition=Q(managed_subjects_supervised__lte=models.F("managed_subjects")),
                name="monthly_report_supervised_le_managed",
            ),
            models.CheckConstraint(
                condition=Q(new_hot_spots__lte=models.F("hot_spots")),
                name="monthly_report_new_hot_spots_le_hot_spots",
            ),
            models.CheckConstraint(
                condition=Q(new_drug_addicts__lte=models.F("drug_addicts")),
                name="monthly_report_new_addicts_le_addicts",
            ),
            models.CheckConstraint(
                condition=Q(
                    procedures_received__gte=models.F("procedures_on_time")
                    - models.F("procedures_carried_over")
                ),
                name="monthly_report_procedures_on_time_le_open",
            ),
            models.CheckConstraint(
                condition=Q(
                    procedures_received__gte=models.F("procedures_late")
                    - models.F("procedures_carried_over")
                ),
                name="monthly_report_procedures_late_le_open",
            ),
            *_workflow_constraints("monthly_report"),
        ]

    def __str__(self) -> str:
        return f"{self.ward} — {self.month:02d}/{self.year}"


class YearlyReport(ReviewedReport):
    """A ward's yearly civility and mass-movement figures (criteria 15-20)."""

    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, related_name="yearly_reports", verbose_name=_("phường")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=ReportStatus, default=ReportStatus.DRAFT
    )
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)
    first_submitted_at = models.DateTimeField(_("gửi lần đầu lúc"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("gửi duyệt lúc"), null=True, blank=True)
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)

    residential_groups = _count(_("tổ dân phố"))
    cultured_residential_groups = _count(_("tổ dân phố được công nhận “Tổ dân phố văn hóa”"))
    groups_with_convention = _count(_("tổ dân phố xây dựng và thực hiện tốt quy ước"))
    households = _count(_("hộ gia đình"))
    cultured_households = _count(_("hộ được công nhận “Gia đình văn hóa”"))
    civilised_households = _count(_("hộ thực hiện tốt nếp sống văn minh"))
    roadside_households = _count(_("hộ sinh sống ven các tuyến đường"))
    roadside_pledged_households = _count(_("hộ ven đường cam kết không lấn chiếm vỉa hè"))
    businesses = _count(_("cơ sở sản xuất, kinh doanh"))
    compliant_businesses = _count(_("cơ sở đạt tiêu chuẩn môi trường, an toàn thực phẩm"))
    safety_units = _count(_("khu dân cư, cơ quan, doanh nghiệp"))
    safe_units = _count(_("khu dân cư, cơ quan, doanh nghiệp đạt “An toàn về ANTT”"))
    self_managed_models_good = _count(_("mô hình tự quản về ANTT được đánh giá chất lượng"))
    dan_van_kheo_models = _count(_("mô hình “Dân vận khéo” được đánh giá chất lượng"))
    commendations = _count(_("lượt tập thể, cá nhân được khen thưởng trong phong trào"))
    civil_defence_breaches = _count(_("vi phạm kỷ luật của Bảo vệ dân phố, Dân phòng"))
    procedures_total = _count(_("thủ tục hành chính thuộc thẩm quyền"))
    procedures_published = _count(_("thủ tục hành chính được công khai"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("báo cáo năm")
        verbose_name_plural = _("báo cáo năm")
        ordering = ["-year", "ward__name"]
        constraints = [
            models.UniqueConstraint(fields=["ward", "year"], name="yearly_report_unique_ward_year"),
            models.CheckConstraint(
                condition=Q(year__gte=2023, year__lte=2100), name="yearly_report_year_range"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "returned", "approved"]),
                name="yearly_report_status_valid",
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{part}__lte": models.F(whole)}),
                    name=f"yearly_report_{part}_le_{whole}",
                )
                for part, whole in [
                    ("cultured_residential_groups", "residential_groups"),
                    ("groups_with_convention", "residential_groups"),
                    ("cultured_households", "households"),
                    ("civilised_households", "households"),
                    ("roadside_households", "households"),
                    ("roadside_pledged_households", "roadside_households"),
                    ("compliant_businesses", "businesses"),
                    ("safe_units", "safety_units"),
                    ("procedures_published", "procedures_total"),
                ]
            ],
            *_workflow_constraints("yearly_report"),
        ]

    def __str__(self) -> str:
        return f"{self.ward} — {self.year}"


class TransitionAction(models.TextChoices):
    SUBMIT = "submit", _("Gửi duyệt")
    APPROVE = "approve", _("Duyệt")
    RETURN = "return", _("Trả lại")
    REOPEN = "reopen", _("Mở lại để sửa")
    WITHDRAW = "withdraw", _("Rút lại")


class ReportTransition(models.Model):
    """One status change of a monthly or yearly report: who, when, from, to and why."""

    monthly_report = models.ForeignKey(
        MonthlyReport,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="transitions",
        verbose_name=_("báo cáo tháng"),
    )
    yearly_report = models.ForeignKey(
        YearlyReport,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="transitions",
        verbose_name=_("báo cáo năm"),
    )
    action = models.CharField(_("thao tác"), max_length=20, choices=TransitionAction)
    from_status = models.CharField(_("từ trạng thái"), max_length=20, choices=ReportStatus)
    to_status = models.CharField(_("sang trạng thái"), max_length=20, choices=ReportStatus)
    actor = _user_link(_("người thực hiện"))
    reason = models.TextField(_("lý do"), blank=True)
    created_at = models.DateTimeField(_("lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("chuyển trạng thái báo cáo")
        verbose_name_plural = _("chuyển trạng thái báo cáo")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(monthly_report__isnull=False) & Q(yearly_report__isnull=True))
                | (Q(monthly_report__isnull=True) & Q(yearly_report__isnull=False)),
                name="report_transition_one_report",
            ),
            models.CheckConstraint(
                condition=~Q(action__in=["return", "reopen"]) | ~Q(reason=""),
                name="report_transition_reason_required",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.from_status} → {self.to_status})"


class NotificationKind(models.TextChoices):
    RETURNED = "returned", _("Báo cáo bị trả lại")
    REOPENED = "reopened", _("Báo cáo được mở lại")
    APPROVED = "approved", _("Báo cáo đã được duyệt")
    REMINDER_DUE = "reminder_due", _("Nhắc hạn báo cáo")
    REMINDER_LATE = "reminder_late", _("Báo cáo quá hạn")


class Notification(models.Model):
    """A message in the app for one user; dedupe_key keeps a reminder from being sent twice."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("người nhận"),
    )
    kind = models.CharField(_("loại"), max_length=20, choices=NotificationKind)
    text = models.CharField(_("nội dung"), max_length=500)
    link = models.CharField(_("liên kết"), max_length=300, blank=True)
    is_read = models.BooleanField(_("đã đọc"), default=False)
    created_at = models.DateTimeField(_("lúc"), default=timezone.now)
    dedupe_key = models.CharField(_("mã tránh gửi trùng"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="notification_unique_recipient_key",
            ),
        ]
        indexes = [models.Index(fields=["recipient", "is_read"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.text


TOTALLED_FIELDS = (
    "criminal_cases",
    "economic_environment_cases",
    "drug_cases",
    "administrative_violations",
)


class MonthTotals(models.Model):
    """The province's approved monthly reports of one month, counted and summed (the province
    dashboard reads these few rows instead of every ward's reports); kept current by
    reports/totals.py in the transaction that approves or reopens a report."""

    year = models.PositiveSmallIntegerField(_("năm"))
    month = models.PositiveSmallIntegerField(_("tháng"))
    approved_reports = models.PositiveIntegerField(_("số báo cáo đã duyệt"), default=0)
    criminal_cases = models.PositiveBigIntegerField(_("vụ việc hình sự"), default=0)
    economic_environment_cases = models.PositiveBigIntegerField(
        _("vụ việc về kinh tế, môi trường"), default=0
    )
    drug_cases = models.PositiveBigIntegerField(_("vụ việc về ma túy"), default=0)
    administrative_violations = models.PositiveBigIntegerField(
        _("vụ vi phạm hành chính"), default=0
    )

    class Meta:
        verbose_name = _("tổng số liệu tháng toàn tỉnh")
        verbose_name_plural = _("tổng số liệu tháng toàn tỉnh")
        constraints = [
            models.UniqueConstraint(fields=["year", "month"], name="month_totals_unique_month"),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="month_totals_month_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:02d}/{self.year}"
