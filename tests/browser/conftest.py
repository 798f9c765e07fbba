"""Playwright fixtures: Debian's chromium against pytest-django's live server.

`playwright install` cannot download browsers here, so the system chromium is launched.
Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls while a
loop runs unless DJANGO_ALLOW_ASYNC_UNSAFE is set, so the fixture sets it for these tests only.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
INSTALL_HINT = "sudo apt-get install -y chromium (or run scripts/check_system.sh as root)"
SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
VIEWPORT = {"width": 1280, "height": 900}


def _chromium_path() -> str | None:
    if os.path.exists(CHROMIUM):
        return CHROMIUM
    return shutil.which("chromium")


@pytest.fixture(scope="module")
def browser():
    """Return a headless chromium shared by the tests of a module (skip when none is installed)."""
    path = _chromium_path()
    if path is None:
        if os.geteuid() == 0:
            pytest.fail(f"chromium is missing; run scripts/check_system.sh ({INSTALL_HINT})")
        pytest.skip(f"chromium is not installed: {INSTALL_HINT}")
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            instance = playwright.chromium.launch(
                executable_path=path, args=CHROMIUM_ARGS, headless=True
            )
            yield instance
            instance.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class Actor:
    """A signed-in person: their own browser context and page, and a screenshot helper."""

    def __init__(self, browser, base_url: str, username: str, password: str):
        self.context = browser.new_context(
            viewport=VIEWPORT, locale="vi-VN", accept_downloads=True, base_url=base_url
        )
        self.context.set_default_timeout(15_000)
        self.page = self.context.new_page()
        self.username = username
        self.page.goto("/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        with self.page.expect_navigation():
            self.page.click("form:has(#id_username) button[type=submit]")
        if "/accounts/login/" in self.page.url:
            raise AssertionError(f"{username} could not sign in: {self.page.inner_text('main')}")

    def open(self, path: str):
        """Go to a path of the site and return the page."""
        self.page.goto(path)
        return self.page

    def screenshot(self, name: str) -> Path:
        """Save a full-page screenshot as test-artifacts/screenshots/<name>.png."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        target = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(target), full_page=True)
        return target

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def sign_in(browser, live_server):
    """Return a function that opens a signed-in browser context for a username."""
    from tests.fixtures import PASSWORD

    actors: list[Actor] = []

    def make(username: str, password: str = PASSWORD) -> Actor:
        actor = Actor(browser, live_server.url, username, password)
        actors.append(actor)
        return actor

    yield make
    for actor in actors:
        actor.close()
