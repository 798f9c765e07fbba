"""Facts about a ward's staff and facilities that the scoring rules read (criteria 4, 5, 22).

The facilities app computes them (facilities.selectors); the rules only see these values.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class StaffingFacts:
    """A ward's roster at the end of a year (or today, for the current year)."""

    headcount: int
    team_sizes: dict[str, int] = field(default_factory=dict)  # team key -> active officers
    rated: int = 0  # active officers with a rating for the year
    rated_good_or_better: int = 0  # rated "Hoàn thành tốt nhiệm vụ" or better


@dataclass(frozen=True)
class FacilitiesFacts:
    """A ward's equipment against the minimum and its headquarters against the standard."""

    equipment_gaps: dict[str, int]  # equipment label -> how many are missing (0 = met)
    hq_land_area_m2: int | None  # None when no headquarters is recorded
    hq_within_service_life: bool | None


# ---------------------------------------------------------------------------------------------
# Facts from the ward statistics (monthly and yearly reports, baselines), gathered by
# criteria.selectors.ward_year_facts and read by the rules in criteria.rules.


@dataclass(frozen=True)
class Figure:
    """A year-on-year figure: how it is read from monthly reports and from yearly baselines."""

    key: str
    label: str  # Vietnamese, lower case, as it reads inside a sentence
    short_label: str
    monthly_fields: tuple[str, ...]
    baseline_field: str
    is_stock: bool
    unit: str


YOY_FIGURES: dict[str, Figure] = {
    figure.key: figure
    for figure in (
        Figure(
            "social_order_crimes",
            "tội phạm về trật tự xã hội",
            "tội phạm về TTXH",
            ("social_order_crimes",),
            "social_order_crimes",
            False,
            "vụ",
        ),
        Figure(
            "hot_spots",
            "tụ điểm phức tạp",
            "tụ điểm phức tạp",
            ("hot_spots",),
            "hot_spots",
            True,
            "",
        ),
        Figure(
            "drug_addicts",
            "người nghiện ma túy",
            "người nghiện ma túy",
            ("drug_addicts",),
            "drug_addicts",
            True,
            "người",
        ),
        Figure(
            "fugitives",
            "đối tượng truy nã bị bắt hoặc ra đầu thú",
            "đối tượng bị bắt, đầu thú",
            ("fugitives_caught", "fugitives_surrendered"),
            "fugitives_caught_or_surrendered",
            False,
            "đối tượng",
        ),
    )
}


@dataclass(frozen=True)
class PeriodFigure:
    """A figure over some months of a year: its value, or None with what is missing in words."""

    value: int | None
    missing: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()  # where each part came from, in words
    # The units summed and the months each was read for: (name in a sentence, months, own),
    # own being True for the ward itself (False for a predecessor).
    units: tuple[tuple[str, tuple[int, ...], bool], ...] = ()
    estimates: tuple[str, ...] = ()  # each prorated part, with its arithmetic, in words

    @property
    def estimated(self) -> bool:
        return bool(self.estimates)

    @property
    def known(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class WardYearFacts:
    """Everything the rules may read about one ward in one year (approved data only)."""

    ward_name: str
    year: int
    expected_months: tuple[int, ...]  # months in which the ward stood
    missing_months: tuple[int, ...]  # expected months without an approved monthly report
    sums: dict[str, int]  # flows summed over the approved months
    year_end: dict[str, int]  # stocks at the last expected month (when it is approved)
    submitted: dict[int, str | None]  # month -> first submission day (ISO) or None
    on_time: dict[int, bool | None]  # month -> submitted by the due day (None: unknown)
    yearly: dict[str, int] | None  # the approved yearly report's figures
    current: dict[str, PeriodFigure]  # YoY figure key -> this year's figure
    previous: dict[str, PeriodFigure]  # YoY figure key -> previous year's, same months
    staffing: StaffingFacts | None = None
    facilities: FacilitiesFacts | None = None
    report_versions: dict[int, int] = field(default_factory=dict)
    yearly_version: int | None = None
    through_month: int | None = None  # a provisional score counts months 1..through_month

    @property
    def months_complete(self) -> bool:
        return not self.missing_months
