"""`{% assumption "key" %}`: the marked note of an assumption the page's figures rely on."""

from __future__ import annotations

from django import template

from wards.assumptions import ASSUMPTIONS

register = template.Library()


@register.inclusion_tag("_assumption.html")
def assumption(key: str) -> dict:
    """Render the note of one assumption (wards.assumptions) where a figure relies on it."""
    return {"assumption": ASSUMPTIONS[key]}
