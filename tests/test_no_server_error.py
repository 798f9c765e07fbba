"""No input gives a 500: Hypothesis drives every query parameter and every form of every page
of the permission matrix, for each signed-in role, with odd values (other digits, control
characters, huge numbers, long text), and every answer must be below 500."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_permission_matrix import MATRIX, matrix_objects  # noqa: F401 - the fixture

ROLES = ("officer_a", "chief_a", "officer_b", "reviewer", "committee", "admin")
# Every query name a page reads (the period parameter's, older names, and the pages' own).
QUERY_NAMES = ("nam", "thang", "trang", "phuong", "year", "month", "page", "ward", "status")
SKIPPED = {"logout", "set_language", "login"}  # Django's own views, tested elsewhere
ODD = [
    "",
    "0",
    "-1",
    "²",
    "١٢",
    "٢٠٢٤",
    "２０２４",
    "1.234",
    "1,5",
    "9" * 5000,
    "2024\x00",
    "a\x0bb",
    "\u202etxt",
    "<script>x</script>",
    "../../etc/passwd",
    "' OR 1=1 --",
    "1e308",
    "NaN",
    "2" * 30,
]
VALUES = st.one_of(
    st.sampled_from(ODD),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.text(max_size=40),
)
# Signing out would end the probe's session; the language switch and the admin are Django's own.
NOT_PROBED = ("/admin/", "/accounts/logout/", "/i18n/")
FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
ACTION = re.compile(r'action="([^"]*)"')
METHOD = re.compile(r'method="post"', re.I)
FIELD = re.compile(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"[^>]*>', re.I)
FILE_FIELD = re.compile(r'type="file"', re.I)


def _post_forms(html: str, url: str) -> list[tuple[str, list[str]]]:
    """Return (action, field names) of each POST form on the page (file fields left out)."""
    forms = []
    for attributes, body in FORM.findall(html):
        if not METHOD.search(attributes):
            continue
        action = ACTION.search(attributes)
        target = (action.group(1) if action else "") or url
        if not target.startswith("/") or target.startswith(NOT_PROBED):
            continue
        names = [
            match.group(1)
            for match in FIELD.finditer(body)
            if match.group(1) != "csrfmiddlewaretoken" and not FILE_FIELD.search(match.group(0))
        ]
        forms.append((target.replace("&amp;", "&"), sorted(set(names))))
    return forms


def _check(response, what: str) -> None:
    assert response.status_code < 500, f"{what}: {response.status_code}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(set(MATRIX) - SKIPPED))
def test_no_input_gives_a_server_error(name, role_clients, matrix_objects):  # noqa: F811
    url = reverse(name, kwargs=MATRIX[name].kwargs(matrix_objects))
    pages = {role: role_clients[role].get(url) for role in ROLES}
    forms = {
        role: _post_forms(response.content.decode(errors="replace"), url)
        for role, response in pages.items()
        if response.status_code == 200 and "html" in response.get("Content-Type", "")
    }

    @settings(
        max_examples=4,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        query=st.dictionaries(st.sampled_from(QUERY_NAMES), VALUES, max_size=4),
        values=st.lists(VALUES, min_size=12, max_size=12),
    )
    def probe(query, values):
        for role in ROLES:
            client = role_clients[role]
            _check(client.get(url, query), f"GET {url} {query!r} as {role}")
            for action, names in forms.get(role, []):
                data = {field: values[i % len(values)] for i, field in enumerate(names)}
                _check(client.post(action, data), f"POST {action} {data!r} as {role}")

    probe()
