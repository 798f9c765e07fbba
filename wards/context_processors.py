"""Template context shared by every page: the menu for the user's role."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from wards.access import capabilities
from wards.navigation import ADMIN_ENTRY, MENU


def navigation(request) -> dict:
    """Return the menu the signed-in user may open (links, and dropdowns for grouped entries)
    and `caps`, what the policy lets the user do at the province level."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    menu: list[dict] = []
    groups: dict[str, dict] = {}
    for entry in [*MENU, ADMIN_ENTRY]:
        if not entry.allowed(user):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        active = request.path == url if url == "/" else request.path.startswith(url)
        item = {"label": entry.label, "url": url, "active": active, "children": []}
        if not entry.group:
            menu.append(item)
            continue
        if entry.group not in groups:
            groups[entry.group] = {"label": entry.group, "url": "", "active": False, "children": []}
            menu.append(groups[entry.group])
        groups[entry.group]["children"].append(item)
        groups[entry.group]["active"] |= active
    # caps: what the user may do in their own scope (their ward, or the whole province)
    return {"menu": menu, "caps": capabilities(user, user)}
