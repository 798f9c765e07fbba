"""The `services` marker: a test that needs a real service is skipped, with the reason, where the
service is missing; under CI (CI=true, or CI_SERVICES=1 as .ci/run sets) it fails instead, so a
green CI run means the service tests really ran.

    @pytest.mark.services("postgres", "redis")   # no names: both of these

A pytest plugin, loaded by the root conftest.py; `pytest_runtest_setup` is its one hook.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterable, Mapping

import pytest

# What each name means, as said in a skip reason or a failure message.
SERVICES = {
    "postgres": "PostgreSQL named by DATABASE_URL",
    "redis": "Redis named by REDIS_URL",
    "redis-server": "the redis-server program (the test starts its own Redis)",
    "postgres-server": "the PostgreSQL server programs initdb/pg_ctl (the test starts a cluster)",
}
DEFAULT = ("postgres", "redis")
_YES = {"1", "true", "yes", "on"}


def services_required(environ: Mapping[str, str]) -> bool:
    """Return True when a missing service must fail the test: CI=true or CI_SERVICES=1."""
    return any(environ.get(name, "").strip().lower() in _YES for name in ("CI", "CI_SERVICES"))


def needed_services(marks: Iterable[pytest.Mark]) -> tuple[str, ...]:
    """Return the services named by a test's `services` marks (DEFAULT for a bare mark);
    raise on a name that is not in SERVICES."""
    names: list[str] = []
    for mark in marks:
        for name in mark.args or DEFAULT:
            if name not in SERVICES:
                raise pytest.UsageError(
                    f"@pytest.mark.services({name!r}): unknown service; use {sorted(SERVICES)}"
                )
            if name not in names:
                names.append(name)
    return tuple(names)


def decide(missing: Mapping[str, str], *, required: bool) -> tuple[str, str] | None:
    """Return None when nothing is missing, else ("fail", message) when services are required
    and ("skip", reason) otherwise; `missing` maps each missing service to why."""
    if not missing:
        return None
    why = "; ".join(f"{SERVICES[name]}: {reason}" for name, reason in missing.items())
    if required:
        return (
            "fail",
            f"needs {why}. CI=true/CI_SERVICES=1 is set, so this test may not be skipped: "
            "start the service (see .ci/run) or unset CI to skip it locally.",
        )
    return "skip", f"needs {why} (set in CI)"


def _postgres_missing() -> str | None:
    from django.db import connections

    settings_dict = connections["default"].settings_dict
    if connections["default"].vendor != "postgresql":
        return "DATABASE_URL is unset or not postgres://, so the tests run on SQLite"
    host, port = settings_dict.get("HOST") or "", int(settings_dict.get("PORT") or 5432)
    try:
        if not host or host.startswith("/"):
            path = f"{host or '/var/run/postgresql'}/.s.PGSQL.{port}"
            with socket.socket(socket.AF_UNIX) as sock:
                sock.settimeout(2)
                sock.connect(path)
        else:
            socket.create_connection((host, port), timeout=2).close()
    except OSError as exc:
        return f"nothing answers at {host or 'the local socket'}:{port} ({exc.strerror or exc})"
    return None


def _redis_missing() -> str | None:
    from django.conf import settings

    url = getattr(settings, "REDIS_URL", None)
    if not url:
        return "REDIS_URL is unset"
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping()
    except redis.RedisError as exc:
        return f"{url.split('@')[-1]} does not answer ({type(exc).__name__})"
    return None


def _redis_server_missing() -> str | None:
    from tests.processes import redis_binary

    return None if redis_binary() else "not installed (apt-get install redis-server)"


def _postgres_server_missing() -> str | None:
    from tests.processes import postgres_bindir

    return None if postgres_bindir() else "not installed (apt-get install postgresql)"


PROBES = {
    "postgres": _postgres_missing,
    "redis": _redis_missing,
    "redis-server": _redis_server_missing,
    "postgres-server": _postgres_server_missing,
}
_probed: dict[str, str | None] = {}  # one probe per service and test session


def pytest_runtest_setup(item: pytest.Item) -> None:
    marks = list(item.iter_markers("services"))
    if not marks:
        return
    missing = {}
    for name in needed_services(marks):
        if name not in _probed:
            _probed[name] = PROBES[name]()
        if _probed[name]:
            missing[name] = _probed[name]
    decision = decide(missing, required=services_required(os.environ))
    if decision is None:
        return
    action, message = decision
    if action == "fail":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)
