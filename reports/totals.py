"""The province's monthly totals (model MonthTotals): recomputed for a month inside the
transaction that approves or reopens one of its reports, rebuilt after bulk loads, read by the
province dashboard instead of every ward's reports."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Sum
from django.db.models.functions import Coalesce

from reports.models import TOTALLED_FIELDS, MonthlyReport, MonthTotals, ReportStatus


def _sums() -> dict:
    return {
        "approved_reports": Count("pk"),
        **{name: Coalesce(Sum(name), 0) for name in TOTALLED_FIELDS},
    }


@transaction.atomic
def month_totals_refresh(*, year: int, month: int) -> MonthTotals:
    """Recompute one month's totals from its approved reports. The row is created and locked
    before the reports are read, so two approvals of the same month take turns and the later
    one counts the earlier (three queries)."""
    MonthTotals.objects.bulk_create([MonthTotals(year=year, month=month)], ignore_conflicts=True)
    row = MonthTotals.objects.select_for_update().get(year=year, month=month)
    sums = MonthlyReport.objects.filter(
        year=year, month=month, status=ReportStatus.APPROVED
    ).aggregate(**_sums())
    for name, value in sums.items():
        setattr(row, name, value)
    row.save(update_fields=list(sums))
    return row


@transaction.atomic
def month_totals_rebuild() -> int:
    """Recompute every month's totals from the approved reports (after reports are created in
    bulk, without the services); return how many months have approved reports."""
    MonthTotals.objects.all().delete()
    rows = [
        MonthTotals(**row)
        for row in MonthlyReport.objects.filter(status=ReportStatus.APPROVED)
        .values("year", "month")
        .annotate(**_sums())
        .order_by()
    ]
    MonthTotals.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def month_totals(*, years: list[int]) -> dict[tuple[int, int], dict[str, int]]:
    """Return, by (year, month), the summed figures of the months of the years that have an
    approved report (one query)."""
    return {
        (row["year"], row["month"]): row
        for row in MonthTotals.objects.filter(year__in=years, approved_reports__gt=0)
        .values("year", "month", *TOTALLED_FIELDS)
        .order_by()
    }
