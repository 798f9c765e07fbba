"""The API fuzzed against its own schema: schemathesis generates requests for every operation
from /api/schema/ and sends them to the Django WSGI app on the test database, as ward A's
officer and as a provincial reviewer (tokens made in fixtures). Checks: no 5xx, each status is
documented, the content type and body conform to the schema, and ward A's officer never reads
ward B's data.

Generated path and query values are mapped onto the test data (both wards, the years and
months that exist, ids of both wards' objects), so the requests reach real objects and the
ward check has something to catch. Examples per operation are bounded and the run is
deterministic (Hypothesis derandomized, no example database).
"""

from __future__ import annotations

import contextlib
import datetime
import itertools

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.services import token_create
from config.wsgi import application

MAX_EXAMPLES = 12
WARDS = ("ward-a", "ward-b")

CONFIG = schemathesis.Config.from_dict(
    {
        "generation": {
            "mode": "positive",
            "max-examples": MAX_EXAMPLES,
            "deterministic": True,
            "database": "none",
            "allow-x00": False,
            "with-security-parameters": False,
        },
        "phases": {"stateful": {"enabled": False}},
    }
)


@contextlib.contextmanager
def _connection_kept_between_requests():
    """Keep Django from closing the test's database connection at the end of each WSGI request
    (as its test client does): the test's transaction must outlive every request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_tokens(officer_a, reviewer) -> dict[str, str]:
    """Return a token per fuzzing role: ward A's officer and a provincial reviewer."""
    return {
        "officer_a": token_create(user=officer_a, name="fuzz")[1],
        "reviewer": token_create(user=reviewer, name="fuzz")[1],
    }


# Loaded once at collection through the WSGI app (the schema is public and reads no data).
with _connection_kept_between_requests():
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application, config=CONFIG)


class OtherWardDataRead(Failure):
    """A response to ward A's officer holds another ward's data."""


def ward_codes_in(body, *, ward_resource: bool) -> set[str]:
    """Return every ward code the body holds as the owner of a record ("ward": code), or, for
    the ward endpoints, as the ward a record is (its "code"); lineage links name other wards
    only as predecessors or successors, which is not their data."""
    found: set[str] = set()

    def walk(value, *, top: bool) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                owner = key == "ward" or (key == "code" and ward_resource and top)
                if owner and isinstance(item, str):
                    found.add(item)
                elif key in ("predecessors", "successors"):
                    continue
                else:
                    walk(item, top=top and key == "results")
        elif isinstance(value, list):
            for item in value:
                walk(item, top=top)

    walk(body, top=True)
    return found


def only_own_ward(own: str):
    """Return a schemathesis check: a successful response holds no ward's data but `own`."""

    def ward_a_officer_reads_only_ward_a(ctx, response, case) -> bool | None:
        if (
            response.status_code >= 300
            or "json" not in response.headers.get("content-type", [""])[0]
        ):
            return None
        ward_resource = case.operation.path.startswith("/api/wards/") and "monthly" not in (
            case.operation.path
        )
        others = ward_codes_in(response.json(), ward_resource=ward_resource) - {own}
        if others:
            raise OtherWardDataRead(
                operation=case.operation.label,
                title="Another ward's data",
                message=f"{case.operation.label} answered ward A's officer with {sorted(others)}",
            )
        return None

    return ward_a_officer_reads_only_ward_a


class OntoTestData:
    """Maps generated path and query values onto the data that exists: both wards (and now and
    then the generated code), the programme years, every month, small ids, the first page. The
    choices rotate in generation order, which Hypothesis keeps fixed (derandomized)."""

    def __init__(self) -> None:
        this_year = datetime.date.today().year
        self.choices = {
            "ward": itertools.cycle([*WARDS, None, "ward-a", "ward-b"]),
            "year": itertools.cycle([2024, 2023, this_year, 2024, this_year - 1]),
            "month": itertools.cycle(range(1, 13)),
            "id": itertools.cycle(range(1, 9)),
        }

    def __call__(self, case) -> None:
        for params in (case.path_parameters, case.query):
            for name, value in list((params or {}).items()):
                kind = {"code": "ward", "criteria_set": "id"}.get(name, name)
                if kind == "page":
                    params[name] = 1
                elif kind in self.choices:
                    choice = next(self.choices[kind])
                    params[name] = value if choice is None else choice


onto_test_data = OntoTestData()


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.mark.django_db
@schema.parametrize()
@hypothesis_settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case, api_world, fuzz_tokens, ward_a):
    onto_test_data(case)
    with _connection_kept_between_requests():
        case.call_and_validate(
            headers={"Authorization": f"Bearer {fuzz_tokens['officer_a']}"},
            checks=[*CHECKS, only_own_ward(ward_a.code)],
        )
        case.call_and_validate(
            headers={"Authorization": f"Bearer {fuzz_tokens['reviewer']}"}, checks=CHECKS
        )


def test_the_ward_check_sees_owners_and_not_lineage():
    ward = {
        "code": "ward-a",
        "predecessors": [{"code": "ward-b", "name": "B"}],
        "successors": [],
    }
    assert ward_codes_in({"results": [ward]}, ward_resource=True) == {"ward-a"}
    assert ward_codes_in(ward, ward_resource=True) == {"ward-a"}
    staffing = {"wards": [{"ward": "ward-a"}, {"ward": "ward-b"}], "total": {"headcount": 3}}
    assert ward_codes_in(staffing, ward_resource=False) == {"ward-a", "ward-b"}
    scorecard = {"ward": "ward-a", "results": [{"ward": "ward-b", "criterion": {"id": 1}}]}
    assert ward_codes_in(scorecard, ward_resource=False) == {"ward-a", "ward-b"}
    criteria = {"results": [{"id": 1, "code": "x"}]}
    assert ward_codes_in(criteria, ward_resource=False) == set()
