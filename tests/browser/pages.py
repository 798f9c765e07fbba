"""Every HTML page each demo role reaches, built from the Lạng Sơn demo data.

The URL names are those of tests/test_permission_matrix.py; `test_every_page_name_is_listed`
(tests/browser/test_phone_and_accessibility.py) fails when a GET page of the matrix is missing
here, so a new page is checked on a phone and by axe-core as soon as it exists.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

DEMO_PASSWORD = "demo12345"
WARD = "chi-lang"
YEAR = 2024  # the year the demo_province fixture assesses
MONTH = 3

OFFICER = "officer-chi-lang"
CHIEF = "chief-chi-lang"
NEW_WARD_OFFICER = "officer-luong-van-tri"
REVIEWER = "reviewer"
COMMITTEE = "committee"
ADMIN = "admin"
ANONYMOUS = ""

WARD_STAFF = {OFFICER, CHIEF, NEW_WARD_OFFICER}
REVIEWERS = {REVIEWER, ADMIN}
PROVINCE = {REVIEWER, COMMITTEE, ADMIN}
EVERYONE = WARD_STAFF | PROVINCE
PERSONAL_DATA = WARD_STAFF | REVIEWERS

# URL names of the permission matrix that are not HTML pages of their own (files, POST-only
# actions, redirects, JSON) or are Django's, with why.
NOT_PAGES = {
    "healthz": "JSON",
    "logout": "POST only",
    "set_language": "POST (GET redirects back)",
    "facilities:roster_export": "Excel file",
    "facilities:officer_rating": "POST only",
    "facilities:milestone_add": "POST only",
    "budget:allocation_update": "POST only",
    "budget:disburse": "POST only",
    "budget:disbursement_cancel": "POST only",
    "reports:baseline_open": "redirect",
    "reports:export": "Excel file",
    "reports:excel_template": "Excel file",
    "reports:excel_upload": "POST only (its error page is checked by the journeys)",
    "reports:action": "POST only",
    "criteria:index": "redirect",
    "criteria:decide": "POST only",
    "criteria:upload": "POST only",
    "criteria:score_now": "POST only",
    "criteria:evidence_download": "file",
    "criteria:set_excel": "Excel file",
    "criteria:set_activate": "POST only",
    "documents:request": "POST only",
    "documents:status": "JSON",
    "documents:download": "file",
    "documents:retry": "POST only",
    "api:allocation-detail": "JSON (API)",
    "api:allocation-list": "JSON (API)",
    "api:budget": "JSON (API)",
    "api:criteria-set-detail": "JSON (API)",
    "api:criteria-set-list": "JSON (API)",
    "api:criterion-detail": "JSON (API)",
    "api:criterion-list": "JSON (API)",
    "api:equipment": "JSON (API)",
    "api:headquarters-detail": "JSON (API)",
    "api:headquarters-list": "JSON (API)",
    "api:monthly-report-detail": "JSON (API)",
    "api:monthly-report-list": "JSON (API)",
    "api:officer-list": "JSON (API)",
    "api:project-detail": "JSON (API)",
    "api:project-list": "JSON (API)",
    "api:scorecard-detail": "JSON (API)",
    "api:scorecard-list": "JSON (API)",
    "api:staffing": "JSON (API)",
    "api:ward-detail": "JSON (API)",
    "api:ward-list": "JSON (API)",
    "api:ward-monthly-report": "JSON (API)",
    "api:yearly-report-detail": "JSON (API)",
    "api:yearly-report-list": "JSON (API)",
    "api:schema": "OpenAPI schema (YAML/JSON)",
    "api:token_revoke": "POST only",
    "api:ward-monthly-report-submit": "POST only (API)",
    "documents:official_create": "POST only",
    "documents:official_edit": "POST only",
    "documents:official_finalise": "POST only",
    "documents:official_preview": "POST only",
    "documents:official_refresh": "POST only",
    "documents:official_supersede": "POST only",
    "documents:official_file": "PDF or Word file",
    "reports:export_csv": "CSV file",
}


@dataclass(frozen=True)
class Page:
    """One page: a short name for screenshots, the URL name, how to build it, who opens it."""

    name: str
    url_name: str
    roles: frozenset[str]
    kwargs: dict | None = None
    query: str = ""
    ready: str = ""  # a selector to wait for: the page draws its content after loading

    def path(self, objects: dict) -> str:
        kwargs = {
            key: (objects[value[1:]] if isinstance(value, str) and value.startswith("@") else value)
            for key, value in (self.kwargs or {}).items()
        }
        url = reverse(self.url_name, kwargs=kwargs)
        return f"{url}?{self.query}" if self.query else url


def _page(name, url_name, roles, query="", ready="", **kwargs) -> Page:
    return Page(name, url_name, frozenset(roles), kwargs or None, query, ready)


PAGES: list[Page] = [
    _page("login", "login", {ANONYMOUS}),
    _page("home", "home", EVERYONE),
    _page("password", "password_change", EVERYONE),
    _page("password-done", "password_change_done", EVERYONE),
    _page("wards", "dashboards:ward_list", EVERYONE),
    _page("ward", "dashboards:ward_detail", EVERYONE - {NEW_WARD_OFFICER}, code=WARD),
    _page("ward-new", "dashboards:ward_detail", {NEW_WARD_OFFICER, REVIEWER}, code="@new_ward"),
    _page("province-dashboard", "dashboards:province", PROVINCE, query=f"nam={YEAR}"),
    _page(
        "ward-dashboard",
        "dashboards:ward",
        EVERYONE - {NEW_WARD_OFFICER},
        query=f"nam={YEAR}",
        code=WARD,
    ),
    _page("roadmap", "dashboards:roadmap", EVERYONE),
    _page("roadmap-edit", "dashboards:roadmap_edit", REVIEWERS, code=WARD),
    _page("staffing", "facilities:staffing", EVERYONE),
    _page("roster", "facilities:roster", PERSONAL_DATA),
    _page("officer-new", "facilities:officer_create", WARD_STAFF),
    _page("officer-edit", "facilities:officer_edit", {OFFICER, CHIEF}, pk="@officer"),
    _page("equipment", "facilities:equipment", EVERYONE),
    _page("equipment-new", "facilities:equipment_create", WARD_STAFF),
    _page("headquarters", "facilities:headquarters", EVERYONE),
    _page("headquarters-edit", "facilities:headquarters_edit", REVIEWERS, code=WARD),
    _page("project-new", "facilities:project_create", REVIEWERS),
    _page("project-edit", "facilities:project_edit", REVIEWERS, pk="@project"),
    _page("budget", "budget:overview", PROVINCE),
    _page("official-documents", "documents:official_list", PROVINCE),
    _page("official-document", "documents:official_detail", PROVINCE, pk="@official"),
    _page("api-tokens", "api:tokens", EVERYONE),
    _page("api-docs", "api:docs", EVERYONE | {ANONYMOUS}, ready=".opblock"),
    _page("allocation-new", "budget:allocation_create", REVIEWERS),
    _page("allocation", "budget:allocation", PROVINCE, pk="@allocation"),
    _page("budget-history", "budget:history", PROVINCE),
    _page("reports", "reports:list", EVERYONE),
    _page("board", "reports:board", EVERYONE, query=f"year={YEAR}"),
    _page("baselines", "reports:baselines", EVERYONE),
    _page("baseline-edit", "reports:baseline_edit", REVIEWERS, code=WARD, year=2022),
    _page("review", "reports:review", REVIEWERS),
    _page("notifications", "reports:notifications", EVERYONE),
    _page(
        "monthly",
        "reports:monthly",
        EVERYONE - {NEW_WARD_OFFICER},
        code=WARD,
        year=YEAR,
        month=MONTH,
    ),
    _page(
        "monthly-new-ward",
        "reports:monthly",
        {NEW_WARD_OFFICER},
        code="@new_ward",
        year="@this_year",
        month="@this_month",
    ),
    _page("yearly", "reports:yearly", EVERYONE - {NEW_WARD_OFFICER}, code=WARD, year=YEAR),
    _page(
        "report-history",
        "reports:history",
        EVERYONE - {NEW_WARD_OFFICER, COMMITTEE},
        kind="monthly",
        pk="@report",
    ),
    _page("matrix", "criteria:matrix", PROVINCE, year=YEAR),
    _page("scorecard", "criteria:scorecard", EVERYONE - {NEW_WARD_OFFICER}, year=YEAR, code=WARD),
    _page(
        "criterion",
        "criteria:criterion",
        EVERYONE - {NEW_WARD_OFFICER},
        year=YEAR,
        code=WARD,
        number=1,
    ),
    _page("criteria-sets", "criteria:sets", REVIEWERS),
    _page("criteria-set-import", "criteria:set_import", REVIEWERS),
    _page("criteria-set-compare", "criteria:set_compare", REVIEWERS),
    _page("documents", "documents:list", EVERYONE),
]

USERNAMES = [ANONYMOUS, OFFICER, CHIEF, NEW_WARD_OFFICER, REVIEWER, COMMITTEE, ADMIN]


def demo_objects() -> dict:
    """Return the demo objects the page addresses are built from (a draft of the yearly progress
    report is started by the reviewer if none exists)."""
    import datetime

    from django.db.models import Q

    from budget.models import Allocation
    from documents.models import OfficialDocument
    from documents.services import official_create
    from facilities.models import BuildingProject, Officer
    from reports.models import MonthlyReport
    from wards.models import User

    today = datetime.date.today()
    official = OfficialDocument.objects.order_by("pk").first() or official_create(
        kind="year_progress", year=YEAR, user=User.objects.get(username=REVIEWER)
    )
    return {
        "new_ward": "luong-van-tri",
        "this_year": today.year,
        "this_month": today.month,
        "officer": Officer.objects.filter(ward__code=WARD).order_by("pk").first().pk,
        # the ward's project, which passed to its successor on 01/07/2025
        "project": BuildingProject.objects.filter(
            Q(ward__code=WARD) | Q(ward__predecessors__code=WARD)
        )
        .order_by("pk")
        .first()
        .pk,
        "allocation": Allocation.objects.order_by("pk").first().pk,
        "report": MonthlyReport.objects.get(ward__code=WARD, year=YEAR, month=MONTH).pk,
        "official": official.pk,
    }


def pages_of(username: str, objects: dict) -> list[tuple[str, str, str]]:
    """Return (name, path, selector to wait for) of every page the user reaches."""
    return [(page.name, page.path(objects), page.ready) for page in PAGES if username in page.roles]
