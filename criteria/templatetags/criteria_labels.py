"""`{% reference_set_label %}`: the app's criteria are its own provisional reference set."""

from __future__ import annotations

from django import template

from criteria.labels import REFERENCE_SET_LABEL, REFERENCE_SET_NOTE

register = template.Library()


@register.inclusion_tag("criteria/_reference_set_label.html")
def reference_set_label(criteria_set=None) -> dict:
    """Render the label (and the set's name and version when given) above a list of criteria."""
    return {"label": REFERENCE_SET_LABEL, "note": REFERENCE_SET_NOTE, "criteria_set": criteria_set}
