"""Every assumption is marked where a figure relying on it is shown."""

from __future__ import annotations

import pytest
from django.urls import reverse

from wards.assumptions import (
    BUDGET_EVEN_SPREAD,
    HQ_SERVICE_LIFE,
    TARGET_YEAR_ORDER,
    TEAM_EDUCATION_SPLIT,
)

PAGES = [
    ("facilities:staffing", TEAM_EDUCATION_SPLIT),
    ("facilities:roster", TEAM_EDUCATION_SPLIT),
    ("facilities:headquarters", HQ_SERVICE_LIFE),
    ("budget:overview", BUDGET_EVEN_SPREAD),
    ("dashboards:roadmap", TARGET_YEAR_ORDER),
]


@pytest.mark.parametrize(("url_name", "assumption"), PAGES)
def test_page_marks_the_assumption_its_figures_rely_on(
    url_name, assumption, langson, reviewer_client
):
    page = reviewer_client.get(reverse(url_name)).content.decode()
    assert 'class="badge badge-assumption">Giả định</span>' in page
    assert str(assumption.title) in page and str(assumption.text) in page


def test_roster_names_are_marked_as_illustrations(langson, reviewer_client):
    page = reviewer_client.get(reverse("facilities:roster")).content.decode()
    assert "(tên minh họa)" in page
