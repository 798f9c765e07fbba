"""Reads for ward statistics."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from statistics import median

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports.models import BaselineTotals, MonthlyReport, Notification, ReportStatus, YearlyReport
from reports.rules import CARRY_OVERS, MONTHLY_FIELDS, STOCK_FIELDS, fields_for, label
from wards.models import Ward

BASELINE_FIELDS = (
    "criminal_cases",
    "economic_environment_cases",
    "drug_cases",
    "administrative_violations",
)


def baselines_for_year(*, year: int, wards: QuerySet | None = None) -> QuerySet[BaselineTotals]:
    """Return the year's baseline rows with their wards (one query)."""
    queryset = BaselineTotals.objects.filter(year=year).select_related("ward")
    if wards is not None:
        queryset = queryset.filter(ward__in=wards)
    return queryset.order_by("ward__sort_name")


def baseline_totals(*, year: int, wards: QuerySet | None = None) -> dict[str, int | None]:
    """Return each baseline figure summed over the wards for a year (one query)."""
    queryset = BaselineTotals.objects.filter(year=year)
    if wards is not None:
        queryset = queryset.filter(ward__in=wards)
    return queryset.aggregate(**{field: Sum(field) for field in BASELINE_FIELDS})


# --- Monthly and yearly reports -------------------------------------------------------------

OUTLIER_MIN_HISTORY = 6  # approved months needed before values are judged against history
OUTLIER_HISTORY_MONTHS = 24
OUTLIER_FACTOR = 3
OUTLIER_MIN_GAP = 5  # small counts swing a lot: a rise of fewer than this is never flagged


def _approved_history(*, ward: Ward, year: int, month: int) -> list[dict]:
    """Return the figures of the ward's latest approved months other than this one (one query)."""
    return list(
        MonthlyReport.objects.filter(ward=ward, status=ReportStatus.APPROVED)
        .exclude(year=year, month=month)
        .order_by("-year", "-month")
        .values(*MONTHLY_FIELDS)[:OUTLIER_HISTORY_MONTHS]
    )


def monthly_typical_values(*, ward: Ward, year: int, month: int) -> dict[str, float]:
    """Return the median of each figure over the approved months the outlier check compares
    with; empty when there are too few of them (one query)."""
    history = _approved_history(ward=ward, year=year, month=month)
    if len(history) < OUTLIER_MIN_HISTORY:
        return {}
    typical = {}
    for field in MONTHLY_FIELDS:
        middle = median(row[field] for row in history)
        typical[field] = int(middle) if float(middle).is_integer() else middle
    return typical


def monthly_outlier_fields(
    *, ward: Ward, year: int, month: int, values: dict[str, int]
) -> list[str]:
    """Return the fields whose value is far from the ward's median of its approved months
    (more than 3x and 5 above it, or for stocks under a third of it); one query."""
    history = _approved_history(ward=ward, year=year, month=month)
    if len(history) < OUTLIER_MIN_HISTORY:
        return []
    flagged = []
    for field in MONTHLY_FIELDS:
        value = values.get(field)
        if value is None:
            continue
        middle = median(row[field] for row in history)
        too_high = value > max(OUTLIER_FACTOR * middle, middle + OUTLIER_MIN_GAP)
        too_low = (
            field in STOCK_FIELDS
            and middle >= 2 * OUTLIER_MIN_GAP
            and value * OUTLIER_FACTOR < middle
        )
        if too_high or too_low:
            flagged.append(field)
    return flagged


def report_due_date(year: int, month: int) -> datetime.date:
    """Return the day a month's report is due: REPORT_DUE_DAY of the following month."""
    if month == 12:
        return datetime.date(year + 1, 1, settings.REPORT_DUE_DAY)
    return datetime.date(year, month + 1, settings.REPORT_DUE_DAY)


def is_late(
    *, year: int, month: int, first_submitted_at: datetime.datetime | None, today: datetime.date
) -> bool:
    """Return whether a month's report was not submitted by its due day."""
    deadline = report_due_date(year, month)
    if first_submitted_at is None:
        return today > deadline
    return timezone.localdate(first_submitted_at) > deadline


@dataclass(frozen=True)
class Deadline:
    """How far a report not yet sent is from its due day: days > 0 left, 0 today, < 0 overdue."""

    due: datetime.date
    days: int

    @property
    def overdue(self) -> bool:
        return self.days < 0

    @property
    def days_late(self) -> int:
        return -self.days


def report_deadline(
    *,
    year: int,
    month: int,
    first_submitted_at: datetime.datetime | None,
    today: datetime.date,
) -> Deadline | None:
    """Return the deadline of a month's report still to be sent; None once it has been sent
    (lateness is judged on the first submission, as in is_late)."""
    if first_submitted_at is not None:
        return None
    due = report_due_date(year, month)
    return Deadline(due=due, days=(due - today).days)


# A mark per state, so the board does not rely on colour alone.
STATE_ICONS = {
    "not_started": "○",
    ReportStatus.DRAFT: "✎",
    ReportStatus.SUBMITTED: "➜",
    ReportStatus.RETURNED: "↩",
    ReportStatus.APPROVED: "✓",
}


@dataclass(frozen=True)
class BoardCell:
    month: int
    expected: bool
    future: bool = False
    status: str = "not_started"
    late: bool = False
    is_demo: bool = False
    outliers: int = 0
    deadline: Deadline | None = None

    @property
    def icon(self) -> str:
        """Return the mark of the cell's state."""
        return STATE_ICONS.get(self.status, "")

    @property
    def label(self) -> str:
        """Return the Vietnamese name of the cell's state."""
        if self.status == "not_started":
            return str(_("Chưa nhập"))
        return str(ReportStatus(self.status).label)


@dataclass
class BoardRow:
    ward: Ward
    cells: list[BoardCell] = dataclass_field(default_factory=list)


def expected_wards(*, year: int, wards: QuerySet | None = None) -> list[Ward]:
    """Return the programme wards that stand in some month of the year (one query)."""
    queryset = (wards if wards is not None else Ward.objects.all()).filter(in_programme=True)
    return [ward for ward in queryset.order_by("valid_from", "name") if ward.is_valid_in_year(year)]


def board_cell(
    *, ward: Ward, year: int, month: int, report: dict | None, today: datetime.date
) -> BoardCell:
    """Return a ward's completeness cell for a month from its report's values (no queries)."""
    if not ward.is_valid_in_month(year, month):
        return BoardCell(month=month, expected=False)
    if datetime.date(year, month, 1) > today:
        return BoardCell(month=month, expected=True, future=True)
    return BoardCell(
        month=month,
        expected=True,
        status=report["status"] if report else "not_started",
        late=is_late(
            year=year,
            month=month,
            first_submitted_at=report["first_submitted_at"] if report else None,
            today=today,
        ),
        is_demo=bool(report and report["is_demo"]),
        outliers=len(report["outlier_fields"] or []) if report else 0,
        deadline=report_deadline(
            year=year,
            month=month,
            first_submitted_at=report["first_submitted_at"] if report else None,
            today=today,
        ),
    )


BOARD_REPORT_FIELDS = (
    "ward_id",
    "month",
    "status",
    "first_submitted_at",
    "is_demo",
    "outlier_fields",
)


def board_totals_add(total: dict, cell: BoardCell) -> None:
    """Count an expected, started cell in a month's totals."""
    total["expected"] += 1
    total["submitted"] += cell.status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED)
    total["approved"] += cell.status == ReportStatus.APPROVED
    total["late"] += cell.late


def empty_board_totals() -> dict:
    """Return a month's totals before any ward is counted."""
    return {"expected": 0, "submitted": 0, "approved": 0, "late": 0}


def completeness_board(*, year: int, today: datetime.date, wards: QuerySet | None = None) -> dict:
    """Return rows of wards x 12 month cells (status, late, expected) and per-month totals;
    two queries whatever the number of wards."""
    ward_list = expected_wards(year=year, wards=wards)
    reports = {
        (row["ward_id"], row["month"]): row
        for row in MonthlyReport.objects.filter(year=year, ward__in=ward_list).values(
            *BOARD_REPORT_FIELDS
        )
    }
    rows = []
    totals = {month: empty_board_totals() for month in range(1, 13)}
    for ward in ward_list:
        row = BoardRow(ward=ward)
        for month in range(1, 13):
            cell = board_cell(
                ward=ward, year=year, month=month, report=reports.get((ward.pk, month)), today=today
            )
            row.cells.append(cell)
            if cell.expected and not cell.future:
                board_totals_add(totals[month], cell)
        rows.append(row)
    return {"rows": rows, "totals": [totals[month] for month in range(1, 13)]}


def completeness_month(
    *,
    year: int,
    month: int,
    today: datetime.date,
    wards: QuerySet | None = None,
    rows_for: list[Ward] | None = None,
) -> dict:
    """Return one month's completeness: totals over every expected ward, and the cells of the
    wards in rows_for (all expected wards when None), judged late as of today (two queries;
    three with rows_for, whose totals are counted by the database)."""
    if rows_for is not None:
        page = (wards if wards is not None else Ward.objects.all()).filter(
            pk__in=[ward.pk for ward in rows_for]
        )
        return {
            "rows": completeness_month(year=year, month=month, today=today, wards=page)["rows"],
            "totals": completeness_month_totals(year=year, month=month, today=today, wards=wards),
        }
    ward_list = [
        ward
        for ward in expected_wards(year=year, wards=wards)
        if ward.is_valid_in_month(year, month)
    ]
    month_reports = MonthlyReport.objects.filter(year=year, month=month)
    month_reports = (
        month_reports.filter(ward__in=wards)
        if wards is not None
        else month_reports.filter(ward__in_programme=True)
    )
    reports = {row["ward_id"]: row for row in month_reports.values(*BOARD_REPORT_FIELDS)}
    shown = None if rows_for is None else {ward.pk for ward in rows_for}
    totals = empty_board_totals()
    rows = []
    for ward in ward_list:
        cell = board_cell(
            ward=ward, year=year, month=month, report=reports.get(ward.pk), today=today
        )
        if not cell.future:
            board_totals_add(totals, cell)
        if shown is None or ward.pk in shown:
            rows.append({"ward": ward, "cell": cell})
    return {"rows": rows, "totals": totals}


def completeness_month_totals(
    *, year: int, month: int, today: datetime.date, wards: QuerySet | None = None
) -> dict:
    """Return completeness_month's totals counted in the database (two queries whatever the
    number of wards): the programme wards standing in the month, how many sent and had approved
    their report, and how many are late as of today (sent after the due day, or not sent once
    it has passed)."""
    totals = empty_board_totals()
    first = datetime.date(year, month, 1)
    if first > today:  # a future month counts nothing yet
        return totals
    last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    standing = (wards if wards is not None else Ward.objects.all()).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=last),
        Q(valid_to__isnull=True) | Q(valid_to__gte=first),
        in_programme=True,
    )
    due = report_due_date(year, month)
    after_due = timezone.make_aware(
        datetime.datetime.combine(due + datetime.timedelta(days=1), datetime.time.min)
    )
    sent = Q(status__in=[ReportStatus.SUBMITTED, ReportStatus.APPROVED])
    counts = MonthlyReport.objects.filter(year=year, month=month, ward__in=standing).aggregate(
        submitted=Count("pk", filter=sent),
        approved=Count("pk", filter=Q(status=ReportStatus.APPROVED)),
        first_sent=Count("pk", filter=Q(first_submitted_at__isnull=False)),
        sent_late=Count("pk", filter=Q(first_submitted_at__gte=after_due)),
    )
    totals["expected"] = standing.count()
    totals["submitted"] = counts["submitted"]
    totals["approved"] = counts["approved"]
    never_sent = totals["expected"] - counts["first_sent"]
    totals["late"] = counts["sent_late"] + (never_sent if today > due else 0)
    return totals


def month_due_summary(*, today: datetime.date) -> dict:
    """Return the month whose report is now due (last month): its due day, how far it is, and
    how many of the wards that must report it have sent it (two queries)."""
    year, month = previous_month(today.year, today.month)
    totals = completeness_month(year=year, month=month, today=today)["totals"]
    due = report_due_date(year, month)
    return {
        "year": year,
        "month": month,
        "due": due,
        "totals": totals,
        "missing": totals["expected"] - totals["submitted"],
        "deadline": Deadline(due=due, days=(due - today).days),
    }


def reports_waiting_review(
    *, monthly_ids: list[int] | None = None, yearly_ids: list[int] | None = None
) -> dict:
    """Return the submitted monthly and yearly reports, oldest first, and how many there are;
    only the given ids when ids are given (two queries)."""
    monthly = MonthlyReport.objects.filter(status=ReportStatus.SUBMITTED)
    yearly = YearlyReport.objects.filter(status=ReportStatus.SUBMITTED)
    if monthly_ids is not None or yearly_ids is not None:
        monthly = monthly.filter(pk__in=monthly_ids or [])
        yearly = yearly.filter(pk__in=yearly_ids or [])
    found = {
        "monthly": list(
            monthly.select_related("ward", "submitted_by").order_by("submitted_at", "pk")
        ),
        "yearly": list(
            yearly.select_related("ward", "submitted_by").order_by("submitted_at", "pk")
        ),
    }
    found["count"] = len(found["monthly"]) + len(found["yearly"])
    return found


def monthly_reports_for(
    *, wards: QuerySet, year: int, status: str | None = None
) -> QuerySet[MonthlyReport]:
    """Return the year's monthly reports of the given wards, with ward (one query)."""
    queryset = MonthlyReport.objects.filter(ward__in=wards, year=year).select_related("ward")
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("ward__valid_from", "ward__name", "month")


def user_notifications(*, user, limit: int = 5) -> dict:
    """Return the user's latest notifications and unread count (two queries)."""
    queryset = Notification.objects.filter(recipient=user)
    return {
        "latest": list(queryset.order_by("-created_at", "-pk")[:limit]),
        "unread": queryset.filter(is_read=False).count(),
    }


def ward_report_summary(*, ward: Ward, today: datetime.date) -> dict:
    """Return the ward's report now due (last month) and this month's, with due day and
    lateness (one query)."""
    previous = (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)
    periods = [previous, (today.year, today.month)]
    found = {
        (report.year, report.month): report
        for report in MonthlyReport.objects.filter(ward=ward, year__in={p[0] for p in periods})
        .filter(month__in={p[1] for p in periods})
        .select_related("ward")
    }
    items = []
    for year, month in periods:
        if not ward.in_programme or not ward.is_valid_in_month(year, month):
            continue
        report = found.get((year, month))
        items.append(
            {
                "year": year,
                "month": month,
                "report": report,
                "due": report_due_date(year, month),
                "late": is_late(
                    year=year,
                    month=month,
                    first_submitted_at=report.first_submitted_at if report else None,
                    today=today,
                ),
                "deadline": report_deadline(
                    year=year,
                    month=month,
                    first_submitted_at=report.first_submitted_at if report else None,
                    today=today,
                ),
            }
        )
    return {"items": items}


def previous_month(year: int, month: int) -> tuple[int, int]:
    """Return the (year, month) before this one."""
    return (year - 1, 12) if month == 1 else (year, month - 1)


@dataclass(frozen=True)
class PreviousClosing:
    """What the month before left open (received + carried over − handled), per carried-over
    field, and where it comes from: the ward's own report, or the sum of its predecessors'."""

    period: str  # "MM/YYYY"
    values: dict[str, int]
    units: tuple[str, ...] = ()  # predecessors summed (empty: the ward's own report)
    missing: tuple[str, ...] = ()  # predecessors standing that month without a report


_CARRY_INPUTS = tuple(
    dict.fromkeys(name for c in CARRY_OVERS for name in (c.field, c.received, *c.handled))
)


def previous_closing(
    *, ward: Ward, year: int, month: int, known: dict | bool | None = False
) -> PreviousClosing | None:
    """Return the closing figures of the month before (December for January), from the ward's
    report of that month whatever its status; for a ward that did not stand then (created by
    the 01/07/2025 reorganisation), the sum over its predecessors' reports of that month.
    None when there is no such report. `known` is the ward's previous-month row already read
    (None: none exists), as report_comparisons returns it (two queries at most, none with it)."""
    before = previous_month(year, month)
    period = f"{before[1]:02d}/{before[0]}"
    if ward.is_valid_in_month(*before):
        row = (
            known
            if known is not False
            else MonthlyReport.objects.filter(ward=ward, year=before[0], month=before[1])
            .values(*_CARRY_INPUTS)
            .first()
        )
        if row is None:
            return None
        return PreviousClosing(period, {c.field: c.closing(row) for c in CARRY_OVERS})
    predecessors = [
        unit for unit in ward.predecessors.order_by("name", "pk") if unit.is_valid_in_month(*before)
    ]
    rows = {
        row.pop("ward_id"): row
        for row in MonthlyReport.objects.filter(
            ward__in=predecessors, year=before[0], month=before[1]
        ).values("ward_id", *_CARRY_INPUTS)
    }
    if not rows:
        return None
    return PreviousClosing(
        period,
        {c.field: sum(c.closing(row) for row in rows.values()) for c in CARRY_OVERS},
        units=tuple(unit.display_name for unit in predecessors if unit.pk in rows),
        missing=tuple(unit.display_name for unit in predecessors if unit.pk not in rows),
    )


def carried_over_defaults(*, ward: Ward, year: int, month: int) -> dict[str, int]:
    """Return the carried-over figures for a file or request that leaves them out: the month's
    stored ones, else the previous month's closing, else 0."""
    names = [c.field for c in CARRY_OVERS]
    stored = MonthlyReport.objects.filter(ward=ward, year=year, month=month).values(*names).first()
    if stored:
        return stored
    found = previous_closing(ward=ward, year=year, month=month)
    return {name: found.values[name] if found else 0 for name in names}


def report_comparisons(*, model: type, ward: Ward, year: int, month: int | None = None) -> dict:
    """Return the ward's figures to show beside each field: last month's and the same month
    last year's for a monthly report, last year's for a yearly one; each entry is
    {"label", "values"} with values None when there is no such report (one query)."""
    fields = fields_for(model)
    if month is None:
        rows = model.objects.filter(ward=ward, year=year - 1).values("year", *fields)
        found = {row["year"]: row for row in rows}
        return {
            "previous": {
                "label": _("năm trước"),
                "period": str(year - 1),
                "values": found.get(year - 1),
            }
        }
    before = previous_month(year, month)
    rows = (
        model.objects.filter(ward=ward)
        .filter(Q(year=before[0], month=before[1]) | Q(year=year - 1, month=month))
        .values("year", "month", *fields)
    )
    found = {(row["year"], row["month"]): row for row in rows}
    return {
        "previous": {
            "label": _("tháng trước"),
            "period": f"{before[1]:02d}/{before[0]}",
            "values": found.get(before),
        },
        "last_year": {
            "label": _("cùng kỳ"),
            "period": f"{month:02d}/{year - 1}",
            "values": found.get((year - 1, month)),
        },
    }


def report_audit(report) -> list[dict]:
    """Return the report's audit history, oldest first: who, when, why and each field's
    old → new value (one query)."""
    model = type(report)
    tracked = [*fields_for(model), "status", "return_reason", "is_demo"]
    records = list(
        report.history.select_related("history_user").order_by("history_date", "history_id")
    )
    entries = []
    previous = None
    for record in records:
        changes = []
        if previous is None:
            for name in tracked:
                value = getattr(record, name)
                if value not in (0, "", False, None):
                    changes.append(_change(model, name, None, value))
        else:
            delta = record.diff_against(previous, included_fields=tracked)
            changes = [_change(model, c.field, c.old, c.new) for c in delta.changes]
        entries.append(
            {
                "date": record.history_date,
                "user": record.history_user,
                "reason": record.history_change_reason or "",
                "created": previous is None,
                "changes": changes,
            }
        )
        previous = record
    return entries


def _change(model: type, name: str, old, new) -> dict:
    """Return one changed field with its label and display values."""
    if name == "status":
        old = ReportStatus(old).label if old else None
        new = ReportStatus(new).label if new else None
        return {"field": name, "label": str(_("Trạng thái")), "old": old, "new": new}
    return {"field": name, "label": label(model, name), "old": old, "new": new}
