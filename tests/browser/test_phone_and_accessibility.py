"""Every page each role reaches, on a phone (390 × 844) and on a desktop (1366 × 900), on the
Lạng Sơn data with demo reports (pages.py lists them):

- no page scrolls sideways (`scrollWidth <= innerWidth`: wide tables scroll inside their own
  box), and on the phone every button, menu entry and form control is at least 44 × 44 px;
- axe-core (tests/browser/vendor/axe-core, the npm package) finds no serious or critical WCAG
  2.1 A/AA violation. It runs on the desktop size, where the whole menu is shown (on a phone it
  is folded away; the rest of the page is the same document);
- no console error (a Content-Security-Policy violation would be one);
- screenshots of each page once per size go to test-artifacts/screenshots (phone-*, desktop-*).

axe-core is added as an init script of the browser context (evaluated by the browser for the
test, so the pages' Content-Security-Policy `script-src 'self'` does not apply to it; an
injected <script> tag would be refused).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.browser.pages import DEMO_PASSWORD, USERNAMES, YEAR, demo_objects, pages_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
DESKTOP = {"viewport": {"width": 1366, "height": 900}}
TAP_TARGET = 44  # px, WCAG 2.5.5

# Violations that belong to work in progress elsewhere, each with its reason. The test fails when
# one of them is gone, so the entry is removed as soon as the page is fixed.
KNOWN_VIOLATIONS: dict[tuple[str, str, str], str] = {}

AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) => v.nodes.map((n) => ({
      rule: v.id, impact: v.impact, target: n.target.join(" "),
      summary: (n.failureSummary || "").split("\\n").slice(0, 3).join(" "),
    })));
}"""

# Buttons, menu entries and form controls smaller than the tap target (a checkbox or radio button
# counts with its label, which also toggles it).
SMALL_TARGETS = """(minimum) => {
  const selector = "button, .btn, .nav-link, .dropdown-item, .navbar-toggler, .page-link, " +
    "summary, input:not([type=hidden]), select, textarea";
  const small = [];
  for (const element of document.querySelectorAll(selector)) {
    let box = element.getBoundingClientRect();
    if (!box.width || !box.height || getComputedStyle(element).visibility === "hidden") continue;
    if (element.type === "checkbox" || element.type === "radio") {
      const label = element.closest("label, .form-check") ||
        (element.id && document.querySelector(`label[for="${element.id}"]`));
      if (label) box = label.getBoundingClientRect();
    }
    if (box.width < minimum - 0.5 || box.height < minimum - 0.5) {
      const text = (element.innerText || element.value || element.name || "").trim();
      small.push(`${element.tagName.toLowerCase()}${element.id ? "#" + element.id : ""} ` +
        `“${text.slice(0, 30)}” ${Math.round(box.width)}×${Math.round(box.height)}`);
    }
  }
  return small;
}"""


def _visit_every_page(sign_in, size: str, options: dict) -> tuple[list[str], set]:
    """Open every page of every role at one size; return the failures and the known violations
    that were seen."""
    objects = demo_objects()
    failures: list[str] = []
    known_seen: set = set()
    shot: set[str] = set()
    for username in USERNAMES:
        actor = sign_in(username, DEMO_PASSWORD, **options)
        if size == "desktop":
            actor.context.add_init_script(path=str(AXE))
        who = username or "anonymous"
        errors: list[str] = []
        actor.page.on("console", lambda m, e=errors: m.type == "error" and e.append(m.text))
        actor.page.on("pageerror", lambda x, e=errors: e.append(str(x)))
        for name, path, ready in pages_of(username, objects):
            where = f"{size} {who} {path} ({name})"
            errors.clear()
            response = actor.page.goto(path)
            if response.status != 200:
                failures.append(f"{where}: HTTP {response.status}")
                continue
            if ready:
                actor.page.wait_for_selector(ready, timeout=30_000)
                actor.page.wait_for_load_state("networkidle")
            widths = actor.page.evaluate(
                "[document.documentElement.scrollWidth, window.innerWidth]"
            )
            if widths[0] > widths[1]:
                failures.append(f"{where}: scrolls sideways ({widths[0]} > {widths[1]} px)")
            if size == "phone":
                small = actor.page.evaluate(SMALL_TARGETS, TAP_TARGET)
                failures += [f"{where}: tap target under {TAP_TARGET} px: {s}" for s in small]
            axe = size == "desktop"
            for violation in actor.page.evaluate(AXE_RUN, AXE_TAGS) if axe else []:
                key = (name, violation["rule"], violation["target"])
                if key in KNOWN_VIOLATIONS:
                    known_seen.add(key)
                    continue
                failures.append(f"{where}: axe {json.dumps(violation, ensure_ascii=False)}")
            failures += [f"{where}: console: {error}" for error in errors]
            if name not in shot:
                shot.add(name)
                actor.screenshot(f"{size}-{name}", scale="css")
        actor.close()
    return failures, known_seen


def _check(failures: list[str], known_seen: set | None = None) -> None:
    gone = [
        f"{key}: {why}"
        for key, why in KNOWN_VIOLATIONS.items()
        if known_seen is not None and key not in known_seen
    ]
    assert not failures, f"{len(failures)} problems:\n" + "\n".join(failures)
    assert not gone, "fixed, remove from KNOWN_VIOLATIONS:\n" + "\n".join(gone)


def test_every_page_fits_a_phone(sign_in, demo_province):
    failures, _ = _visit_every_page(sign_in, "phone", PHONE)

    # The phone picture of the README: the criteria matrix as a phone shows it (its own
    # sideways scroll and hint), at the phone's pixel ratio.
    reviewer = sign_in("reviewer", DEMO_PASSWORD, **PHONE)
    reviewer.open(f"/criteria/{YEAR}/")
    reviewer.screenshot("readme-phone-criteria-matrix", full_page=False)
    _check(failures)


def test_every_page_on_a_desktop_passes_axe(sign_in, demo_province):
    _check(*_visit_every_page(sign_in, "desktop", DESKTOP))


def test_a_wide_table_scrolls_in_its_own_box_with_a_hint(sign_in, demo_province):
    actor = sign_in("reviewer", DEMO_PASSWORD, **PHONE)
    page = actor.open("/facilities/staffing/")

    box = page.locator(".table-scroll").first
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")  # the table is wider than a phone
    assert box.get_attribute("tabindex") == "0"  # reachable with the keyboard
    assert box.get_attribute("role") == "region" and box.get_attribute("aria-label")
    hint = page.locator(".table-scroll-hint").first
    assert hint.is_visible() and "Vuốt ngang để xem thêm" in hint.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    desktop = sign_in("reviewer", DEMO_PASSWORD, **DESKTOP).open("/facilities/staffing/")
    assert desktop.locator(".table-scroll-hint").count() == 0  # nothing to swipe on a desktop


def test_skip_link_moves_to_the_main_content(sign_in, demo_province):
    page = sign_in("officer-chi-lang", DEMO_PASSWORD, **DESKTOP).open("/")

    page.keyboard.press("Tab")
    link = page.locator(":focus")
    assert link.inner_text() == "Bỏ qua, tới nội dung chính"
    assert link.is_visible()
    link.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
