"""After the 01/07/2025 succession the four current wards' criteria 4, 5 and 22 are assessed
from the loaded Lạng Sơn data (score year 2025, read on 31/12/2025)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command

from criteria.models import CriterionResult, Result
from criteria.resource_facts import facilities_facts, staffing_facts
from wards.langson import WARDS_2025
from wards.models import Ward

NEW_WARDS = [new.code for new in WARDS_2025]


@pytest.fixture
def langson_demo(db):
    """Load the Lạng Sơn data with the demo data (placeholder officers' ratings included)."""
    call_command("load_langson", "--demo-data", stdout=io.StringIO())


def _results(year: int, codes: list[str]) -> dict[tuple[str, int], CriterionResult]:
    return {
        (row.ward.code, row.criterion.number): row
        for row in CriterionResult.objects.filter(
            year=year, ward__code__in=codes, criterion__number__in=[4, 5, 22]
        ).select_related("ward", "criterion")
    }


def test_the_four_current_wards_criteria_4_5_22_are_assessed_for_2025(langson_demo):
    call_command("score_year", "2025", stdout=io.StringIO())

    results = _results(2025, NEW_WARDS)
    assert len(results) == 12
    assert {row.result for row in results.values()} <= {Result.MET, Result.NOT_MET}
    # New Đông Kinh holds Vĩnh Trại's 13 officers and Đông Kinh's 13: over the 20 maximum.
    assert results[("dong-kinh-2025", 5)].inputs["headcount"] == 26
    assert results[("dong-kinh-2025", 5)].result == Result.NOT_MET
    # Lương Văn Tri works from Chi Lăng's building (889 m², built 2010): land and life are met.
    assert "889 m²" in results[("luong-van-tri", 22)].explanation
    assert results[("ky-lua", 4)].inputs["rated"] == results[("ky-lua", 4)].inputs["headcount"]


def test_2025_staffing_and_facilities_facts_come_from_the_predecessors(langson):
    ward = Ward.objects.get(code="dong-kinh-2025")

    staffing = staffing_facts(ward=ward, year=2025)
    facilities = facilities_facts(ward=ward, year=2025)

    assert staffing.headcount == 26
    assert staffing.team_sizes == {"cskv": 12, "crime_prevention": 6, "other": 8}
    # Its main building is old Đông Kinh's (680 m², 1986), the larger of the two plots.
    assert facilities.hq_land_area_m2 == 680
    assert facilities.hq_within_service_life is False
    assert facilities.equipment_gaps["photocopier"] == 0  # 1 + 1, summed on 01/07/2025


def test_a_dissolved_ward_keeps_its_figures_up_to_30_06_2025(langson):
    ward = Ward.objects.get(code="vinh-trai")

    staffing = staffing_facts(ward=ward, year=2024)
    facilities = facilities_facts(ward=ward, year=2025)

    assert staffing.headcount == 13
    assert facilities.hq_land_area_m2 == 217  # its building, passed on only on 01/07/2025
    assert datetime.date(2025, 6, 30) == ward.valid_to
