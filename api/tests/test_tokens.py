"""Personal access tokens: stored as a SHA-256 hash only, shown once, with an expiry; made and
revoked by their user on "Mã truy cập API" and by administrators in the admin site; read from
`Authorization: Bearer`."""

from __future__ import annotations

import datetime
import hashlib
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import ApiToken
from api.services import MAX_ACTIVE_TOKENS, token_create, token_revoke

pytestmark = pytest.mark.django_db


def _get(raw: str, path: str = "/api/wards/"):
    return APIClient().get(path, HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_only_the_hash_is_stored_and_the_default_expiry_is_90_days(officer_a, settings):
    before = timezone.now()
    token, raw = token_create(user=officer_a, name="Bảng tính")
    row = ApiToken.objects.values().get(pk=token.pk)
    assert row["token_hash"] == hashlib.sha256(raw.encode()).hexdigest()
    assert all(raw not in str(value) for value in row.values())
    assert settings.API_TOKEN_DAYS == 90
    assert token.expires_at - before >= datetime.timedelta(days=90)
    assert token.expires_at - before < datetime.timedelta(days=90, minutes=1)
    assert raw.startswith("lsw_") and len(raw) > 40


def test_a_token_reads_with_its_users_rights_and_notes_its_use(officer_a, ward_a, ward_b):
    token, raw = token_create(user=officer_a, name="x")
    response = _get(raw)
    assert response.status_code == 200
    assert [ward["code"] for ward in response.json()["results"]] == ["ward-a"]
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize(
    "header",
    ["Bearer lsw_not-a-real-token", "Bearer", "Bearer a b", "Bearer khôngphảiascii", "Token x"],
)
def test_a_bad_token_is_a_401_with_the_bearer_challenge(officer_a, header):
    token_create(user=officer_a, name="x")
    response = APIClient().get("/api/wards/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert set(response.json()) == {"detail", "code"}


def test_expired_revoked_and_deactivated_tokens_are_refused(officer_a, chief_a):
    token, raw = token_create(user=officer_a, name="x")
    ApiToken.objects.filter(pk=token.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2),
        expires_at=timezone.now() - datetime.timedelta(seconds=1),
    )
    assert _get(raw).status_code == 401
    token, raw = token_create(user=officer_a, name="y")
    assert _get(raw).status_code == 200
    assert token_revoke(token=token) is True
    assert token_revoke(token=token) is False  # already revoked
    assert _get(raw).status_code == 401
    _token, raw = token_create(user=chief_a, name="z")
    chief_a.is_active = False
    chief_a.save()
    assert _get(raw).status_code == 401


def test_expiry_and_count_are_bounded(officer_a, settings):
    with pytest.raises(ValidationError):
        token_create(user=officer_a, name="x", days=settings.API_TOKEN_DAYS + 1)
    with pytest.raises(ValidationError):
        token_create(user=officer_a, name="  ")
    for index in range(MAX_ACTIVE_TOKENS):
        token_create(user=officer_a, name=f"t{index}")
    with pytest.raises(ValidationError):
        token_create(user=officer_a, name="one too many")


def test_anonymous_api_requests_get_401_not_a_login_page(ward_a):
    response = APIClient().get("/api/wards/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"


# --- The page "Mã truy cập API" ---------------------------------------------------------------


def test_the_page_makes_a_token_shows_it_once_and_revokes_it(officer_a_client, officer_a, ward_a):
    url = reverse("api:tokens")
    page = officer_a_client.get(url)
    assert page.status_code == 200
    assert "Mã truy cập API" in page.content.decode()
    response = officer_a_client.post(url, {"name": "Bảng tính PV01", "days": 30})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    raw = re.search(r'value="(lsw_[^"]+)"', html).group(1)
    token = ApiToken.objects.get(user=officer_a)
    assert token.name == "Bảng tính PV01"
    assert (token.expires_at - token.created_at).days == 30
    assert _get(raw).status_code == 200
    assert raw not in officer_a_client.get(url).content.decode()  # shown once
    response = officer_a_client.post(reverse("api:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert _get(raw).status_code == 401


def test_the_page_refuses_a_bad_form_and_anothers_token(officer_a_client, chief_a):
    response = officer_a_client.post(reverse("api:tokens"), {"name": "", "days": 9999})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()
    token, _raw = token_create(user=chief_a, name="của trưởng")
    response = officer_a_client.post(reverse("api:token_revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_anonymous_users_are_sent_to_login(anonymous_client):
    response = anonymous_client.get(reverse("api:tokens"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_the_menu_links_to_the_page(officer_a_client):
    assert reverse("api:tokens") in officer_a_client.get("/").content.decode()


# --- Administrators -----------------------------------------------------------------------------


def test_an_administrator_makes_a_token_for_a_user_seen_once(admin_client_user, officer_a):
    response = admin_client_user.post(
        "/admin/api/apitoken/add/", {"user": officer_a.pk, "name": "cấp bởi quản trị", "days": 7}
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    raw = re.search(r'value="(lsw_[^"]+)"', response.content.decode()).group(1)
    token = ApiToken.objects.get(user=officer_a)
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert (token.expires_at - token.created_at).days == 7
    assert _get(raw).status_code == 200
    listing = admin_client_user.get("/admin/api/apitoken/").content.decode()
    assert "cấp bởi quản trị" in listing and raw not in listing


def test_an_administrator_revokes_tokens_from_the_list(admin_client_user, officer_a):
    token, raw = token_create(user=officer_a, name="x")
    response = admin_client_user.post(
        "/admin/api/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    assert response.status_code == 302
    assert _get(raw).status_code == 401


def test_tokens_are_for_administrators_only_in_the_admin(reviewer_client):
    response = reviewer_client.get("/admin/api/apitoken/")
    assert response.status_code == 302


# --- The browser's session ----------------------------------------------------------------------


def test_the_session_works_and_a_write_needs_the_csrf_token(officer_a, ward_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer_a)
    assert client.get("/api/wards/").status_code == 200
    url = reverse("api:ward-monthly-report", args=[ward_a.code, 2024, 3])
    response = client.put(url, {}, content_type="application/json", HTTP_IF_NONE_MATCH="*")
    assert response.status_code == 403
    assert response.json()["code"] == "csrf-failure"
