"""Fixtures shared by every app's tests: two wards and a user (and logged-in client) per role."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from wards.models import Role
from wards.tests.factories import ProvinceUserFactory, UserFactory, WardFactory

PASSWORD = "pass-Secret-123"


@pytest.fixture(autouse=True)
def _reset_language():
    """Undo the language a request activated (the middleware activates it per thread), so a test
    that switched to English does not leave later tests in English."""
    yield
    translation.deactivate()


@pytest.fixture
def ward_a(db):
    return WardFactory(code="ward-a", name="Phường A")


@pytest.fixture
def ward_b(db):
    return WardFactory(code="ward-b", name="Phường B")


@pytest.fixture
def officer_a(ward_a):
    return UserFactory(username="officer-a", role=Role.WARD_OFFICER, ward=ward_a)


@pytest.fixture
def chief_a(ward_a):
    return UserFactory(username="chief-a", role=Role.WARD_CHIEF, ward=ward_a)


@pytest.fixture
def officer_b(ward_b):
    return UserFactory(username="officer-b", role=Role.WARD_OFFICER, ward=ward_b)


@pytest.fixture
def chief_b(ward_b):
    return UserFactory(username="chief-b", role=Role.WARD_CHIEF, ward=ward_b)


@pytest.fixture
def reviewer(db):
    return ProvinceUserFactory(username="reviewer", role=Role.REVIEWER)


@pytest.fixture
def committee(db):
    return ProvinceUserFactory(username="committee", role=Role.COMMITTEE)


@pytest.fixture
def admin_user(db):
    return ProvinceUserFactory(username="admin", role=Role.ADMIN, is_staff=True, is_superuser=True)


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def anonymous_client() -> Client:
    return Client()


@pytest.fixture
def officer_a_client(officer_a) -> Client:
    return _client_for(officer_a)


@pytest.fixture
def chief_a_client(chief_a) -> Client:
    return _client_for(chief_a)


@pytest.fixture
def officer_b_client(officer_b) -> Client:
    return _client_for(officer_b)


@pytest.fixture
def reviewer_client(reviewer) -> Client:
    return _client_for(reviewer)


@pytest.fixture
def committee_client(committee) -> Client:
    return _client_for(committee)


@pytest.fixture
def admin_client_user(admin_user) -> Client:
    return _client_for(admin_user)


@pytest.fixture
def role_clients(
    anonymous_client,
    officer_a_client,
    chief_a_client,
    officer_b_client,
    reviewer_client,
    committee_client,
    admin_client_user,
) -> dict[str, Client]:
    """Return a logged-in client per role name, plus 'anonymous'."""
    return {
        "anonymous": anonymous_client,
        "officer_a": officer_a_client,
        "chief_a": chief_a_client,
        "officer_b": officer_b_client,
        "reviewer": reviewer_client,
        "committee": committee_client,
        "admin": admin_client_user,
    }


@pytest.fixture
def langson(db):
    """Load the Lạng Sơn programme data (no demo accounts)."""
    import io

    from django.core.management import call_command

    call_command("load_langson", stdout=io.StringIO())


@pytest.fixture
def eager_celery():
    """Run Celery tasks in-process (in the live server's thread, for browser tests) even when
    REDIS_URL names a broker; yield the Celery app."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield app
    app.conf.task_always_eager = previous
