"""Ward statistics: yearly totals for the years before monthly entry (2022 from the Đề án)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wards.models import Ward


class BaselineSource(models.TextChoices):
    DECISION = "decision", _("Đề án (Quyết định của UBND tỉnh)")
    ENTERED = "entered", _("Nhập bởi Công an tỉnh")


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
    source = models.CharField(
        _("nguồn"), max_length=20, choices=BaselineSource, default=BaselineSource.ENTERED
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
