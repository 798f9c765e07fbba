"""The API's pages in a real browser: the docs page (Swagger UI from the sidecar's static files,
start-up script from the same origin) renders every operation with no console error, so no
Content-Security-Policy violation; a user makes a token on "Mã truy cập API", sees it once,
uses it, and revokes it."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _watch(page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


def test_docs_page_renders_under_the_content_security_policy(sign_in, officer_a):
    actor = sign_in("officer-a")
    problems = _watch(actor.page)
    response = actor.page.goto("/api/docs/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    actor.page.wait_for_selector(".opblock", timeout=30_000)
    actor.page.wait_for_load_state("networkidle")
    text = actor.page.inner_text("body")
    for path in ("/api/wards/", "/api/monthly-reports/", "/api/budget/allocations/"):
        assert path in text
    actor.screenshot("30-api-docs")
    assert not problems, "\n".join(problems)


def test_a_user_makes_a_token_sees_it_once_uses_it_and_revokes_it(sign_in, officer_a, ward_a):
    actor = sign_in("officer-a")
    problems = _watch(actor.page)
    page = actor.open("/api/tokens/")
    page.fill("#id_name", "Bảng tính")
    with page.expect_navigation():
        page.click("form:has(#id_name) button[type=submit]")
    raw = page.input_value("#new-token")
    assert raw.startswith("lsw_")
    actor.screenshot("31-api-token-created")
    answer = actor.context.request.get("/api/wards/", headers={"Authorization": f"Bearer {raw}"})
    assert answer.status == 200
    assert [ward["code"] for ward in answer.json()["results"]] == ["ward-a"]
    page = actor.open("/api/tokens/")
    assert raw not in page.content()  # shown once only
    with page.expect_navigation():
        page.click("button:has-text('Thu hồi')")
    assert "Đã thu hồi" in page.inner_text("main")
    answer = actor.context.request.get("/api/wards/", headers={"Authorization": f"Bearer {raw}"})
    assert answer.status == 401
    assert not problems, "\n".join(problems)
