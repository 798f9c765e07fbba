"""Accessibility that needs no browser: colour contrast of every badge and coloured cell of the
stylesheet, the skip link, and the criteria's names written out under both matrices (not only
in tooltips). The browser tests run axe-core on every page (tests/browser/)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

APP_CSS = Path(settings.BASE_DIR) / "static" / "css" / "app.css"
BODY_TEXT = "#212529"  # Bootstrap's body colour, for rules that only set a background
RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
HEX = r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b"


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _luminance(colour: str) -> float:
    colour = colour.lstrip("#")
    if len(colour) == 3:
        colour = "".join(ch * 2 for ch in colour)
    r, g, b = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(foreground: str, background: str) -> float:
    """Return the WCAG contrast ratio of two #rrggbb colours."""
    high, low = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula():
    assert round(contrast("#ffffff", "#000000"), 1) == 21.0
    assert round(contrast("#ffffff", "#fd7e14"), 2) == 2.57  # the old demo badge


def _coloured_rules() -> list[tuple[str, str, str]]:
    """Return (selector, text colour, background) of every rule that sets a solid background."""
    css = re.sub(r"/\*.*?\*/", "", APP_CSS.read_text(encoding="utf-8"), flags=re.S)
    rules = []
    for selector, body in RULE.findall(css):
        declarations = dict(
            (part.split(":", 1)[0].strip(), part.split(":", 1)[1].strip())
            for part in body.split(";")
            if ":" in part
        )
        background = re.fullmatch(HEX, declarations.get("background-color", ""))
        if not background:
            continue
        text = re.fullmatch(HEX, declarations.get("color", ""))
        rules.append((selector.strip(), text.group(0) if text else BODY_TEXT, background.group(0)))
    return rules


def test_every_badge_and_coloured_cell_has_contrast_of_at_least_4_5():
    rules = _coloured_rules()
    assert any(".badge-demo" in selector for selector, _, _ in rules)
    weak = [
        f"{selector}: {text} on {background} = {contrast(text, background):.2f}"
        for selector, text, background in rules
        if contrast(text, background) < 4.5
    ]
    assert not weak, "\n".join(weak)


def test_every_page_starts_with_a_skip_link_to_the_main_content(officer_a_client):
    html = officer_a_client.get(reverse("home")).content.decode()
    body = html.split("<body", 1)[1]
    first_link = re.search(r"<a [^>]*>[^<]*</a>", body).group(0)
    assert 'href="#main"' in first_link
    assert "Bỏ qua, tới nội dung chính" in first_link
    assert '<main id="main"' in html


class _VisibleText(HTMLParser):
    """Collect the text a reader sees (not attributes such as title=)."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def _visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/criteria/2024/", "/reports/dashboard/?nam=2024"], ids=["criteria", "dashboard"]
)
def test_matrices_write_out_every_criterions_name(url, reviewer_client, ward_a, settings):
    from criteria.langson import load_criteria
    from criteria.models import Criterion

    settings.PAGE_CACHE_SECONDS = 0
    load_criteria()
    text = _visible_text(reviewer_client.get(url).content.decode())

    criteria = list(Criterion.objects.filter(criteria_set__effective_year=2023))
    assert len(criteria) == 22
    missing = [c.number for c in criteria if re.sub(r"\s+", " ", c.title_vi) not in text]
    assert not missing, f"criteria whose name is only in a tooltip: {missing}"
    assert "Tên các tiêu chí" in text
