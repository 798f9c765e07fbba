"""Every URL against every role: what must be refused is refused, what must work works.

A URL pattern without an entry in MATRIX fails test_every_url_has_an_entry, so a new view
cannot ship without saying who may open it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from wards.access import Action, allows
from wards.models import Role, User
from wards.navigation import ADMIN_ENTRY, MENU

LOGIN = "login"  # redirect to the login page
ROLES = ("anonymous", "officer_a", "chief_a", "officer_b", "reviewer", "committee", "admin")
# URL namespaces tested elsewhere (Django's own admin and i18n views).
EXCLUDED_PREFIXES = ("admin:",)


@dataclass(frozen=True)
class Case:
    """How to build the URL (from the objects of ward A) and the GET status per role."""

    expect: dict[str, int | str]
    kwargs: Callable[[dict], dict] = field(default=lambda objects: {})
    query: str = ""


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


def roles(allowed: set[str], *, refused: int = 403) -> dict[str, int | str]:
    """Return 200 for the allowed roles, `refused` for the other signed-in roles."""
    return {
        "anonymous": LOGIN,
        **{role: (200 if role in allowed else refused) for role in ROLES if role != "anonymous"},
    }


def api(expect: dict[str, int | str]) -> dict[str, int | str]:
    """Return the expectations for an API address: anonymous gets 401 (JSON), not the login
    page."""
    return {**expect, "anonymous": 401}


def post_only() -> dict[str, int | str]:
    """Return 405 for every role: the view only accepts POST (its POST is tested in its app)."""
    return dict.fromkeys(ROLES, 405)


PUBLIC = dict.fromkeys(ROLES, 200)
MONTH = {"year": 2024, "month": 3}
# The role sets come from the access policy itself (one unsaved user per role: the policy reads
# only role and ward), so the matrix checks that every page enforces what the policy says.
POLICY_USERS = {
    "officer_a": User(role=Role.WARD_OFFICER, ward_id=1),
    "chief_a": User(role=Role.WARD_CHIEF, ward_id=1),
    "officer_b": User(role=Role.WARD_OFFICER, ward_id=2),
    "reviewer": User(role=Role.REVIEWER),
    "committee": User(role=Role.COMMITTEE),
    "admin": User(role=Role.ADMIN),
}


def policy_roles(action: Action, *, own_scope: bool = False) -> set[str]:
    """Return the roles the policy lets do the action (province-wide, or in their own ward)."""
    return {
        role
        for role, user in POLICY_USERS.items()
        if allows(user, action, user if own_scope else None)
    }


WARD_STAFF = policy_roles(Action.EDIT, own_scope=True)
PERSONAL_DATA = policy_roles(Action.SEE_PERSONAL_DATA)
REVIEWERS = policy_roles(Action.MANAGE_PROGRAMME)
PROVINCE = policy_roles(Action.VIEW_PROVINCE)

MATRIX: dict[str, Case] = {
    "healthz": Case(PUBLIC),
    "login": Case(PUBLIC),
    "logout": Case(dict.fromkeys(ROLES, 405)),  # logout is POST only
    "set_language": Case(dict.fromkeys(ROLES, 302)),  # GET redirects back, changes nothing
    "password_change": Case(everyone(200)),
    "password_change_done": Case(everyone(200)),
    "home": Case(everyone(200)),
    "dashboards:ward_list": Case(everyone(200)),
    "dashboards:ward_detail": Case(scoped(), kwargs=lambda o: {"code": o["ward_a"].code}),
    # facilities: staffing, roster (personal data), equipment, headquarters, projects, roadmap
    "facilities:staffing": Case(everyone(200)),
    "facilities:roster": Case(roles(PERSONAL_DATA)),
    "facilities:roster_export": Case(roles(PERSONAL_DATA)),
    "facilities:officer_create": Case(roles(WARD_STAFF)),
    "facilities:officer_edit": Case(
        {**scoped(province=403), "reviewer": 403, "admin": 403, "committee": 403},
        kwargs=lambda o: {"pk": o["officer_a"].pk},
    ),
    "facilities:officer_rating": Case(post_only(), kwargs=lambda o: {"pk": o["officer_a"].pk}),
    "facilities:equipment": Case(everyone(200)),
    "facilities:equipment_create": Case(roles(WARD_STAFF)),
    "facilities:headquarters": Case(everyone(200)),
    "facilities:headquarters_edit": Case(
        roles(REVIEWERS), kwargs=lambda o: {"code": o["ward_a"].code}
    ),
    "facilities:project_create": Case(roles(REVIEWERS)),
    "facilities:project_edit": Case(roles(REVIEWERS), kwargs=lambda o: {"pk": o["project_a"].pk}),
    "facilities:milestone_add": Case(post_only(), kwargs=lambda o: {"pk": o["project_a"].pk}),
    "dashboards:roadmap": Case(everyone(200)),
    "dashboards:roadmap_edit": Case(roles(REVIEWERS), kwargs=lambda o: {"code": o["ward_a"].code}),
    # budget: province only; reviewers and administrators change it
    "budget:overview": Case(roles(PROVINCE)),
    "budget:allocation_create": Case(roles(REVIEWERS)),
    "budget:allocation": Case(roles(PROVINCE), kwargs=lambda o: {"pk": o["allocation_a"].pk}),
    "budget:allocation_update": Case(post_only(), kwargs=lambda o: {"pk": o["allocation_a"].pk}),
    "budget:disburse": Case(post_only(), kwargs=lambda o: {"pk": o["allocation_a"].pk}),
    "budget:disbursement_cancel": Case(
        post_only(), kwargs=lambda o: {"pk": o["disbursement_a"].pk}
    ),
    "budget:history": Case(roles(PROVINCE)),
    # reports: monthly and yearly statistics, review, completeness, Excel
    "reports:list": Case(everyone(200)),
    "reports:board": Case(everyone(200)),
    "reports:baselines": Case(everyone(200)),
    "reports:baseline_open": Case(
        {**roles(set()), "reviewer": 302, "admin": 302}  # no ward/year given: back to the list
    ),
    "reports:baseline_edit": Case(
        roles(REVIEWERS), kwargs=lambda o: {"code": o["ward_a"].code, "year": 2022}
    ),
    "reports:review": Case(roles(REVIEWERS)),
    "reports:notifications": Case(everyone(200)),
    "reports:export": Case(everyone(200), kwargs=lambda o: {"year": 2024}),
    "reports:export_csv": Case(everyone(200), kwargs=lambda o: {"year": 2024}),
    "reports:monthly": Case(scoped(), kwargs=lambda o: {"code": o["ward_a"].code, **MONTH}),
    "reports:excel_template": Case(scoped(), kwargs=lambda o: {"code": o["ward_a"].code, **MONTH}),
    "reports:excel_upload": Case(post_only(), kwargs=lambda o: {"code": o["ward_a"].code, **MONTH}),
    "reports:yearly": Case(scoped(), kwargs=lambda o: {"code": o["ward_a"].code, "year": 2024}),
    "reports:history": Case(
        {**scoped(), "committee": 403},
        kwargs=lambda o: {"kind": "monthly", "pk": o["report_a"].pk},
    ),
    # criteria: scorecards, matrix, manual decisions, evidence, scoring jobs
    "criteria:index": Case(dict(everyone(302))),  # redirects to the scorecard or the matrix
    "criteria:matrix": Case(roles(PROVINCE), kwargs=lambda o: {"year": 2024}),
    "criteria:scorecard": Case(scoped(), kwargs=lambda o: {"year": 2024, "code": o["ward_a"].code}),
    "criteria:criterion": Case(
        scoped(), kwargs=lambda o: {"year": 2024, "code": o["ward_a"].code, "number": 1}
    ),
    "criteria:decide": Case(
        {**roles(set()), "reviewer": 405, "admin": 405},
        kwargs=lambda o: {"year": 2024, "code": o["ward_a"].code, "number": 1},
    ),
    "criteria:upload": Case(
        {**post_only(), "anonymous": LOGIN},
        kwargs=lambda o: {"year": 2024, "code": o["ward_a"].code, "number": 1},
    ),
    "criteria:evidence_download": Case(scoped(), kwargs=lambda o: {"pk": o["evidence_a"].pk}),
    "criteria:score_now": Case({**roles(set()), "reviewer": 405, "admin": 405}),
    # criteria-set versions: list, Excel template, import, comparison, activation (POST)
    "criteria:sets": Case(roles(REVIEWERS)),
    "criteria:set_import": Case(roles(REVIEWERS)),
    "criteria:set_compare": Case(roles(REVIEWERS)),
    "criteria:set_excel": Case(
        roles(REVIEWERS), kwargs=lambda o: {"version": o["criteria_set"].version}
    ),
    "criteria:set_activate": Case(
        {**roles(set()), "reviewer": 405, "admin": 405},
        kwargs=lambda o: {"version": o["criteria_set"].version},
    ),
    "reports:action": Case(
        post_only(),
        kwargs=lambda o: {"kind": "monthly", "pk": o["report_a"].pk, "action": "submit"},
    ),
    # dashboards and generated documents (PDF, Excel)
    "dashboards:province": Case(
        {**roles(PROVINCE), "officer_a": 302, "chief_a": 302, "officer_b": 302}
    ),
    "dashboards:ward": Case(scoped(), kwargs=lambda o: {"code": o["ward_a"].code}),
    "documents:list": Case(everyone(200)),
    "documents:request": Case({**post_only(), "anonymous": LOGIN}),
    "documents:status": Case(scoped(), kwargs=lambda o: {"pk": o["document_a"].pk}),
    "documents:download": Case(scoped(), kwargs=lambda o: {"pk": o["document_a"].pk}),
    "documents:retry": Case(
        {**post_only(), "anonymous": LOGIN}, kwargs=lambda o: {"pk": o["document_a"].pk}
    ),
    # official documents: the province reads, reviewers and administrators write (POST only)
    "documents:official_list": Case(roles(PROVINCE)),
    "documents:official_create": Case({**post_only(), "anonymous": LOGIN}),
    "documents:official_detail": Case(roles(PROVINCE), kwargs=lambda o: {"pk": o["official"].pk}),
    "documents:official_edit": Case(
        {**post_only(), "anonymous": LOGIN}, kwargs=lambda o: {"pk": o["official"].pk}
    ),
    "documents:official_refresh": Case(
        {**post_only(), "anonymous": LOGIN}, kwargs=lambda o: {"pk": o["official"].pk}
    ),
    "documents:official_finalise": Case(
        {**post_only(), "anonymous": LOGIN}, kwargs=lambda o: {"pk": o["official"].pk}
    ),
    "documents:official_supersede": Case(
        {**post_only(), "anonymous": LOGIN}, kwargs=lambda o: {"pk": o["official"].pk}
    ),
    "documents:official_preview": Case(
        {**post_only(), "anonymous": LOGIN},
        kwargs=lambda o: {"pk": o["official"].pk, "fmt": "pdf"},
    ),
    "documents:official_file": Case(
        roles(PROVINCE), kwargs=lambda o: {"pk": o["official"].pk, "fmt": "pdf"}
    ),
    # API (JSON under /api/): the same rules; reports are read approved by province roles and in
    # any status by their ward's staff (report_a is a draft, approved_a approved).
    "api:schema": Case(PUBLIC),
    "api:docs": Case(PUBLIC),
    "api:tokens": Case(everyone(200)),
    "api:token_revoke": Case(post_only(), kwargs=lambda o: {"pk": o["token_a"].pk}),
    "api:ward-list": Case(api(everyone(200))),
    "api:ward-detail": Case(api(scoped()), kwargs=lambda o: {"code": o["ward_a"].code}),
    "api:ward-monthly-report": Case(
        api(scoped(province=404)), kwargs=lambda o: {"code": o["ward_a"].code, **MONTH}
    ),
    "api:ward-monthly-report-submit": Case(  # POST only; its POST is tested in api/tests
        api(everyone(405)), kwargs=lambda o: {"code": o["ward_a"].code, **MONTH}
    ),
    "api:criteria-set-list": Case(api(everyone(200))),
    "api:criteria-set-detail": Case(
        api(everyone(200)), kwargs=lambda o: {"pk": o["criteria_set"].pk}
    ),
    "api:criterion-list": Case(api(everyone(200))),
    "api:criterion-detail": Case(api(everyone(200)), kwargs=lambda o: {"pk": o["criterion"].pk}),
    "api:scorecard-list": Case(api(everyone(200))),
    "api:scorecard-detail": Case(api(scoped()), kwargs=lambda o: {"pk": o["scorecard_a"].pk}),
    "api:monthly-report-list": Case(api(everyone(200))),
    "api:monthly-report-detail": Case(api(scoped()), kwargs=lambda o: {"pk": o["approved_a"].pk}),
    "api:yearly-report-list": Case(api(everyone(200))),
    "api:yearly-report-detail": Case(api(scoped()), kwargs=lambda o: {"pk": o["yearly_a"].pk}),
    "api:staffing": Case(api(everyone(200))),
    "api:equipment": Case(api(everyone(200))),
    "api:officer-list": Case(api(roles(PERSONAL_DATA))),
    "api:headquarters-list": Case(api(everyone(200))),
    "api:headquarters-detail": Case(api(scoped()), kwargs=lambda o: {"code": o["ward_a"].code}),
    "api:project-list": Case(api(everyone(200))),
    "api:project-detail": Case(api(scoped()), kwargs=lambda o: {"pk": o["project_a"].pk}),
    "api:budget": Case(api(roles(PROVINCE))),
    "api:allocation-list": Case(api(roles(PROVINCE))),
    "api:allocation-detail": Case(
        api(roles(PROVINCE)), kwargs=lambda o: {"pk": o["allocation_a"].pk}
    ),
}

# The same pages asked for ward B's data by ward A's staff (through a query parameter).
QUERY_CASES: dict[str, Case] = {
    "facilities:roster": Case(
        {**roles(PERSONAL_DATA), "officer_a": 404, "chief_a": 404},
        query="ward={ward_b}",
    ),
    "facilities:roster_export": Case(
        {**roles(PERSONAL_DATA), "officer_a": 404, "chief_a": 404},
        query="ward={ward_b}",
    ),
    "reports:export": Case(
        {**everyone(200), "officer_a": 404, "chief_a": 404},
        kwargs=lambda o: {"year": 2024},
        query="ward={ward_b}",
    ),
    "reports:export_csv": Case(
        {**everyone(200), "officer_a": 404, "chief_a": 404},
        kwargs=lambda o: {"year": 2024},
        query="ward={ward_b}",
    ),
    **{
        name: Case(api({**everyone(200), "officer_a": 404, "chief_a": 404}), query="ward={ward_b}")
        for name in (
            "api:scorecard-list",
            "api:monthly-report-list",
            "api:yearly-report-list",
            "api:project-list",
        )
    },
    "api:officer-list": Case(
        api({**roles(PERSONAL_DATA), "officer_a": 404, "chief_a": 404}), query="ward={ward_b}"
    ),
    "api:allocation-list": Case(api(roles(PROVINCE)), query="ward={ward_b}"),
}


def named_routes(patterns, prefix: str = "") -> list[tuple[str, str]]:
    """Return (namespaced name, route) of every named URL pattern under the resolver."""
    routes: list[tuple[str, str]] = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            routes.extend(named_routes(pattern.url_patterns, namespace))
        elif isinstance(pattern, URLPattern) and pattern.name:
            routes.append((f"{prefix}{pattern.name}", str(pattern.pattern)))
    return routes


def test_every_url_has_an_entry():
    names = {
        name
        for name, _route in named_routes(get_resolver().url_patterns)
        if not name.startswith(EXCLUDED_PREFIXES)
    }
    missing = sorted(names - MATRIX.keys())
    assert not missing, f"URL names without a permission-matrix entry: {missing}"
    stale = sorted(MATRIX.keys() - names)
    assert not stale, f"Matrix entries for URL names that no longer exist: {stale}"


@pytest.fixture
def matrix_objects(ward_a, ward_b, reviewer) -> dict:
    """Return the objects the URLs are built from: ward A's (ward B's staff must not see them)."""
    from django.core.files.base import ContentFile
    from django.core.files.uploadedfile import SimpleUploadedFile

    from api.services import token_create
    from budget.services import disbursement_create
    from budget.tests.factories import AllocationFactory
    from criteria.langson import load_criteria
    from criteria.models import CriteriaSet, Criterion
    from criteria.services import evidence_file_add
    from criteria.tests.scored import score_ward
    from documents.models import (
        DocumentKind,
        DocumentState,
        GeneratedDocument,
        OfficialDocument,
    )
    from facilities.tests.factories import (
        BuildingProjectFactory,
        HeadquartersFactory,
        OfficerFactory,
    )
    from reports.tests.factories import MonthlyReportFactory, YearlyReportFactory
    from wards.models import ResponsibleBody

    load_criteria()
    criteria_set = CriteriaSet.objects.get(version=1)
    evidence = evidence_file_add(
        ward=ward_a,
        year=2024,
        criterion=Criterion.objects.get(number=1, criteria_set__effective_year=2023),
        upload=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n1 0 obj\n", "application/pdf"),
        user=reviewer,
    )
    project = BuildingProjectFactory(ward=ward_a)
    allocation = AllocationFactory(project=project)
    document = GeneratedDocument.objects.create(
        kind=DocumentKind.WARD_SCORECARD_PDF,
        year=2024,
        ward=ward_a,
        key=f"ward_scorecard_pdf:2024::{ward_a.pk}",
        state=DocumentState.DONE,
        progress=100,
        file=ContentFile(b"%PDF-1.4\n", name="test.pdf"),
    )
    issuer = ResponsibleBody.objects.create(code="cat", name="CÔNG AN TỈNH", abbreviation="CAT")
    official = OfficialDocument.objects.create(
        kind="year_progress",
        year_from=2024,
        year_to=2024,
        issuer=issuer,
        issued_on=datetime.date(2025, 1, 5),
        title="BÁO CÁO",
        summary="Tiến độ năm 2024",
        state="final",
        finalised_at=datetime.datetime(2025, 1, 5, tzinfo=datetime.UTC),
        pdf=ContentFile(b"%PDF-1.4\n", name="official.pdf"),
        docx=ContentFile(b"PK\x03\x04", name="official.docx"),
    )
    return {
        "official": official,
        "document_a": document,
        "ward_a": ward_a,
        "ward_b": ward_b,
        "officer_a": OfficerFactory(ward=ward_a),
        "project_a": project,
        "evidence_a": evidence,
        "report_a": MonthlyReportFactory(ward=ward_a, year=2024, month=3),
        "approved_a": MonthlyReportFactory(ward=ward_a, year=2024, month=4, approved=True),
        "yearly_a": YearlyReportFactory(ward=ward_a, year=2024, status="approved"),
        "criteria_set": criteria_set,
        "criterion": criteria_set.criteria.get(number=1),
        "scorecard_a": score_ward(ward_a, 2024, met=3, criteria_set=criteria_set),
        "headquarters_a": HeadquartersFactory(ward=ward_a),
        "token_a": token_create(user=reviewer, name="matrix")[0],
        "allocation_a": allocation,
        "disbursement_a": disbursement_create(
            allocation_id=allocation.pk, amount=1000, paid_on=datetime.date(2026, 3, 1)
        ),
    }


def _check(case: Case, url: str, role_clients) -> list[str]:
    """Return the roles whose GET answer differs from the case's expectation."""
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
    return failures


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_url_answers_each_role_as_the_matrix_says(name, role_clients, matrix_objects):
    case = MATRIX[name]
    url = reverse(name, kwargs=case.kwargs(matrix_objects))
    failures = _check(case, url, role_clients)
    assert not failures, f"{name} ({url}): " + "; ".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(QUERY_CASES))
def test_other_wards_data_by_query_parameter_is_refused(name, role_clients, matrix_objects):
    case = QUERY_CASES[name]
    query = case.query.format(ward_b=matrix_objects["ward_b"].code)
    url = reverse(name, kwargs=case.kwargs(matrix_objects)) + "?" + query
    failures = _check(case, url, role_clients)
    assert not failures, f"{name} ({url}): " + "; ".join(failures)


def test_policy_role_sets_are_the_expected_people():
    assert {"officer_a", "chief_a", "officer_b"} == WARD_STAFF
    assert {"officer_a", "chief_a", "officer_b", "reviewer", "admin"} == PERSONAL_DATA
    assert {"reviewer", "admin"} == REVIEWERS
    assert {"reviewer", "committee", "admin"} == PROVINCE


@pytest.mark.django_db
def test_menu_shows_each_role_exactly_the_pages_it_may_open(role_clients, matrix_objects):
    """The menu asks the policy; the matrix says what each page answers: the menu never links
    to a page that refuses the role (a page may be open without a menu link, as notifications
    are for the province, who are sent none)."""
    for entry in [*MENU, ADMIN_ENTRY]:
        for role in ROLES:
            if role == "anonymous":
                continue
            user = POLICY_USERS[role]
            shown = entry.allowed(user)
            if entry.admin_site:
                status = role_clients[role].get(reverse(entry.url_name)).status_code
                assert (status == 200) == shown, (entry.url_name, role, status)
                continue
            expected = MATRIX[entry.url_name].expect[role]
            if shown:
                assert expected in (200, 302), (entry.url_name, role, expected)
            else:
                assert expected != 200 or entry.url_name == "reports:notifications", (
                    entry.url_name,
                    role,
                )
