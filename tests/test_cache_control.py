"""Every answer to a signed-in user — page, file download, error, the admin site — and the login
page send `Cache-Control: private, no-store`: nothing of a ward's data stays in a browser's or
a proxy's cache."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.test_permission_matrix import MATRIX, ROLES, matrix_objects  # noqa: F401 (the fixture)

SIGNED_IN = [role for role in ROLES if role != "anonymous"]
NO_STORE = "private, no-store"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_every_url_answers_a_signed_in_user_with_no_store(name, role_clients, request):
    objects = request.getfixturevalue("matrix_objects")
    url = reverse(name, kwargs=MATRIX[name].kwargs(objects))
    wrong = []
    for role in SIGNED_IN:
        response = role_clients[role].get(url)
        if response.get("Cache-Control") != NO_STORE:
            wrong.append(f"{role} ({response.status_code}): {response.get('Cache-Control')!r}")
    assert not wrong, f"{name} ({url}): " + "; ".join(wrong)


@pytest.mark.django_db
def test_downloads_are_not_stored(role_clients, request):
    objects = request.getfixturevalue("matrix_objects")
    for name, key in (
        ("criteria:evidence_download", "evidence_a"),
        ("documents:download", "document_a"),
    ):
        response = role_clients["reviewer"].get(reverse(name, args=[objects[key].pk]))
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["Cache-Control"] == NO_STORE
    export = role_clients["officer_a"].get(reverse("facilities:roster_export"))
    assert export.status_code == 200
    assert export["Cache-Control"] == NO_STORE


@pytest.mark.django_db
def test_the_admin_site_is_not_stored(admin_client_user, ward_a):
    for url in (
        reverse("admin:index"),
        reverse("admin:wards_ward_changelist"),
        reverse("admin:wards_ward_change", args=[ward_a.pk]),
        reverse("admin:wards_ward_history", args=[ward_a.pk]),
    ):
        response = admin_client_user.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == NO_STORE, url


@pytest.mark.django_db
def test_login_and_logout_pages_are_not_stored(client, officer_a):
    for url in (reverse("login"), reverse("admin:login")):
        assert client.get(url)["Cache-Control"] == NO_STORE
    failed = client.post(reverse("login"), {"username": officer_a.username, "password": "x"})
    assert failed.status_code == 200
    assert failed["Cache-Control"] == NO_STORE
    client.force_login(officer_a)
    logged_out = client.post(reverse("logout"))
    assert logged_out.status_code == 302
    assert logged_out["Cache-Control"] == NO_STORE


def test_public_answers_to_anonymous_visitors_keep_their_own_headers(client, db):
    health = client.get(reverse("healthz"))
    assert "max-age=0" in health["Cache-Control"]  # its own never_cache, not overwritten
