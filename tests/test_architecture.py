"""The house's shape: apps import one way (the import-linter contract) and no app holds more
than 35% of the application's code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from django.conf import settings

APPS = [
    "config",
    "wards",
    "facilities",
    "budget",
    "reports",
    "criteria",
    "dashboards",
    "documents",
    "api",
]


def _code_lines(folder: Path) -> int:
    """Count the non-blank lines of an app's Python code, tests and migrations aside."""
    total = 0
    for path in folder.rglob("*.py"):
        if {"tests", "migrations"} & set(path.relative_to(folder).parts):
            continue
        total += sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return total


def test_apps_import_one_way():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint), "--no-cache"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_the_layers_contract_names_every_app_in_order():
    import tomllib

    config = tomllib.loads((Path(settings.BASE_DIR) / "pyproject.toml").read_text("utf-8"))
    (contract,) = config["tool"]["importlinter"]["contracts"]
    layers = [name for layer in reversed(contract["layers"]) for name in layer.split(" | ")]
    assert layers == [*APPS, "bench"]


def test_no_app_holds_more_than_35_percent_of_the_code():
    base = Path(settings.BASE_DIR)
    lines = {app: _code_lines(base / app) for app in APPS}
    total = sum(lines.values())
    shares = {app: round(100 * n / total, 1) for app, n in lines.items()}
    assert max(shares.values()) <= 35, shares


def test_the_benchmark_is_not_an_installed_app():
    assert "bench" not in settings.INSTALLED_APPS
    assert not any(app.startswith(("reports.bench", "bench")) for app in settings.INSTALLED_APPS)
