"""A database migrated before the apps were split migrates forward with every row kept: the
generated documents and the data generation keep their tables and rows in their new apps."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from config.models import DataGeneration
from documents.models import GeneratedDocument
from wards.models import Ward

BEFORE_SPLIT = [
    ("reports", "0005_data_generation"),
    ("documents", None),
    ("config", None),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


@pytest.mark.django_db(transaction=True)
def test_rows_written_before_the_split_are_kept_after_it():
    executor = _migrate(BEFORE_SPLIT)
    old = executor.loader.project_state(BEFORE_SPLIT[:1]).apps
    OldDocument = old.get_model("reports", "GeneratedDocument")
    OldGeneration = old.get_model("reports", "DataGeneration")
    # the wards app is not part of the split: its table is the current one
    ward = Ward.objects.create(code="before", name="Trước khi tách", valid_from="2023-01-01")
    OldDocument.objects.create(
        kind="year_workbook_xlsx", year=2025, key="year_workbook_xlsx:2025", state="queued"
    )
    OldDocument.objects.create(
        kind="ward_scorecard_pdf",
        year=2024,
        ward_id=ward.pk,
        key=f"ward_scorecard_pdf:2024:{ward.pk}",
        state="done",
        progress=100,
        file="documents/2024/abc.pdf",
        size=1234,
    )
    OldGeneration.objects.update_or_create(name="dashboards", defaults={"counter": 42})

    leaves = executor.loader.graph.leaf_nodes()
    _migrate(leaves)

    assert not MigrationExecutor(connection).migration_plan(leaves)  # fully migrated
    documents = list(GeneratedDocument.objects.order_by("year").values_list("kind", "ward__code"))
    assert documents == [("ward_scorecard_pdf", "before"), ("year_workbook_xlsx", None)]
    done = GeneratedDocument.objects.get(state="done")
    assert (done.file.name, done.size, done.progress) == ("documents/2024/abc.pdf", 1234, 100)
    # migrate raises the generation past the clock: the counter only ever grows
    assert DataGeneration.objects.get(name="dashboards").counter >= 42
    assert GeneratedDocument._meta.db_table == "reports_generateddocument"
    assert DataGeneration._meta.db_table == "reports_datageneration"
