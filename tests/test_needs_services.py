"""The `services` marker (tests/needs_services.py): skipped with the reason where a service is
missing, failed instead under CI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.needs_services import (
    DEFAULT,
    PROBES,
    SERVICES,
    decide,
    needed_services,
    services_required,
)

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("environ", "required"),
    [
        ({}, False),
        ({"CI": "true"}, True),
        ({"CI": "1"}, True),
        ({"CI": "TRUE "}, True),
        ({"CI": "false"}, False),
        ({"CI": ""}, False),
        ({"CI_SERVICES": "1"}, True),
        ({"CI": "false", "CI_SERVICES": "1"}, True),
        ({"CI_SERVICES": "0"}, False),
    ],
)
def test_services_are_required_under_ci_or_ci_services(environ, required):
    assert services_required(environ) is required


def test_nothing_missing_runs_the_test_even_under_ci():
    assert decide({}, required=True) is None
    assert decide({}, required=False) is None


def test_a_missing_service_skips_locally_with_the_reason():
    action, reason = decide({"redis": "REDIS_URL is unset"}, required=False)
    assert action == "skip"
    assert "Redis named by REDIS_URL: REDIS_URL is unset" in reason


def test_a_missing_service_fails_under_ci_naming_every_missing_service():
    action, message = decide(
        {"postgres": "DATABASE_URL is unset", "redis": "REDIS_URL is unset"}, required=True
    )
    assert action == "fail"
    assert "PostgreSQL named by DATABASE_URL: DATABASE_URL is unset" in message
    assert "Redis named by REDIS_URL: REDIS_URL is unset" in message
    assert "may not be skipped" in message


def test_a_bare_mark_needs_postgres_and_redis_and_names_add_up():
    assert needed_services([pytest.mark.services.mark]) == DEFAULT == ("postgres", "redis")
    marks = [pytest.mark.services("redis-server").mark, pytest.mark.services("postgres").mark]
    assert needed_services(marks) == ("redis-server", "postgres")


def test_an_unknown_service_name_is_a_usage_error():
    with pytest.raises(pytest.UsageError, match="unknown service"):
        needed_services([pytest.mark.services("mongodb").mark])


def test_every_service_has_a_probe():
    assert PROBES.keys() == SERVICES.keys()


SAMPLE = """
import pytest

@pytest.mark.services("redis-server")
def test_needs_redis_server():
    pass

def test_needs_nothing():
    pass
"""


def _run(pytester, monkeypatch, **environ):
    """Run the sample in a fresh pytest with redis-server out of reach (an empty PATH)."""
    for name in ("CI", "CI_SERVICES"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("PATH", str(pytester.mkdir("empty-bin")))
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    pytester.makepyfile(SAMPLE)
    return pytester.runpytest_subprocess(
        "-p", "no:django", "-p", "no:cacheprovider", "-p", "tests.needs_services", "-rsE"
    )


def test_the_hook_skips_a_test_whose_service_is_missing(pytester, monkeypatch):
    result = _run(pytester, monkeypatch)
    result.assert_outcomes(passed=1, skipped=1)
    result.stdout.fnmatch_lines(["*SKIPPED*needs the redis-server program*not installed*"])


@pytest.mark.parametrize("ci", [{"CI": "true"}, {"CI_SERVICES": "1"}])
def test_the_hook_fails_that_test_under_ci(pytester, monkeypatch, ci):
    result = _run(pytester, monkeypatch, **ci)
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*needs the redis-server program*may not be skipped*"])
    assert result.ret != 0
