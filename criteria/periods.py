"""Which part of a year can be scored today: the whole year, a provisional part, or nothing.

A year is complete once its December report is due (REPORT_DUE_DAY of January has passed).
Before that, it is scored provisionally over the months whose reports are already due — January
to N, N being the last month whose due day (REPORT_DUE_DAY of the following month) is before
today — and the scorecard reads "Tạm tính đến tháng N/YYYY". A month not yet due is not
"missing": it is outside the provisional period. A year after the current one cannot be scored,
and neither can the current year before January's report is due.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from config.errors import AppError
from criteria.formatting import months_text
from reports.selectors import report_due_date


class YearNotScorableError(AppError):
    """The year cannot be scored today (a future year, or no month's report due yet)."""


def today() -> datetime.date:
    """Return today's local date (tests replace it to move the clock)."""
    return timezone.localdate()


def is_future_year(year: int, on: datetime.date | None = None) -> bool:
    """Return whether the year has not started yet."""
    return year > (on or today()).year


def future_year_message(year: int) -> str:
    return (
        f"Năm {year} chưa đến: không thể đánh giá tiêu chí hoặc xem kết quả của năm sau năm "
        "hiện tại."
    )


@dataclass(frozen=True)
class ScoringPeriod:
    """The months of a year scored today: all of them, or January to through_month."""

    year: int
    through_month: int | None = None  # None: the whole year (final scorecard)

    @property
    def provisional(self) -> bool:
        return self.through_month is not None

    def includes(self, month: int) -> bool:
        return self.through_month is None or month <= self.through_month

    @property
    def label(self) -> str:
        """Return 'Tạm tính đến tháng 10/2026' (empty for a complete year)."""
        if self.through_month is None:
            return ""
        return provisional_label(self.through_month, self.year)


def provisional_label(month: int, year: int) -> str:
    return f"Tạm tính đến {months_text([month])}/{year}"


def scoring_period(year: int, on: datetime.date | None = None) -> ScoringPeriod:
    """Return the part of the year that can be scored on a day (today by default).

    Raises YearNotScorableError, with a Vietnamese message, for a year after the current one
    and for a year none of whose monthly reports is due yet.
    """
    on = on or today()
    if is_future_year(year, on):
        raise YearNotScorableError(future_year_message(year))
    due = [month for month in range(1, 13) if report_due_date(year, month) < on]
    if len(due) == 12:
        return ScoringPeriod(year)
    if not due:
        first = report_due_date(year, 1)
        raise YearNotScorableError(
            f"Năm {year} chưa có tháng nào đến hạn báo cáo (báo cáo tháng 1 hạn ngày "
            f"{first:%d/%m/%Y}): chưa thể tạm tính."
        )
    return ScoringPeriod(year, max(due))


# --- the part of a year a year-on-year comparison covers, in words ------------------------------


def period_name(months: tuple[int, ...] | list[int], year: int) -> str:
    """Return 'năm 2024', '6 tháng cuối năm 2025', '10 tháng đầu năm 2026', 'tháng 3–5/2026'."""
    months = tuple(sorted(months))
    if months == tuple(range(1, 13)):
        return f"năm {year}"
    contiguous = months == tuple(range(months[0], months[-1] + 1))
    if contiguous and len(months) > 1 and months[0] == 1:
        return f"{len(months)} tháng đầu năm {year}"
    if contiguous and len(months) > 1 and months[-1] == 12:
        return f"{len(months)} tháng cuối năm {year}"
    return f"{months_text(months)}/{year}"


def previous_period_name(months: tuple[int, ...] | list[int], year: int) -> str:
    """Return what a period is compared with: 'năm 2023' for a whole year, else 'cùng kỳ 2024'."""
    if tuple(sorted(months)) == tuple(range(1, 13)):
        return f"năm {year - 1}"
    return f"cùng kỳ {year - 1}"


def comparison_name(months: tuple[int, ...] | list[int], year: int) -> str:
    """Return 'cả năm 2024 so với năm 2023' or '6 tháng cuối năm 2025 so với cùng kỳ 2024'."""
    current = period_name(months, year)
    if current == f"năm {year}":
        current = f"cả năm {year}"
    return f"{current} so với {previous_period_name(months, year)}"
