"""Reads for staffing and facilities; the roster and inventory models arrive with their issue."""

from __future__ import annotations

from criteria.facts import FacilitiesFacts, StaffingFacts
from wards.models import Ward


def staffing_facts(*, ward: Ward, year: int) -> StaffingFacts | None:
    """Return the ward's staffing facts for the year, or None when no roster is recorded."""
    return None


def facilities_facts(*, ward: Ward, year: int) -> FacilitiesFacts | None:
    """Return the ward's equipment and HQ facts for the year, or None when none are recorded."""
    return None
