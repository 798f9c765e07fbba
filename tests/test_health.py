import os
from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_json(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "ok"
    assert data["database"]["ok"] is True


def test_healthz_answers_503_when_the_broker_is_unreachable(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["broker"]["ok"] is False


def test_healthz_answers_503_when_the_database_fails(client):
    with mock.patch("config.health.connection.cursor", side_effect=OperationalError("down")):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["database"] == {
        "ok": False,
        "vendor": mock.ANY,
        "error": "OperationalError",
    }


@pytest.mark.services("redis")
def test_healthz_pings_the_real_redis_broker(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = os.environ["REDIS_URL"]
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["broker"] == {"ok": True, "mode": "redis"}


@pytest.mark.services("postgres")
def test_ci_runs_on_postgresql(client):
    assert client.get(reverse("healthz")).json()["database"]["vendor"] == "postgresql"


def test_healthz_refuses_post(client):
    assert client.post(reverse("healthz")).status_code == 405
