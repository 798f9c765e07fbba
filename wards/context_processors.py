"""Template context shared by every page: the menu for the user's role."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from wards.navigation import ADMIN_ENTRY, MENU


def navigation(request) -> dict:
    """Return the menu entries the signed-in user may open, with the current one marked."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    entries = []
    for entry in [*MENU, ADMIN_ENTRY]:
        if user.role not in entry.roles:
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        active = request.path == url if url == "/" else request.path.startswith(url)
        entries.append({"label": entry.label, "url": url, "active": active})
    return {"menu": entries}
