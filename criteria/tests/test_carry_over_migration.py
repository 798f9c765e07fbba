"""The data migration that points criteria 8 and 20 at received + carried over."""

import importlib

import pytest
from django.apps import apps

from criteria.models import Criterion

pytestmark = pytest.mark.django_db

migration = importlib.import_module("criteria.migrations.0006_handled_against_carried_over")
SHIPPED_8 = {
    "source": "months",
    "part": "crime_reports_handled",
    "whole": "crime_reports_received",
    "min_pct": "100",
}


def test_shipped_checks_change_and_change_back_while_edited_ones_stay(criteria_2023):
    eight = Criterion.objects.get(criteria_set=criteria_2023, number=8)
    twenty = Criterion.objects.get(criteria_set=criteria_2023, number=20)
    eight.thresholds = {"checks": [SHIPPED_8]}
    eight.save()
    edited = {**twenty.thresholds["checks"][1], "whole": "procedures_received"}
    twenty.thresholds = {"checks": [twenty.thresholds["checks"][0], edited]}
    twenty.save()

    migration.forwards(apps, None)
    eight.refresh_from_db()
    twenty.refresh_from_db()
    assert eight.thresholds["checks"] == [{**SHIPPED_8, "carried": "crime_reports_carried_over"}]
    assert twenty.thresholds["checks"][1] == edited  # an administrator's edit is left alone

    migration.backwards(apps, None)
    eight.refresh_from_db()
    assert eight.thresholds["checks"] == [SHIPPED_8]
