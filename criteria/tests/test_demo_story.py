"""`load_langson --demo-data` tells a story: Chi Lăng meets the standard in its target year,
the other wards progress, and every demo row says it is demo data."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from criteria.models import EvidenceFile, ManualDecision, Scorecard
from reports.models import BaselineSource, BaselineTotals, MonthlyReport
from wards.models import Ward

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("load_langson", "--demo-users", "--demo-data", verbosity=0)
    call_command("score_year", "2023", "2024", verbosity=0, stdout=io.StringIO())


def test_story_ward_is_a_model_ward_in_its_target_year(demo):
    ward = Ward.objects.get(code="chi-lang")
    card = Scorecard.objects.get(ward=ward, year=ward.target_year)
    assert ward.target_year == 2023
    assert card.is_model_ward and card.met_count == card.in_force_count == 22


def test_other_wards_progress_from_one_year_to_the_next(demo):
    for code in ("dong-kinh", "hoang-van-thu", "tam-thanh", "vinh-trai"):
        first = Scorecard.objects.get(ward__code=code, year=2023)
        second = Scorecard.objects.get(ward__code=code, year=2024)
        assert not first.is_model_ward
        assert second.met_count > first.met_count, code


def test_demo_decisions_and_evidence_say_they_are_demo_data(demo):
    decisions = ManualDecision.objects.filter(year__in=[2023, 2024])
    assert decisions.count() > 0
    assert all(d.note.startswith("Dữ liệu mẫu") for d in decisions)
    files = EvidenceFile.objects.all()
    assert files.exists()
    assert all(f.description.startswith("Dữ liệu mẫu") for f in files)
    assert all(f.original_name.startswith("du-lieu-mau-") for f in files)
    met = ManualDecision.objects.filter(ward__code="chi-lang", year=2023)
    assert {d.criterion.number for d in met if d.decision == "met"} == {1, 2, 3, 14}
    assert not MonthlyReport.objects.filter(is_demo=False).exists()
    baseline = BaselineTotals.objects.get(ward__code="chi-lang", year=2022)
    assert baseline.source == BaselineSource.DEMO
    assert baseline.criminal_cases == 4  # the Đề án's figure is kept


def test_loading_the_demo_again_adds_nothing(demo):
    decisions, files = ManualDecision.objects.count(), EvidenceFile.objects.count()
    call_command("load_langson", "--demo-users", "--demo-data", verbosity=0)
    assert ManualDecision.objects.count() == decisions
    assert EvidenceFile.objects.count() == files
