"""Reads for the budget: reconciliation with the Đề án, allocated vs disbursed, split checks."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import F, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budget.langson import (
    CHI_LANG_CITY_2023,
    CITY,
    OTHER_WARDS,
    OTHERS_CITY,
    OTHERS_PROVINCE,
    OTHERS_TOTAL,
    PLAN_TOTAL,
    PROVINCE,
)
from budget.models import Allocation, Disbursement, FundingSource
from facilities.models import BuildingProject
from wards.selectors import succession_moved_from_codes

SHARED_PERIOD = (2028, 2030)  # new wards: 50% province, 50% city


UNDETERMINED = "chưa xác định"


@dataclass(frozen=True)
class PlanLine:
    """A line of the Đề án's budget; `expected` is None where the Đề án gives no amount."""

    label: str
    expected: int | None
    allocated: int | None
    kind: str = "line"  # line, subtotal (of lines above) or total

    @property
    def is_sum(self) -> bool:
        return self.kind != "line"

    @property
    def is_undetermined(self) -> bool:
        return self.expected is None

    @property
    def difference(self) -> int | None:
        if self.expected is None or self.allocated is None:
            return None
        return self.allocated - self.expected

    @property
    def reconciles(self) -> bool:
        return self.difference == 0


def _sum(condition: Q) -> Coalesce:
    return Coalesce(Sum("amount", filter=condition), 0)


def _projects_of(*codes: str) -> Q:
    """Return the filter of allocations to projects of these 2023 wards, including the
    projects that passed to their successors on 01/07/2025."""
    moved = succession_moved_from_codes(model=BuildingProject._meta.label_lower, codes=codes)
    return Q(project__ward__code__in=codes) | Q(project_id__in=moved)


def plan_reconciliation() -> list[PlanLine]:
    """Return the Đề án's budget lines against the allocations entered (one query): Chi Lăng,
    the four remaining HQs by source and their 24.668.000.000-đồng subtotal, site clearance
    (paid by the city, amount not set by the Đề án) and the total."""
    in_plan = Q(year__gte=2023, year__lte=2027)
    others = _projects_of(*OTHER_WARDS) & Q(year__gte=2024, year__lte=2027)
    totals = Allocation.objects.aggregate(
        chi_lang=_sum(_projects_of("chi-lang") & Q(source__code=CITY, year=2023)),
        province=_sum(others & Q(source__code=PROVINCE)),
        city=_sum(others & Q(source__code=CITY)),
        total=_sum(in_plan),
    )
    return [
        PlanLine(
            "Trụ sở Công an phường Chi Lăng — ngân sách thành phố, năm 2023",
            CHI_LANG_CITY_2023,
            totals["chi_lang"],
        ),
        PlanLine(
            "04 trụ sở còn lại — ngân sách tỉnh, 2024-2027", OTHERS_PROVINCE, totals["province"]
        ),
        PlanLine("04 trụ sở còn lại — ngân sách thành phố, 2024-2027", OTHERS_CITY, totals["city"]),
        PlanLine(
            "Cộng 04 trụ sở còn lại (ngân sách tỉnh và thành phố), 2024-2027",
            OTHERS_TOTAL,
            totals["province"] + totals["city"],
            kind="subtotal",
        ),
        PlanLine("Giải phóng mặt bằng — ngân sách thành phố", None, None),
        PlanLine("Tổng kinh phí Đề án 2023-2027", PLAN_TOTAL, totals["total"], kind="total"),
    ]


def payer_gone(day: datetime.date) -> Q:
    """Return the condition of an allocation still owed by a payer that no longer exists on
    the day (the one reassigned to it, else its source's)."""
    reassigned_gone = Q(payer__isnull=False, payer__valid_to__lt=day)
    source_gone = Q(payer__isnull=True, source__payer__valid_to__lt=day)
    return (reassigned_gone | source_gone) & Q(disbursed_total__lt=F("amount"))


def commitments_needing_payer(*, day: datetime.date) -> list[Allocation]:
    """Return the allocations flagged "Cần xác định nguồn thay thế": money not yet disbursed
    whose payer no longer exists on the day (one query)."""
    return list(
        Allocation.objects.filter(payer_gone(day))
        .select_related("project__ward", "source__payer", "payer")
        .order_by("year", "project__ward__name", "source_id")
    )


def by_source_and_year() -> list[dict]:
    """Return allocated and disbursed per source and year, in year then source order (one query)."""
    return list(
        Allocation.objects.values("year", "source__code", "source__name")
        .annotate(allocated=Sum("amount"), disbursed=Sum("disbursed_total"))
        .order_by("year", "source_id")
    )


def by_source() -> list[dict]:
    """Return allocated and disbursed per funding source, all years (one query)."""
    return list(
        FundingSource.objects.annotate(
            allocated=Coalesce(Sum("allocations__amount"), 0),
            disbursed=Coalesce(Sum("allocations__disbursed_total"), 0),
        )
        .values("code", "name", "allocated", "disbursed")
        .order_by("pk")
    )


def grand_totals() -> dict[str, int]:
    """Return allocated and disbursed over every allocation (one query)."""
    return Allocation.objects.aggregate(
        allocated=Coalesce(Sum("amount"), 0), disbursed=Coalesce(Sum("disbursed_total"), 0)
    )


@dataclass(frozen=True)
class SplitCheck:
    project_id: int
    title: str
    ward_name: str
    province: int
    city: int

    @property
    def is_even(self) -> bool:
        return self.province == self.city


def shared_period_splits() -> list[SplitCheck]:
    """Return each project with 2028-2030 allocations and its province/city totals (one query)."""
    first, last = SHARED_PERIOD
    rows = (
        Allocation.objects.filter(year__gte=first, year__lte=last)
        .values("project_id", "project__title", "project__ward__name")
        .annotate(
            province=_sum(Q(source__code=PROVINCE)),
            city=_sum(Q(source__code=CITY)),
        )
        .order_by("project__ward__name", "project_id")
    )
    return [
        SplitCheck(
            r["project_id"], r["project__title"], r["project__ward__name"], r["province"], r["city"]
        )
        for r in rows
    ]


def projects_with_money() -> QuerySet[BuildingProject]:
    """Return every project with its ward, allocations and their totals (two queries)."""
    return (
        BuildingProject.objects.select_related("ward")
        .annotate(
            allocated=Coalesce(Sum("allocations__amount"), 0),
            disbursed=Coalesce(Sum("allocations__disbursed_total"), 0),
        )
        .prefetch_related(
            Prefetch(
                "allocations",
                queryset=Allocation.objects.select_related("source__payer", "payer").order_by(
                    "year", "source_id"
                ),
            )
        )
        .order_by("planned_finish_year", "ward__name", "pk")
    )


def allocation_detail(*, pk: int) -> Allocation:
    """Return one allocation with project, ward and source (one query)."""
    return Allocation.objects.select_related("project__ward", "source__payer", "payer").get(pk=pk)


def disbursements_of(*, allocation: Allocation) -> QuerySet[Disbursement]:
    """Return the allocation's disbursements with who entered them (one query)."""
    return allocation.disbursements.select_related("created_by").order_by("paid_on", "pk")


CHANGE_LABELS = {
    "+": gettext_lazy("Tạo mới"),
    "~": gettext_lazy("Sửa"),
    "-": gettext_lazy("Xóa"),
}


@dataclass(frozen=True)
class HistoryEntry:
    when: object
    user: object
    record: str
    change: str
    amount: int
    disbursed_total: int | None
    reason: str = ""


def _allocation_entry(record) -> HistoryEntry:
    """Return the history entry of one recorded version of an allocation."""
    allocation_label = _("Phân bổ")  # outside the f-string: xgettext does not look inside it
    return HistoryEntry(
        record.history_date,
        record.history_user,
        f"{allocation_label} #{record.id} ({record.year})",
        str(CHANGE_LABELS[record.history_type]),
        record.amount,
        record.disbursed_total,
        record.history_change_reason or "",
    )


def budget_history(*, limit: int = 50) -> list[HistoryEntry]:
    """Return the latest changes to allocations and disbursements, newest first (two queries)."""
    # gettext calls stay outside the f-strings: xgettext does not look inside them.
    disbursement_label, allocation_lower = _("Giải ngân"), _("phân bổ")
    entries = [
        _allocation_entry(r)
        for r in Allocation.history.select_related("history_user").order_by("-history_date")[:limit]
    ]
    entries += [
        HistoryEntry(
            r.history_date,
            r.history_user,
            f"{disbursement_label} #{r.id} — {allocation_lower} #{r.allocation_id}",
            str(CHANGE_LABELS[r.history_type]),
            r.amount,
            None,
        )
        for r in Disbursement.history.select_related("history_user").order_by("-history_date")[
            :limit
        ]
    ]
    return sorted(entries, key=lambda entry: entry.when, reverse=True)[:limit]


def allocation_history(*, allocation: Allocation) -> list[HistoryEntry]:
    """Return every recorded version of one allocation, newest first (one query)."""
    return [
        _allocation_entry(r)
        for r in allocation.history.select_related("history_user").order_by(
            "-history_date", "-history_id"
        )
    ]
