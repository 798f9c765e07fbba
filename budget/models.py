"""Funding sources, allocations to headquarters projects by year and source, disbursements.

Money is whole VND in BigIntegerField. An allocation keeps the running total of its
disbursements; the database refuses a total above the allocated amount.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from config.dates import date_in_range, validate_date_in_range
from facilities.models import BuildingProject
from wards.models import ResponsibleBody, audit_history

# A disbursement is paid in its allocation's year, or the year before or after it.
DISBURSEMENT_YEAR_SLACK = 1


def disbursement_years(allocation_year: int) -> range:
    """Return the years in which a disbursement out of an allocation of that year may be paid."""
    slack = DISBURSEMENT_YEAR_SLACK
    return range(allocation_year - slack, allocation_year + slack + 1)


def disbursement_year_message(allocation_year: int) -> str:
    """Return the Vietnamese message for a payment day outside the allocation's years."""
    years = disbursement_years(allocation_year)
    return _(
        "Ngày giải ngân phải trong năm phân bổ %(year)s, năm trước hoặc năm sau "
        "(01/01/%(first)s – 31/12/%(last)s)."
    ) % {"year": allocation_year, "first": years[0], "last": years[-1]}


class FundingSource(models.Model):
    """A budget that pays for projects (the province's, the city's), and the body that pays it."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên nguồn vốn"), max_length=200)
    payer = models.ForeignKey(
        ResponsibleBody,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funding_sources",
        verbose_name=_("cơ quan chi trả"),
        help_text=_("Khi cơ quan này hết hiệu lực, các khoản chưa giải ngân cần nguồn thay thế."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nguồn vốn")
        verbose_name_plural = _("nguồn vốn")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Allocation(models.Model):
    """Money a source plans for a project in a year, and how much of it has been disbursed."""

    project = models.ForeignKey(
        BuildingProject,
        on_delete=models.PROTECT,
        related_name="allocations",
        verbose_name=_("dự án"),
    )
    source = models.ForeignKey(
        FundingSource, on_delete=models.PROTECT, related_name="allocations", verbose_name=_("nguồn")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    amount = models.BigIntegerField(_("số phân bổ (đồng)"))
    disbursed_total = models.BigIntegerField(_("đã giải ngân (đồng)"), default=0, editable=False)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    payer = models.ForeignKey(
        ResponsibleBody,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocations",
        verbose_name=_("cơ quan chi trả thay thế"),
        help_text=_("Để trống: cơ quan chi trả của nguồn vốn."),
    )
    history = audit_history()

    class Meta:
        verbose_name = _("phân bổ kinh phí")
        verbose_name_plural = _("phân bổ kinh phí")
        ordering = ["year", "project__ward__name", "source_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "source", "year"], name="allocation_unique_project_source_year"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="allocation_amount_positive"),
            models.CheckConstraint(
                condition=Q(disbursed_total__gte=0), name="allocation_disbursed_gte_0"
            ),
            models.CheckConstraint(
                condition=Q(disbursed_total__lte=F("amount")),
                name="allocation_disbursed_lte_amount",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="allocation_year_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} — {self.source} — {self.year}"

    def clean(self) -> None:
        """Refuse a year that would leave a disbursement already made outside its years."""
        super().clean()
        if self.pk is None or self.year is None:
            return
        years = disbursement_years(self.year)
        outside = self.disbursements.exclude(paid_on__year__in=list(years))
        if outside.exists():
            raise ValidationError(
                {
                    "year": _(
                        "Đã có khoản giải ngân ngoài các năm %(first)s–%(last)s; không đổi năm "
                        "phân bổ thành %(year)s."
                    )
                    % {"first": years[0], "last": years[-1], "year": self.year}
                }
            )

    @property
    def remaining(self) -> int:
        """Return the allocated amount not yet disbursed (whole VND)."""
        return self.amount - self.disbursed_total

    @property
    def effective_payer(self) -> ResponsibleBody | None:
        """Return the body that pays: the one reassigned to it, else its source's payer."""
        return self.payer if self.payer_id else self.source.payer

    def needs_new_payer(self, day: datetime.date) -> bool:
        """Return whether money is still owed by a payer that no longer exists on this day."""
        payer = self.effective_payer
        return (
            self.remaining > 0
            and payer is not None
            and payer.valid_to is not None
            and payer.valid_to < day
        )


class Disbursement(models.Model):
    """A payment made out of an allocation."""

    allocation = models.ForeignKey(
        Allocation,
        on_delete=models.PROTECT,
        related_name="disbursements",
        verbose_name=_("phân bổ"),
    )
    paid_on = models.DateField(_("ngày giải ngân"), validators=[validate_date_in_range])
    amount = models.BigIntegerField(_("số tiền (đồng)"))
    reference = models.CharField(_("chứng từ"), max_length=100, blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người nhập"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("giải ngân")
        verbose_name_plural = _("giải ngân")
        ordering = ["paid_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="disbursement_amount_positive"),
            date_in_range("paid_on", name="disbursement_paid_on_range"),
        ]

    def __str__(self) -> str:
        return f"{self.allocation} — {self.paid_on:%d/%m/%Y}"

    def clean(self) -> None:
        """Refuse a payment day outside the allocation's year ±1."""
        super().clean()
        if self.allocation_id is None or self.paid_on is None:
            return
        year = self.allocation.year
        if self.paid_on.year not in disbursement_years(year):
            raise ValidationError({"paid_on": disbursement_year_message(year)})
