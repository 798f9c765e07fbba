"""The main menu: one entry per page family, shown to the roles that may open it."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from wards.access import Action, allows
from wards.models import Role, User


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url_name: str
    action: Action | None = None  # None: every signed-in user; else asked of the access policy
    group: str = ""  # entries with the same group share one dropdown in the navbar
    own_ward: bool = False  # ask the policy about the user's own ward (ward staff pages)
    admin_site: bool = False  # the administration site: administrators only

    def allowed(self, user: User) -> bool:
        """Return whether the access policy lets the user open the entry's page."""
        if self.admin_site:
            return user.role == Role.ADMIN
        if self.action is None:
            return True
        # the user stands for their own ward here (it has ward_id): no query for the menu
        return allows(user, self.action, user if self.own_ward else None)


DATA = _("Số liệu")
RESOURCES = _("Nguồn lực")


MENU: list[MenuEntry] = [
    MenuEntry(_("Trang chủ"), "home"),
    MenuEntry(_("Phường"), "dashboards:ward_list"),
    MenuEntry(_("Tổng quan"), "dashboards:province"),
    MenuEntry(_("Báo cáo PDF, Excel"), "documents:list", group=DATA),
    MenuEntry(
        _("Văn bản báo cáo, tờ trình"), "documents:official_list", Action.READ_OFFICIAL, DATA
    ),
    MenuEntry(_("Báo cáo tháng"), "reports:list", group=DATA),
    MenuEntry(_("Tiến độ báo cáo"), "reports:board", group=DATA),
    MenuEntry(_("Duyệt báo cáo"), "reports:review", Action.MANAGE_PROGRAMME, DATA),
    MenuEntry(_("Số liệu năm gốc"), "reports:baselines", group=DATA),
    MenuEntry(_("Cán bộ"), "facilities:staffing", group=RESOURCES),
    MenuEntry(_("Trang thiết bị"), "facilities:equipment", group=RESOURCES),
    MenuEntry(_("Trụ sở"), "facilities:headquarters", group=RESOURCES),
    MenuEntry(_("Kinh phí"), "budget:overview", Action.VIEW_PROVINCE, RESOURCES),
    MenuEntry(_("Lộ trình"), "dashboards:roadmap", group=RESOURCES),
    MenuEntry(_("Tiêu chí"), "criteria:index"),
    MenuEntry(_("Thông báo"), "reports:notifications", Action.EDIT, own_ward=True),
]

ADMIN_ENTRY = MenuEntry(_("Quản trị"), "admin:index", admin_site=True)
