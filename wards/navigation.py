"""The main menu: one entry per page family, shown to the roles that may open it."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from wards.models import PROVINCE_ROLES, WARD_ROLES, Role

ALL_ROLES = WARD_ROLES | PROVINCE_ROLES


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url_name: str
    roles: frozenset[str]


MENU: list[MenuEntry] = [
    MenuEntry(_("Trang chủ"), "home", ALL_ROLES),
    MenuEntry(_("Phường"), "wards:list", ALL_ROLES),
    MenuEntry(_("Tiêu chí"), "criteria:index", ALL_ROLES),
]

ADMIN_ENTRY = MenuEntry(_("Quản trị"), "admin:index", frozenset({Role.ADMIN}))
