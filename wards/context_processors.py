"""Template context shared by every page: the menu for the user's role."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from wards.navigation import ADMIN_ENTRY, MENU


def navigation(request) -> dict:
    """Return the menu the signed-in user may open: links, and dropdowns for grouped entries."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    menu: list[dict] = []
    groups: dict[str, dict] = {}
    for entry in [*MENU, ADMIN_ENTRY]:
        if user.role not in entry.roles:
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
    return {"menu": menu}
