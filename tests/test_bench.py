"""`python -m bench` at a tiny scale: it writes the JSON with the expected keys, in its own
database (never the test's or the user's)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from bench.database import bench_database_url, bench_folder


def test_bench_database_is_beside_the_configured_one(monkeypatch):
    monkeypatch.delenv("BENCH_DATABASE_URL", raising=False)
    assert bench_database_url("postgres://u:p@db:5432/modelward").endswith("/modelward_bench")
    assert bench_database_url("postgres://u@db/x_bench").endswith("/x_bench")
    assert bench_database_url(None).endswith("/bench/bench.sqlite3")


def test_a_bad_bench_database_url_fails_loudly(monkeypatch):
    monkeypatch.setenv("BENCH_DATABASE_URL", "mysql://u@db/x_bench")
    with pytest.raises(ImproperlyConfigured, match="BENCH_DATABASE_URL"):
        bench_database_url("postgres://u@db/modelward")


def _own_bench_database() -> str:
    """Return a benchmark database for this test only (not the one `make bench` uses)."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        parts = urlsplit(url)
        return parts._replace(path=parts.path + "_unittest_bench").geturl()
    return f"sqlite:///{bench_folder() / 'unittest-bench.sqlite3'}"


def test_bench_runs_at_a_tiny_scale_and_writes_its_json(tmp_path):
    output = tmp_path / "bench.json"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench",
            "--scales",
            "2,3",
            "--years",
            "2",
            "--users",
            "2",
            "--output",
            str(output),
        ],
        cwd=settings.BASE_DIR,
        env={**os.environ, "BENCH_DATABASE_URL": _own_bench_database()},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(output.read_text(encoding="utf-8"))
    assert set(report) >= {"generated_at", "database", "machine", "scales", "rows"}
    assert report["scales"] == [2, 3]
    assert report["database"]["name"].endswith(("_bench", "bench.sqlite3"))
    sections = {(row["section"], row["wards"]) for row in report["rows"]}
    per_scale = {"scoring", "dashboard", "documents"}
    assert sections == {(s, n) for s in per_scale for n in (2, 3)} | {("form_save", 3)}
    measured = [row for row in report["rows"] if not row.get("skipped")]
    for row in measured:
        assert set(row) >= {"measure", "value", "floor", "ratio", "target", "met", "unit"}
        assert row["value"] > 0 and (row["floor"] is None or row["floor"] > 0)
    measures = {(row["measure"], row["wards"]): row for row in measured}
    # Every timed figure of the issue has its target and a ratio against a floor of the run.
    for name, target in (
        ("score the year (first run)", 3.0),
        ("score again (no change)", 3.0),
        ("province dashboard median", 3.0),
        ("dashboard right after a change", 10.0),
        ("year workbook Excel", 2.0),
    ):
        for wards in (2, 3):
            row = measures[(name, wards)]
            assert row["target"] == target and row["ratio"] > 0
            assert row["met"] == (row["ratio"] <= target)
    assert measures[("dashboard right after a change", 3)]["change"]
    queries = "province dashboard SQL queries"
    assert measures[(queries, 2)]["value"] == measures[(queries, 3)]["value"]
    assert {"progress report PDF", "year workbook Excel", "Excel export peak memory"} <= {
        row["measure"] for row in measured
    }
    (save,) = [row for row in report["rows"] if row["measure"] == "save p95 (2 users)"]
    assert save["target"] == 10.0
    if report["database"]["vendor"] == "postgresql":
        assert save["errors"] == 0 and save["ratio"] > 0 and save["floor"] > 0
        assert "PostgreSQL" in save["server"]
    else:  # 200 savers need PostgreSQL: said, not silently left out
        assert "needs PostgreSQL" in save["skipped"] and save["value"] is None
        assert "form_save skipped: needs PostgreSQL" in result.stdout
    assert "scoring" in result.stdout and "form_save" in result.stdout
