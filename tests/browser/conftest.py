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
    """A signed-in person: their own browser context and page, and a screenshot helper.

    `options` are Playwright context options (a phone: viewport 390 × 844, is_mobile, has_touch);
    an empty username opens the site without signing in."""

    def __init__(self, browser, base_url: str, username: str, password: str, **options):
        options = {"viewport": VIEWPORT, **options}
        self.context = browser.new_context(
            locale="vi-VN", accept_downloads=True, base_url=base_url, **options
        )
        self.context.set_default_timeout(15_000)
        self.page = self.context.new_page()
        self.username = username
        if username:
            self.sign_in(username, password)

    def sign_in(self, username: str, password: str) -> None:
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

    def screenshot(self, name: str, scale: str = "device", full_page: bool = True) -> Path:
        """Save a screenshot (of the full page, or of the window) as
        test-artifacts/screenshots/<name>.png ("css" scale: one image pixel per CSS pixel,
        whatever the device's pixel ratio)."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        target = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(target), full_page=full_page, scale=scale)
        return target

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def sign_in(browser, live_server):
    """Return a function that opens a signed-in browser context for a username."""
    from tests.fixtures import PASSWORD

    actors: list[Actor] = []

    def make(username: str, password: str = PASSWORD, **options) -> Actor:
        actor = Actor(browser, live_server.url, username, password, **options)
        actors.append(actor)
        return actor

    yield make
    for actor in actors:
        actor.close()


@pytest.fixture
def demo_province(settings):
    """Load the Lạng Sơn wards, criteria, demo accounts and demo reports; assess a year."""
    import io

    from django.core.management import call_command

    from criteria.services import scorecards_compute
    from tests.browser.pages import DEMO_PASSWORD, YEAR

    settings.DEMO_PASSWORD = DEMO_PASSWORD
    call_command("load_langson", "--demo-users", "--demo-data", stdout=io.StringIO())
    scorecards_compute(year=YEAR)
