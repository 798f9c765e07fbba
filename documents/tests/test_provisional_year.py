"""A report on a year still running says its scorecards are provisional ("tạm tính đến tháng
N/YYYY") and concludes nothing about model wards for that year."""

from __future__ import annotations

import pytest

from criteria.models import CriteriaSet, Scorecard
from criteria.tests.scored import score_ward
from documents.tests.test_official import finalised, pdf_pages
from wards.models import Ward


@pytest.fixture
def scored_to_june_2026(programme):
    """The four current wards scored for 2026 with the approved months up to June."""
    criteria_set = CriteriaSet.objects.get(version=1)
    wards = list(Ward.objects.filter(in_programme=True, valid_from__isnull=False))
    for ward in wards:
        score_ward(ward, 2026, met=15, criteria_set=criteria_set)
    Scorecard.objects.filter(year=2026).update(provisional_month=6)
    return wards


@pytest.mark.django_db
def test_a_running_year_is_reported_as_provisional_with_no_verdict(scored_to_june_2026, reviewer):
    document = finalised("year_progress", 2026, None, reviewer)
    text = " ".join(pdf_pages(document.pdf.read()))

    assert "Kết quả đánh giá tiêu chí năm 2026 (tạm tính đến tháng 6/2026)" in text
    assert "chưa kết luận phường đạt kiểu mẫu của năm 2026" in text
    assert text.count("Chưa kết luận (năm chưa kết thúc)") == len(scored_to_june_2026)
    assert "Chưa đạt" not in text.split("Kết quả đánh giá tiêu chí năm 2026", 1)[1][:400]


@pytest.mark.django_db
def test_a_finished_year_keeps_its_verdicts(programme, reviewer):
    document = finalised("year_progress", 2025, None, reviewer)
    text = " ".join(pdf_pages(document.pdf.read()))

    assert "Kết quả đánh giá tiêu chí năm 2025 (" not in text
    assert "tạm tính" not in text.lower().split("kết quả đánh giá tiêu chí năm 2025", 1)[1][:400]
    assert "Chưa đạt" in text
