"""Every URL against every role: what must be refused is refused, what must work works.

A URL pattern without an entry in MATRIX fails test_every_url_has_an_entry, so a new view
cannot ship without saying who may open it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

LOGIN = "login"  # redirect to the login page
ROLES = ("anonymous", "officer_a", "chief_a", "officer_b", "reviewer", "committee", "admin")
# URL namespaces tested elsewhere (Django's own admin and i18n views).
EXCLUDED_PREFIXES = ("admin:",)


@dataclass(frozen=True)
class Case:
    """How to build the URL (from the objects of ward A) and the GET status per role."""

    expect: dict[str, int | str]
    kwargs: Callable[[dict], dict] = field(default=lambda objects: {})


def everyone(status: int | str) -> dict[str, int | str]:
    """Return the same expectation for every signed-in role, login redirect for anonymous."""
    return {"anonymous": LOGIN, **{role: status for role in ROLES if role != "anonymous"}}


def scoped(*, own: int = 200, other: int = 404, province: int = 200) -> dict[str, int | str]:
    """Return expectations for a page about ward A: its staff, ward B's staff, the province."""
    return {
        "anonymous": LOGIN,
        "officer_a": own,
        "chief_a": own,
        "officer_b": other,
        "reviewer": province,
        "committee": province,
        "admin": province,
    }


PUBLIC = dict.fromkeys(ROLES, 200)

MATRIX: dict[str, Case] = {
    "healthz": Case(PUBLIC),
    "login": Case(PUBLIC),
    "logout": Case(dict.fromkeys(ROLES, 405)),  # logout is POST only
    "set_language": Case(dict.fromkeys(ROLES, 302)),  # GET redirects back, changes nothing
    "password_change": Case(everyone(200)),
    "password_change_done": Case(everyone(200)),
    "home": Case(everyone(200)),
    "wards:list": Case(everyone(200)),
    "wards:detail": Case(scoped(), kwargs=lambda o: {"code": o["ward_a"].code}),
}


def _url_names(patterns, prefix: str = "") -> list[str]:
    """Return the namespaced names of every URL pattern under the resolver."""
    names: list[str] = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names.extend(_url_names(pattern.url_patterns, namespace))
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(f"{prefix}{pattern.name}")
    return names


def test_every_url_has_an_entry():
    names = {
        name
        for name in _url_names(get_resolver().url_patterns)
        if not name.startswith(EXCLUDED_PREFIXES)
    }
    missing = sorted(names - MATRIX.keys())
    assert not missing, f"URL names without a permission-matrix entry: {missing}"
    stale = sorted(MATRIX.keys() - names)
    assert not stale, f"Matrix entries for URL names that no longer exist: {stale}"


@pytest.fixture
def matrix_objects(ward_a, ward_b) -> dict:
    """Return the objects the URLs are built from: ward A's (ward B's staff must not see them)."""
    return {"ward_a": ward_a, "ward_b": ward_b}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_url_answers_each_role_as_the_matrix_says(name, role_clients, matrix_objects):
    case = MATRIX[name]
    url = reverse(name, kwargs=case.kwargs(matrix_objects))
    failures = []
    for role in ROLES:
        response = role_clients[role].get(url)
        expected = case.expect[role]
        if expected == LOGIN:
            ok = response.status_code == 302 and reverse("login") in response.get("Location", "")
        else:
            ok = response.status_code == expected
        if not ok:
            failures.append(f"{role}: expected {expected}, got {response.status_code}")
    assert not failures, f"{name} ({url}): " + "; ".join(failures)
