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
    group: str = ""  # entries with the same group share one dropdown in the navbar


DATA = _("Số liệu")
RESOURCES = _("Nguồn lực")


MENU: list[MenuEntry] = [
    MenuEntry(_("Trang chủ"), "home", ALL_ROLES),
    MenuEntry(_("Phường"), "dashboards:ward_list", ALL_ROLES),
    MenuEntry(_("Tổng quan"), "dashboards:province", ALL_ROLES),
    MenuEntry(_("Báo cáo PDF, Excel"), "documents:list", ALL_ROLES, DATA),
    MenuEntry(_("Báo cáo tháng"), "reports:list", ALL_ROLES, DATA),
    MenuEntry(_("Tiến độ báo cáo"), "reports:board", ALL_ROLES, DATA),
    MenuEntry(_("Duyệt báo cáo"), "reports:review", frozenset({Role.REVIEWER, Role.ADMIN}), DATA),
    MenuEntry(_("Số liệu năm gốc"), "reports:baselines", ALL_ROLES, DATA),
    MenuEntry(_("Cán bộ"), "facilities:staffing", ALL_ROLES, RESOURCES),
    MenuEntry(_("Trang thiết bị"), "facilities:equipment", ALL_ROLES, RESOURCES),
    MenuEntry(_("Trụ sở"), "facilities:headquarters", ALL_ROLES, RESOURCES),
    MenuEntry(_("Kinh phí"), "budget:overview", PROVINCE_ROLES, RESOURCES),
    MenuEntry(_("Lộ trình"), "dashboards:roadmap", ALL_ROLES, RESOURCES),
    MenuEntry(_("Tiêu chí"), "criteria:index", ALL_ROLES),
    MenuEntry(_("Thông báo"), "reports:notifications", WARD_ROLES),
]

ADMIN_ENTRY = MenuEntry(_("Quản trị"), "admin:index", frozenset({Role.ADMIN}))
