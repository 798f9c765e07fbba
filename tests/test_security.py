"""Security hardening: login throttling, CSRF, CSP, session expiry, upload limits, audit trails."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from reports.models import MonthlyReport, ReportTransition
from reports.rules import MONTHLY_FIELDS
from reports.tests.factories import MonthlyReportFactory
from tests.fixtures import PASSWORD
from tests.test_permission_matrix import MATRIX, matrix_objects  # noqa: F401 (fixture)
from tests.test_settings import PRODUCTION_ENV, _run_manage

ROOT = Path(settings.BASE_DIR)
LOGIN = "/accounts/login/"


def _login(client: Client, username: str, password: str):
    return client.post(LOGIN, {"username": username, "password": password})


# --- Login throttling and the login audit trail -------------------------------------------------


@pytest.mark.django_db
def test_login_locks_after_the_failure_limit_with_a_clear_message(officer_a):
    client = Client()
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        response = _login(client, "officer-a", "wrong-password")
        assert response.status_code == 200  # the form again, with its error
    response = _login(client, "officer-a", "wrong-password")
    assert response.status_code == 429
    assert "Tài khoản tạm thời bị khóa đăng nhập" in response.content.decode()
    # Even the right password is refused while locked, and no session is opened.
    response = _login(client, "officer-a", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username="officer-a").failures_since_start >= limit


@pytest.mark.django_db
def test_lock_is_per_username_and_address(officer_a, chief_a):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "officer-a", "wrong-password")
    response = _login(client, "chief-a", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(chief_a.pk)


@pytest.mark.django_db
def test_logins_and_failures_are_recorded_for_administrators(officer_a, admin_client_user):
    _login(Client(), "officer-a", "wrong-password")
    _login(Client(), "officer-a", PASSWORD)
    assert AccessFailureLog.objects.filter(username="officer-a").count() == 1
    assert AccessLog.objects.filter(username="officer-a").count() == 1
    for model in ("accesslog", "accessfailurelog"):
        response = admin_client_user.get(f"/admin/axes/{model}/")
        assert response.status_code == 200
        assert "officer-a" in response.content.decode()


@pytest.mark.django_db
def test_approvals_are_recorded_and_shown_to_administrators(
    chief_a_client, reviewer_client, admin_client_user, ward_a, reviewer
):
    report = MonthlyReportFactory(ward=ward_a, year=2024, month=3)
    chief_a_client.post(
        reverse("reports:action", args=["monthly", report.pk, "submit"]),
        {"version": report.version},
    )
    report.refresh_from_db()
    reviewer_client.post(
        reverse("reports:action", args=["monthly", report.pk, "approve"]),
        {"version": report.version},
    )
    rows = list(
        ReportTransition.objects.filter(monthly_report=report)
        .order_by("created_at")
        .values_list("action", "actor__username")
    )
    assert rows == [("submit", "chief-a"), ("approve", "reviewer")]
    response = admin_client_user.get("/admin/reports/reporttransition/")
    assert response.status_code == 200
    assert escape(str(reviewer)) in response.content.decode()


@pytest.mark.django_db
def test_audit_pages_are_for_administrators_only(reviewer_client, committee_client):
    for client in (reviewer_client, committee_client):
        for path in ("/admin/axes/accesslog/", "/admin/reports/reporttransition/"):
            response = client.get(path)
            assert response.status_code == 302
            assert "/admin/login/" in response["Location"]


# --- CSRF on every state-changing view ----------------------------------------------------------


def _database_rows() -> dict[str, int]:
    """Return the row count of every model of the project's apps (to prove nothing changed)."""
    labels = {"wards", "reports", "criteria", "facilities", "budget", "sessions"}
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in labels
    }


@pytest.fixture
def csrf_clients(officer_a, chief_a, reviewer, admin_user) -> dict[str, Client]:
    """Return signed-in clients that enforce CSRF checks, as Django does for browsers."""
    clients = {}
    for user in (officer_a, chief_a, reviewer, admin_user):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        clients[user.username] = client
    return clients


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_post_without_csrf_token_is_refused_and_changes_nothing(
    name,
    csrf_clients,
    matrix_objects,  # noqa: F811
):
    url = reverse(name, kwargs=MATRIX[name].kwargs(matrix_objects))
    payload = {
        "year": 2024,
        "amount": 1000,
        "reason": "x",
        "version": 1,
        "decision": "met",
        "note": "x",
        "username": "officer-a",
        "password": PASSWORD,
        **dict.fromkeys(MONTHLY_FIELDS, 1),
    }
    before = _database_rows()
    for username, client in csrf_clients.items():
        response = client.post(url, payload)
        assert response.status_code == 403, f"{name} as {username}: {response.status_code}"
        assert "csrf-failure" in response.content.decode()
    assert _database_rows() == before


@pytest.mark.django_db
def test_anonymous_login_post_without_token_is_refused(officer_a):
    client = Client(enforce_csrf_checks=True)
    response = client.post(LOGIN, {"username": "officer-a", "password": PASSWORD})
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_post_with_the_token_from_the_page_works(officer_a, ward_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer_a)
    url = reverse("reports:monthly", args=[ward_a.code, 2024, 3])
    page = client.get(url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = {
        **dict.fromkeys(MONTHLY_FIELDS, 1),
        "version": 0,
        "csrfmiddlewaretoken": token,
        "procedures_received": 3,
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert MonthlyReport.objects.filter(ward=ward_a, year=2024, month=3).exists()


# --- Content-Security-Policy ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", [LOGIN, "/", "/reports/", "/healthz"])
def test_pages_send_a_strict_content_security_policy(path, officer_a_client):
    response = officer_a_client.get(path, follow=True)
    policy = response.headers["Content-Security-Policy"]
    directives = dict(
        [*part.strip().split(" ", 1), ""][:2] for part in policy.split(";") if part.strip()
    )
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def _template_files() -> list[Path]:
    found = list((ROOT / "templates").rglob("*.html"))
    for app in ("wards", "reports", "criteria", "facilities", "budget", "api"):
        found += list((ROOT / app / "templates").rglob("*.html"))
    return sorted(found)


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
STYLE_BLOCK = re.compile(r"<style[\s>]", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
EVENT_ATTRIBUTE = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE)


def test_templates_have_no_inline_scripts_or_styles():
    templates = _template_files()
    assert len(templates) > 20
    offenders = []
    for path in templates:
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, STYLE_BLOCK, STYLE_ATTRIBUTE, EVENT_ATTRIBUTE):
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                offenders.append(f"{path.relative_to(ROOT)}:{line}: {match.group(0).strip()}")
    assert not offenders, "inline script/style in templates:\n" + "\n".join(offenders)


# --- Production settings: secure cookies, HSTS ------------------------------------------------

PRODUCTION_VALUES = (
    "from django.conf import settings as s; "
    "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
    "s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_SSL_REDIRECT, "
    "s.SECURE_CONTENT_TYPE_NOSNIFF, s.X_FRAME_OPTIONS, s.DEBUG, "
    "s.SESSION_EXPIRE_AT_BROWSER_CLOSE, s.SESSION_COOKIE_AGE)"
)


def test_production_settings_secure_cookies_and_hsts():
    result = _run_manage(PRODUCTION_ENV, "shell", "-c", PRODUCTION_VALUES)
    assert result.returncode == 0, result.stderr
    values = result.stdout.strip().splitlines()[-1].split()
    assert values == [
        "True",  # session cookie only over HTTPS
        "True",  # CSRF cookie only over HTTPS
        "True",  # session cookie hidden from scripts
        "31536000",  # HSTS one year
        "True",
        "True",  # HTTP redirected to HTTPS
        "True",
        "DENY",
        "False",
        "True",  # the session ends when the browser closes
        str(8 * 3600),  # and after 8 hours at most
    ]


# --- Session expiry ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_session_cookie_lasts_until_the_browser_closes_and_expires_server_side(officer_a):
    client = Client()
    response = _login(client, "officer-a", PASSWORD)
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == ""  # a browser-session cookie
    session = Session.objects.get(session_key=cookie.value)
    lifetime = session.expire_date - timezone.now()
    assert datetime.timedelta(hours=7, minutes=59) < lifetime <= datetime.timedelta(hours=8)


@pytest.mark.django_db
def test_an_expired_session_has_to_sign_in_again(officer_a):
    client = Client()
    _login(client, "officer-a", PASSWORD)
    assert client.get("/reports/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get("/reports/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


# --- Upload limits ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_excel_upload_over_the_limit_is_refused_and_saves_nothing(
    officer_a_client, ward_a, settings
):
    settings.MAX_UPLOAD_BYTES = 2048
    upload = SimpleUploadedFile("bao-cao.xlsx", b"PK\x03\x04" + b"0" * 4096)
    response = officer_a_client.post(
        reverse("reports:excel_upload", args=[ward_a.code, 2024, 3]), {"file": upload}
    )
    assert response.status_code in {200, 400}
    assert "MB" in response.content.decode()
    assert not MonthlyReport.objects.exists()


@pytest.mark.django_db
def test_evidence_upload_over_the_limit_is_refused(reviewer_client, ward_a, settings):
    from criteria.langson import load_criteria
    from criteria.models import EvidenceFile

    load_criteria()
    settings.MAX_UPLOAD_BYTES = 2048
    upload = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n" + b"0" * 4096, "application/pdf")
    response = reviewer_client.post(
        reverse("criteria:upload", args=[2024, ward_a.code, 1]), {"file": upload}
    )
    assert response.status_code == 400
    assert not EvidenceFile.objects.exists()


def test_request_body_limits_are_set():
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS <= 2000
    assert settings.MAX_UPLOAD_BYTES <= 10 * 1024 * 1024


@pytest.mark.django_db
def test_a_form_with_too_many_fields_is_refused(officer_a_client, ward_a):
    data = {f"f{i}": "1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 10)}
    response = officer_a_client.post(reverse("reports:monthly", args=[ward_a.code, 2024, 3]), data)
    assert response.status_code == 400
    assert not MonthlyReport.objects.exists()
