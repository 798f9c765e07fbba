"""Ward police rosters, equipment inventories, headquarters and their building projects."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from config.dates import date_in_range, validate_date_in_range
from wards.models import Ward


class Team(models.TextChoices):
    CSKV = "cskv", _("Tổ Cảnh sát khu vực")
    CRIME_PREVENTION = "crime_prevention", _("Tổ PCTP")
    OTHER = "other", _("Công tác khác")


class Education(models.TextChoices):
    UNIVERSITY = "university", _("Đại học")
    COLLEGE = "college", _("Cao đẳng")
    INTERMEDIATE = "intermediate", _("Trung cấp")


class Rating(models.TextChoices):
    EXCELLENT = "excellent", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "good", _("Hoàn thành tốt nhiệm vụ")
    COMPLETED = "completed", _("Hoàn thành nhiệm vụ")
    NOT_COMPLETED = "not_completed", _("Không hoàn thành nhiệm vụ")


GOOD_OR_BETTER = frozenset({Rating.EXCELLENT, Rating.GOOD})


class Officer(models.Model):
    """An officer on a ward police roster, active from one day to another (open = still there)."""

    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, related_name="officers", verbose_name=_("phường")
    )
    full_name = models.CharField(_("họ và tên"), max_length=150)
    is_placeholder = models.BooleanField(
        _("tên minh họa"),
        default=False,
        help_text=_("Bản ghi nạp từ số liệu tổng hợp của Đề án, chưa phải người thật."),
    )
    rank = models.CharField(_("cấp bậc"), max_length=50, blank=True)
    position = models.CharField(_("chức vụ"), max_length=100, blank=True)
    team = models.CharField(_("tổ công tác"), max_length=20, choices=Team)
    education = models.CharField(_("trình độ chuyên môn"), max_length=20, choices=Education)
    active_from = models.DateField(_("công tác từ"), validators=[validate_date_in_range])
    active_to = models.DateField(
        _("công tác đến"), null=True, blank=True, validators=[validate_date_in_range]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cán bộ, chiến sĩ")
        verbose_name_plural = _("cán bộ, chiến sĩ")
        ordering = ["ward__name", "team", "full_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_to__isnull=True) | Q(active_to__gte=F("active_from")),
                name="officer_active_period_ordered",
            ),
            models.CheckConstraint(condition=Q(team__in=Team.values), name="officer_team_valid"),
            models.CheckConstraint(
                condition=Q(education__in=Education.values), name="officer_education_valid"
            ),
            date_in_range("active_from", name="officer_active_from_range"),
            date_in_range("active_to", name="officer_active_to_range"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def is_active_on(self, day: datetime.date) -> bool:
        """Return whether the officer is on the roster on the given day."""
        return self.active_from <= day and (self.active_to is None or self.active_to >= day)


# The roster fields a user edits (the form shows them, the service accepts only them).
OFFICER_FIELDS: tuple[str, ...] = (
    "full_name",
    "rank",
    "position",
    "team",
    "education",
    "active_from",
    "active_to",
)


class OfficerRating(models.Model):
    """An officer's yearly rating (xếp loại) for one year."""

    officer = models.ForeignKey(
        Officer, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("cán bộ")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    rating = models.CharField(_("xếp loại"), max_length=20, choices=Rating)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("xếp loại cán bộ")
        verbose_name_plural = _("xếp loại cán bộ")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["officer", "year"], name="officer_rating_unique_year"),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="officer_rating_year_range"
            ),
            models.CheckConstraint(
                condition=Q(rating__in=Rating.values), name="officer_rating_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.officer} — {self.year}: {self.get_rating_display()}"

    @property
    def is_good_or_better(self) -> bool:
        """Return whether the rating is "Hoàn thành tốt nhiệm vụ" or better."""
        return self.rating in GOOD_OR_BETTER


class EquipmentKind(models.TextChoices):
    DESKTOP = "desktop", _("Máy tính để bàn")
    LAPTOP = "laptop", _("Máy tính xách tay")
    PRINTER = "printer", _("Máy in")
    PHOTOCOPIER = "photocopier", _("Máy phô tô")
    SCANNER = "scanner", _("Máy scan")
    MOTORBIKE = "motorbike", _("Xe mô tô")
    SMARTPHONE = "smartphone", _("Điện thoại thông minh")


class EquipmentCount(models.Model):
    """How many items of one kind a ward had on a day (the latest count on or before wins)."""

    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, related_name="equipment_counts", verbose_name=_("phường")
    )
    kind = models.CharField(_("loại trang thiết bị"), max_length=20, choices=EquipmentKind)
    counted_on = models.DateField(_("ngày kiểm kê"), validators=[validate_date_in_range])
    quantity = models.PositiveIntegerField(_("số lượng"))
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("số lượng trang thiết bị")
        verbose_name_plural = _("số lượng trang thiết bị")
        ordering = ["ward__name", "kind", "-counted_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["ward", "kind", "counted_on"], name="equipment_count_unique_day"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=EquipmentKind.values), name="equipment_kind_valid"
            ),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="equipment_quantity_gte_0"),
            date_in_range("counted_on", name="equipment_counted_on_range"),
        ]

    def __str__(self) -> str:
        return f"{self.ward} — {self.get_kind_display()}: {self.quantity}"


class Headquarters(models.Model):
    """A ward police headquarters building and its land.

    The source gives no service life; it flags the buildings of 1986, 2000 and 2001 as past
    their life in 2023 and those of 2004 and 2010 as not. Any life of 19 to 21 years
    reproduces that, so the default is 20 years (the depreciation tables of the Ministry of
    Finance give a "nhà cấp III" 25 years, which would not flag the 2000 and 2001 buildings).
    An administrator can set another life per building; the flag is always derived from it.
    """

    # A ward usually has one building; after a merge it may hold its predecessors' buildings.
    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, related_name="headquarters", verbose_name=_("phường")
    )
    land_area_m2 = models.PositiveIntegerField(_("diện tích đất (m²)"))
    floor_area_m2 = models.PositiveIntegerField(_("diện tích sàn (m²)"))
    floors = models.PositiveSmallIntegerField(_("số tầng"))
    grade = models.CharField(_("cấp công trình"), max_length=50, default="Nhà cấp III")
    year_built = models.PositiveSmallIntegerField(_("năm xây dựng"))
    service_life_years = models.PositiveSmallIntegerField(_("niên hạn sử dụng (năm)"), default=20)
    site_note = models.TextField(_("vị trí, ghi chú về đất"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("trụ sở")
        verbose_name_plural = _("trụ sở")
        ordering = ["ward__name", "-land_area_m2", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year_built__gte=1900, year_built__lte=2100),
                name="hq_year_built_range",
            ),
            models.CheckConstraint(condition=Q(floors__gte=1), name="hq_floors_gte_1"),
            models.CheckConstraint(
                condition=Q(service_life_years__gte=1), name="hq_service_life_gte_1"
            ),
        ]

    def __str__(self) -> str:
        label = _("Trụ sở")  # outside the f-string, where xgettext can see it
        return f"{label} {self.ward}"

    @property
    def end_of_life_year(self) -> int:
        """Return the last year the building is within its service life."""
        return self.year_built + self.service_life_years

    def is_past_service_life(self, year: int) -> bool:
        """Return whether the building is past its service life in the given year."""
        return year > self.end_of_life_year


# The headquarters fields a user edits (the form shows them, the service accepts only them).
HQ_FIELDS: tuple[str, ...] = (
    "land_area_m2",
    "floor_area_m2",
    "floors",
    "grade",
    "year_built",
    "service_life_years",
    "site_note",
)


class ProjectKind(models.TextChoices):
    UPGRADE = "upgrade", _("Nâng cấp, cải tạo")
    NEW_BUILD = "new_build", _("Xây dựng mới")
    NEW_LAND = "new_land", _("Bố trí đất mới")
    EXPANSION = "expansion", _("Mở rộng hoặc xây mới")


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Theo kế hoạch (chưa cập nhật tiến độ)")
    PREPARING = "preparing", _("Chuẩn bị đầu tư")
    IN_PROGRESS = "in_progress", _("Đang thi công")
    FINISHED = "finished", _("Hoàn thành")
    SUSPENDED = "suspended", _("Tạm dừng")


def project_is_overdue(
    status: str, planned_finish_year: int | None, today: datetime.date | None = None
) -> bool:
    """Return whether a project is past its planned finish year and not finished."""
    if planned_finish_year is None or status == ProjectStatus.FINISHED:
        return False
    return (today or timezone.localdate()).year > planned_finish_year


def project_status_label(
    status: str, planned_finish_year: int | None, today: datetime.date | None = None
) -> str:
    """Return the status in words: "Quá hạn — ..." for an overdue project, never "Theo kế
    hoạch" past its year; otherwise the status's own label."""
    if not project_is_overdue(status, planned_finish_year, today):
        return str(ProjectStatus(status).label)
    if status == ProjectStatus.PLANNED:
        detail = _("chưa cập nhật tiến độ")
    else:
        detail = str(ProjectStatus(status).label).lower()
    return _("Quá hạn — %(detail)s (dự kiến hoàn thành năm %(year)s)") % {
        "detail": detail,
        "year": planned_finish_year,
    }


class BuildingProject(models.Model):
    """A project to upgrade, build, find land for or expand a ward police headquarters."""

    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, related_name="building_projects", verbose_name=_("phường")
    )
    kind = models.CharField(_("loại dự án"), max_length=20, choices=ProjectKind)
    title = models.CharField(_("tên dự án"), max_length=300)
    site_note = models.TextField(_("địa điểm"), blank=True)
    investment_vnd = models.BigIntegerField(
        _("tổng mức đầu tư (đồng)"),
        null=True,
        blank=True,
        help_text=_("Số nguyên, đơn vị đồng; để trống khi chưa xác định."),
    )
    funding_note = models.CharField(_("nguồn vốn"), max_length=300, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=ProjectStatus, default=ProjectStatus.PLANNED
    )
    planned_start_year = models.PositiveSmallIntegerField(
        _("năm bắt đầu dự kiến"), null=True, blank=True
    )
    planned_finish_year = models.PositiveSmallIntegerField(
        _("năm hoàn thành dự kiến"), null=True, blank=True
    )
    progress_percent = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    min_land_area_m2 = models.PositiveIntegerField(
        _("diện tích đất tối thiểu (m²)"), null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dự án trụ sở")
        verbose_name_plural = _("dự án trụ sở")
        ordering = ["planned_finish_year", "ward__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(investment_vnd__isnull=True) | Q(investment_vnd__gt=0),
                name="project_investment_positive",
            ),
            models.CheckConstraint(
                condition=Q(progress_percent__gte=0, progress_percent__lte=100),
                name="project_progress_0_100",
            ),
            models.CheckConstraint(
                condition=~Q(status=ProjectStatus.FINISHED) | Q(progress_percent=100),
                name="project_finished_is_100",
            ),
            models.CheckConstraint(
                condition=Q(planned_start_year__isnull=True)
                | Q(planned_finish_year__isnull=True)
                | Q(planned_finish_year__gte=F("planned_start_year")),
                name="project_years_ordered",
            ),
            models.CheckConstraint(condition=Q(kind__in=ProjectKind.values), name="project_kind"),
            models.CheckConstraint(
                condition=Q(status__in=ProjectStatus.values), name="project_status"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        """Return whether it is past its planned finish year (today) and not finished."""
        return project_is_overdue(self.status, self.planned_finish_year)

    @property
    def status_label(self) -> str:
        """Return the status as shown: "Quá hạn — ..." when overdue (see project_status_label)."""
        return project_status_label(self.status, self.planned_finish_year)

    def clean(self) -> None:
        """Refuse planned years that would leave a milestone already recorded outside them."""
        super().clean()
        if self.pk is None:
            return
        for milestone in self.milestones.all():
            for day in (milestone.due_on, milestone.done_on):
                if day is not None and not self.covers(day):
                    raise ValidationError(
                        _(
                            "Mốc “%(title)s” (%(day)s) sẽ nằm ngoài thời gian của dự án "
                            "(%(years)s); sửa mốc trước khi đổi năm."
                        )
                        % {
                            "title": milestone.title,
                            "day": day.strftime("%d/%m/%Y"),
                            "years": self.years_text(),
                        }
                    )

    def covers(self, day: datetime.date) -> bool:
        """Return whether the day falls within the project's planned years (open when unset)."""
        if self.planned_start_year is not None and day.year < self.planned_start_year:
            return False
        return self.planned_finish_year is None or day.year <= self.planned_finish_year

    def years_text(self) -> str:
        """Return the project's planned years in words ("2024–2026", "từ 2024", "đến 2026")."""
        start, finish = self.planned_start_year, self.planned_finish_year
        if start is not None and finish is not None:
            return f"{start}–{finish}"
        if start is not None:
            return str(_("từ năm %(year)s") % {"year": start})
        if finish is not None:
            return str(_("đến hết năm %(year)s") % {"year": finish})
        return str(_("chưa xác định"))


# The project fields a user edits (the form shows them, the service accepts only them).
PROJECT_FIELDS: tuple[str, ...] = (
    "kind",
    "title",
    "site_note",
    "investment_vnd",
    "funding_note",
    "status",
    "planned_start_year",
    "planned_finish_year",
    "progress_percent",
    "min_land_area_m2",
)


class ProjectMilestone(models.Model):
    """A dated step of a building project (due, and done when it is)."""

    project = models.ForeignKey(
        BuildingProject,
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name=_("dự án"),
    )
    title = models.CharField(_("mốc"), max_length=200)
    due_on = models.DateField(_("hạn"), null=True, blank=True, validators=[validate_date_in_range])
    done_on = models.DateField(
        _("ngày hoàn thành"), null=True, blank=True, validators=[validate_date_in_range]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mốc tiến độ")
        verbose_name_plural = _("mốc tiến độ")
        ordering = ["due_on", "pk"]
        constraints = [
            date_in_range("due_on", name="milestone_due_on_range"),
            date_in_range("done_on", name="milestone_done_on_range"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        """Refuse a date outside the project's planned years."""
        super().clean()
        if self.project_id is None:
            return
        errors = {
            name: _("Ngày phải nằm trong thời gian của dự án (%(years)s).")
            % {"years": self.project.years_text()}
            for name in ("due_on", "done_on")
            if getattr(self, name) is not None and not self.project.covers(getattr(self, name))
        }
        if errors:
            raise ValidationError(errors)
