"""The ward dashboard's "Còn thiếu gì để đạt kiểu mẫu" on a phone: shown, readable, no sideways
scroll at 390 px (screenshot: test-artifacts/screenshots/phone-ward-gaps.png)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.browser.pages import DEMO_PASSWORD, WARD, YEAR
from tests.browser.test_phone_and_accessibility import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_gaps_section_fits_a_phone(sign_in, demo_province):
    actor = sign_in("officer-chi-lang", DEMO_PASSWORD, **PHONE)
    page = actor.open(reverse("dashboards:ward", kwargs={"code": WARD}) + f"?nam={YEAR}")
    heading = page.locator("#h-gaps")
    assert heading.inner_text() == "Còn thiếu gì để đạt kiểu mẫu"
    items = page.locator(".gap-list li")
    assert items.count() > 0
    first = items.first
    first.scroll_into_view_if_needed()
    assert first.locator(".badge").inner_text() in {
        "Không đạt",
        "Có nguy cơ",
        "Thiếu số liệu",
        "Chưa đánh giá",
    }
    assert first.bounding_box()["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    heading.scroll_into_view_if_needed()
    actor.screenshot("phone-ward-gaps", full_page=False)
