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
