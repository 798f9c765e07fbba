"""The settings modules, read as source: every setting is assigned in one place only.

The shared settings live in config/settings/components/ (one module per concern, composed by
base.py); local.py, test.py and production.py may re-assign only the names listed here.
"""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import pytest

SETTINGS = Path(__file__).resolve().parent.parent / "config" / "settings"
COMPONENTS = sorted((SETTINGS / "components").glob("*.py"))
ENVIRONMENTS = ("local", "test", "production")

# The only shared settings an environment module may assign again, and why.
OVERRIDES = {
    "local": {"DEBUG"},  # on by default when developing
    "test": {
        "DEBUG",  # off whatever DJANGO_DEBUG says
        "MEDIA_ROOT",  # a temporary folder (or the parent test's, for a child worker)
        "STATIC_ROOT",  # a temporary folder
        "STORAGES",  # no manifest: tests do not run collectstatic
        "EMAIL_BACKEND",  # the outbox that tests read
        "DATABASES",  # SQLite tests use an in-memory database
        "PAGE_CACHE_SECONDS",  # no page cache: test transactions never commit
        "API_THROTTLE_RATES",  # one client address and reused user ids across tests
    },
    "production": {
        "DEBUG",  # always off
        "SECRET_KEY",  # required, no local default
        "ALLOWED_HOSTS",  # required, no local default
        "ALLOW_DEMO_DATA",  # never demo accounts
    },
}


def _setting(target: ast.expr) -> str | None:
    """Return the setting a target assigns or changes (`NAME = `, `NAME[...] = `, `NAME.x = `)."""
    while isinstance(target, ast.Subscript | ast.Attribute):
        target = target.value
    if isinstance(target, ast.Name) and target.id.isupper():
        return target.id
    return None


def assigned_settings(path: Path) -> list[str]:
    """Return the upper-case names a module assigns, augments or mutates by item or attribute,
    at any depth of its top level (inside if/else and try too), once per assignment."""
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
            raise AssertionError(f"{path.name}: settings modules define no functions or classes")
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            targets = [node.target]
        elif isinstance(node, ast.Delete):
            targets = node.targets
        for target in targets:
            elements = target.elts if isinstance(target, ast.Tuple | ast.List) else [target]
            names.extend(name for name in map(_setting, elements) if name)
    return names


def test_every_shared_setting_is_assigned_once_in_one_component():
    owners: dict[str, list[str]] = {}
    for path in COMPONENTS:
        for name in assigned_settings(path):
            owners.setdefault(name, []).append(path.stem)
    twice = {name: where for name, where in owners.items() if len(where) > 1}
    assert not twice, f"assigned more than once (module per assignment): {twice}"
    assert {"INSTALLED_APPS", "DATABASES", "CACHES", "CELERY_BROKER_URL"} <= owners.keys()


def test_base_only_composes_the_components():
    tree = ast.parse((SETTINGS / "base.py").read_text(encoding="utf-8"))
    statements = [node for node in tree.body if not isinstance(node, ast.Expr)]  # docstring
    assert all(isinstance(node, ast.ImportFrom) for node in statements)
    imported = {node.module for node in statements}
    assert imported == {f"config.settings.components.{path.stem}" for path in COMPONENTS} - {
        "config.settings.components.__init__"
    }


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_environments_override_only_the_listed_settings_once(environment):
    shared = {name for path in COMPONENTS for name in assigned_settings(path)}
    names = assigned_settings(SETTINGS / f"{environment}.py")
    repeated = sorted(name for name, count in Counter(names).items() if count > 1)
    assert not repeated, f"{environment}.py assigns these more than once: {repeated}"
    overridden = set(names) & shared
    assert overridden == OVERRIDES[environment], (
        f"{environment}.py overrides {sorted(overridden)}; the list allows "
        f"{sorted(OVERRIDES[environment])} (add to OVERRIDES with a reason, or drop the override)"
    )


def test_installed_apps_is_one_literal_list():
    (owner,) = [path for path in COMPONENTS if "INSTALLED_APPS" in assigned_settings(path)]
    tree = ast.parse(owner.read_text(encoding="utf-8"))
    (value,) = [
        node.value
        for node in tree.body
        if isinstance(node, ast.Assign) and _setting(node.targets[0]) == "INSTALLED_APPS"
    ]
    assert isinstance(value, ast.List)
    assert all(
        isinstance(item, ast.Constant) and isinstance(item.value, str) for item in value.elts
    )


def test_test_only_knobs_live_in_the_test_settings():
    shared = {name for path in COMPONENTS for name in assigned_settings(path)}
    knobs = {"SCORING_WARD_DELAY_MS", "DOCUMENT_RENDER_DELAY_MS"}
    assert knobs <= set(assigned_settings(SETTINGS / "test.py"))
    assert not knobs & shared


def test_the_checker_sees_assignments_in_branches_and_by_item(tmp_path):
    module = tmp_path / "sample.py"
    module.write_text(
        "A = 1\nif A:\n    B = 2\nelse:\n    B = 3\nC: int = 4\nD = {}\nD['x'] = 1\n"
        "E, F = 1, 2\nG += 1\n_private = 5\nlower = 6\n",
        encoding="utf-8",
    )
    assert sorted(assigned_settings(module)) == ["A", "B", "B", "C", "D", "D", "E", "F", "G"]
