"""Fixtures shared by the documents tests."""

import pytest

from criteria.models import CriteriaSet
from criteria.tests.factories import MonthlyReportFactory
from criteria.tests.scored import score_ward
from wards.models import Ward


@pytest.fixture
def programme(langson):
    """The Lạng Sơn data with Chi Lăng a model ward in 2023, the five wards scored for 2024
    (Hoàng Văn Thụ 18/22, the others 12/22), the four new wards for 2025 and approved monthly
    reports for 2025-2026."""
    criteria_set = CriteriaSet.objects.get(version=1)
    chi_lang = Ward.objects.get(code="chi-lang")
    score_ward(chi_lang, 2023, met=22, criteria_set=criteria_set)
    for ward in Ward.objects.filter(in_programme=True, valid_to__isnull=False):
        met = 18 if ward.code == "hoang-van-thu" else 12
        score_ward(ward, 2024, met=met, criteria_set=criteria_set)
    for ward in Ward.objects.filter(in_programme=True, valid_from__isnull=False):
        score_ward(ward, 2025, met=15, criteria_set=criteria_set)
        for month in range(1, 6):
            MonthlyReportFactory(ward=ward, year=2026, month=month, criminal_cases=3)
    return chi_lang
