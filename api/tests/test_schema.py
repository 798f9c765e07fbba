"""The OpenAPI schema at /api/schema/ documents every endpoint, validates with no warning, and
the docs page at /api/docs/ loads everything from this server (no CDN) with no inline script or
style, so it works under the Content-Security-Policy."""

from __future__ import annotations

import io
import re

import pytest
import yaml
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import URLPattern, get_resolver
from rest_framework.test import APIClient

# The API's own HTML pages and the schema itself are not operations of the schema.
NOT_OPERATIONS = {"schema", "docs", "tokens", "token_revoke"}


def _api_routes() -> set[str]:
    """Return the API's routes as OpenAPI paths (/api/wards/{code}/)."""
    (resolver,) = [p for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "api"]
    routes = set()
    for pattern in resolver.url_patterns:
        assert isinstance(pattern, URLPattern)
        if pattern.name in NOT_OPERATIONS:
            continue
        route = re.sub(r"<\w+:(\w+)>", r"{\1}", str(pattern.pattern)).replace("{pk}", "{id}")
        routes.add(f"/api/{route}")
    return routes


@pytest.mark.django_db
def test_the_schema_documents_every_endpoint_and_is_public():
    response = Client().get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == _api_routes()
    assert len(_api_routes()) >= 20
    schemes = schema["components"]["securitySchemes"]
    assert schemes["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schemes["bearerAuth"]["description"],
    }
    put = schema["paths"]["/api/wards/{code}/monthly-reports/{year}/{month}/"]["put"]
    assert {"200", "201", "400", "401", "403", "404", "409", "412", "428", "429"} <= set(
        put["responses"]
    )
    assert {p["name"] for p in put["parameters"] if p["in"] == "header"} == {
        "If-Match",
        "If-None-Match",
    }
    as_json = APIClient().get("/api/schema/", HTTP_ACCEPT="application/json")
    assert as_json.json()["paths"].keys() == schema["paths"].keys()


def test_the_schema_generates_without_warnings_and_validates(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(target), stdout=io.StringIO()
    )
    assert "paths:" in target.read_text(encoding="utf-8")


@pytest.mark.django_db
def test_the_docs_page_loads_only_local_files_and_no_inline_code(officer_a_client):
    response = officer_a_client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn" not in html.lower() and "https://" not in html and "http://" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert not re.search(r"<style|\sstyle=", html)
    sources = re.findall(r'<script src="([^"]+)"', html)
    assert any("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in s for s in sources)
    script = officer_a_client.get(sources[-1].replace("&amp;", "&"))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_the_sidecar_files_are_static_files():
    from django.contrib.staticfiles import finders

    for name in ("swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css"):
        assert finders.find(f"drf_spectacular_sidecar/swagger-ui-dist/{name}"), name
    assert finders.find("api/docs.css")


@pytest.mark.django_db
def test_requests_past_the_rate_are_throttled(officer_a, ward_a):
    from django.core.cache import cache

    from api.tests.conftest import bearer_client

    client = bearer_client(officer_a)
    # Earlier tests may have used the same user id and address (anonymous requests count
    # under the user scope too, by address).
    keys = [f"throttle_user_{officer_a.pk}", "throttle_anon_127.0.0.1", "throttle_user_127.0.0.1"]
    cache.delete_many(keys)
    with override_settings(API_THROTTLE_RATES={"anon": "2/minute", "user": "3/minute"}):
        statuses = [client.get("/api/wards/").status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        throttled = client.get("/api/wards/")
        assert int(throttled["Retry-After"]) > 0
        assert throttled.json()["code"] == "throttled"
        anonymous = [APIClient().get("/api/schema/").status_code for _ in range(3)]
        assert anonymous == [200, 200, 429]
    cache.delete_many(keys)
