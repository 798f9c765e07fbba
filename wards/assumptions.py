"""What the programme's figures assume where the source is silent, said once and shown wherever
a figure relies on it (pages, and the "Giả định" part of official documents)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Assumption:
    key: str
    title: Promise
    text: Promise


TEAM_EDUCATION_SPLIT = Assumption(
    "team_education_split",
    _("Chia tổ công tác và trình độ theo phường (minh họa)"),
    _(
        "Đề án chỉ nêu tổng số cán bộ theo tổ công tác và trình độ của cả thành phố; cách chia "
        "các tổng này cho từng phường và tên cán bộ trong danh sách là minh họa của hệ thống."
    ),
)
BUDGET_EVEN_SPREAD = Assumption(
    "budget_even_spread",
    _("Chia đều kinh phí cho các dự án và các năm"),
    _(
        "Đề án không chia 24.668.000.000 đồng cho từng dự án, từng năm; hệ thống giả định mỗi "
        "dự án trong bốn dự án nhận một phần bằng nhau của mỗi nguồn vốn, vào năm dự kiến hoàn "
        "thành."
    ),
)
TARGET_YEAR_ORDER = Assumption(
    "target_year_order",
    _("Thứ tự các phường trong các năm 2024-2027"),
    _(
        "Đề án chỉ nêu Chi Lăng năm 2023 và mỗi năm một phường đến năm 2027; thứ tự Hoàng Văn "
        "Thụ 2024, Vĩnh Trại 2025, Đông Kinh 2026, Tam Thanh 2027 là giả định của hệ thống."
    ),
)
HQ_SERVICE_LIFE = Assumption(
    "hq_service_life",
    _("Niên hạn sử dụng trụ sở"),
    _(
        "Đề án không nêu niên hạn sử dụng của trụ sở; hệ thống mặc định 20 năm kể từ năm xây "
        "dựng (quản trị viên sửa được cho từng trụ sở)."
    ),
)

ASSUMPTIONS = {
    a.key: a for a in (TEAM_EDUCATION_SPLIT, BUDGET_EVEN_SPREAD, TARGET_YEAR_ORDER, HQ_SERVICE_LIFE)
}
