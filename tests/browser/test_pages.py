"""The main pages in a real browser, on the Lạng Sơn data with demo reports: each renders for its
role with no console error (a Content-Security-Policy violation would be one), and is saved as
a screenshot (test-artifacts/screenshots; a curated copy is in docs/screenshots)."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "demo12345"
SCORED_YEAR = 2024

# (screenshot name, username, path, text the page must show); every page of every role is also
# opened on a phone and by axe-core in test_phone_and_accessibility.py (pages listed in pages.py).
PAGES = [
    ("10-home-reviewer", "reviewer", "/", "Phường"),
    ("11-home-committee", "committee", "/", "Phường"),
    ("12-home-ward-chief", "chief-chi-lang", "/", "Chi Lăng"),
    ("13-reports-board", "reviewer", f"/reports/board/?year={SCORED_YEAR}", "Chi Lăng"),
    ("14-criteria-matrix", "reviewer", f"/criteria/{SCORED_YEAR}/", "Chi Lăng"),
    ("15-scorecard", "chief-chi-lang", f"/criteria/{SCORED_YEAR}/chi-lang/", "tiêu chí"),
    ("16-roadmap", "committee", "/facilities/roadmap/", "Chi Lăng"),
    ("17-budget", "committee", "/budget/", "đồng"),
    ("18-staffing", "reviewer", "/facilities/staffing/", "Phường"),
    ("19-province-dashboard", "committee", f"/reports/dashboard/?nam={SCORED_YEAR}", "Chi Lăng"),
    (
        "20-ward-dashboard",
        "chief-chi-lang",
        f"/reports/dashboard/chi-lang/?nam={SCORED_YEAR}",
        "Chi Lăng",
    ),
    ("21-documents", "committee", "/reports/documents/", "Báo cáo PDF và Excel"),
]


def test_main_pages_render_without_console_errors(sign_in, demo_province):
    actors = {}
    failures = []
    for name, username, path, text in PAGES:
        if username not in actors:
            actors[username] = sign_in(username, DEMO_PASSWORD)
        actor = actors[username]
        problems: list[str] = []
        actor.page.on("console", lambda m, p=problems: m.type == "error" and p.append(m.text))
        actor.page.on("pageerror", lambda e, p=problems: p.append(str(e)))
        response = actor.page.goto(path)
        actor.page.wait_for_load_state("networkidle")
        actor.screenshot(name)
        if response.status != 200:
            failures.append(f"{path} as {username}: HTTP {response.status}")
        if text not in actor.page.inner_text("main"):
            failures.append(f"{path} as {username}: “{text}” not shown")
        failures.extend(f"{path} as {username}: {problem}" for problem in problems)
    assert not failures, "\n".join(failures)
