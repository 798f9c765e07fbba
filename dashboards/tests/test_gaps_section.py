"""The ward dashboard's section "Còn thiếu gì để đạt kiểu mẫu"."""

from __future__ import annotations

import pytest
from django.urls import reverse

from criteria.langson import load_criteria
from criteria.tests.factories import year_of_reports


@pytest.mark.django_db
def test_the_ward_dashboard_says_what_is_still_missing(officer_a_client, ward_a):
    load_criteria()
    year_of_reports(ward_a, 2023, social_order_crimes=2)
    year_of_reports(ward_a, 2024, social_order_crimes=3, serious_fires=[0, 1] + [0] * 10)
    url = reverse("dashboards:ward", kwargs={"code": ward_a.code}) + "?nam=2024"
    response = officer_a_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="h-gaps">Còn thiếu gì để đạt kiểu mẫu</h2>' in html
    gaps = response.context["gaps"]
    assert gaps.through_month is None  # 2024 is over
    texts = {(g.number, g.status): g.text for g in gaps.items}
    fire = texts[(6, "not_met")]
    assert fire == (
        "Đã có 1 vụ cháy, nổ nghiêm trọng trở lên (mục tiêu: không có) — không đạt trong năm 2024."
    )
    # 24 last year, 36 this year: at most 22 allowed (−6%), 14 over.
    crime = texts[(9, "not_met")]
    assert crime.startswith("Tội phạm về TTXH: 36 vụ, đã vượt mức cho phép 14 vụ")
    for text in (fire, crime, "Chưa có quyết định đánh giá của Công an tỉnh."):
        assert text in html
    assert "Không đạt" in html and "Chưa đánh giá" in html
