"""The 22 criteria are loaded by load_langson, idempotently; the admin publishes new versions."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from criteria.models import CriteriaSet, Criterion, CriterionKind, Scorecard
from wards.models import Ward

pytestmark = pytest.mark.django_db


def test_load_langson_loads_the_22_criteria_once(langson):
    criteria_set = CriteriaSet.objects.get()
    assert criteria_set.effective_year == 2023
    assert criteria_set.criteria.count() == 22
    assert list(
        criteria_set.criteria.filter(kind=CriterionKind.MANUAL).values_list("number", flat=True)
    ) == [1, 2, 3]
    assert criteria_set.criteria.get(number=14).kind == CriterionKind.MIXED
    assert criteria_set.criteria.get(number=9).thresholds["min_decrease_pct"] == "6"
    snapshot = list(Criterion.objects.values_list("pk", "number", "title_vi", "thresholds"))
    call_command("load_langson", stdout=io.StringIO())
    assert list(Criterion.objects.values_list("pk", "number", "title_vi", "thresholds")) == (
        snapshot
    )


def test_an_administrators_edit_survives_a_reload(langson):
    criterion = Criterion.objects.get(number=9)
    criterion.thresholds = {"zero_field": "serious_resident_crimes", "min_decrease_pct": "5"}
    criterion.save()
    call_command("load_langson", stdout=io.StringIO())
    criterion.refresh_from_db()
    assert criterion.thresholds["min_decrease_pct"] == "5"


def test_score_year_on_the_langson_wards(langson):
    out = io.StringIO()
    call_command("score_year", "2023", stdout=out)
    assert Scorecard.objects.filter(year=2023).count() == 5
    assert "Phường Chi Lăng (đến 30/06/2025): đạt 0/22" in out.getvalue()
    # 2025: the five old wards (January-June) and the four new ones (July-December)
    call_command("score_year", "2025", stdout=io.StringIO())
    assert Scorecard.objects.filter(year=2025).count() == 9
    assert not Scorecard.objects.filter(ward__in_programme=False).exists()
    assert Ward.objects.get(code="ky-lua").scorecards.get().in_force_count == 22


def test_admin_publishes_a_new_version_for_the_next_year(langson, admin_client_user):
    source = CriteriaSet.objects.get()
    response = admin_client_user.post(
        reverse("admin:criteria_criteriaset_changelist"),
        {"action": "publish_next_year", "_selected_action": [source.pk]},
    )
    assert response.status_code == 302
    new_set = CriteriaSet.objects.get(version=2)
    assert new_set.effective_year == 2024
    assert new_set.criteria.count() == 22
    assert source.criteria.count() == 22  # the old set is untouched
