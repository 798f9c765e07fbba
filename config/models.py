"""Cross-cutting data: the data generation counter (config/generation.py)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DataGeneration(models.Model):
    """A counter raised after every committed write to the tables the dashboards read
    (config/generation.py); cached dashboard pages are keyed by it."""

    name = models.CharField(_("tên"), primary_key=True, max_length=40)
    counter = models.BigIntegerField(_("số lần thay đổi"), default=0)

    class Meta:
        db_table = "reports_datageneration"
        verbose_name = _("bộ đếm thay đổi số liệu")
        verbose_name_plural = _("bộ đếm thay đổi số liệu")
        constraints = [
            models.CheckConstraint(
                condition=Q(counter__gte=0), name="data_generation_counter_non_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.counter}"
