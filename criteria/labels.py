"""The name under which the app shows its criteria: its own provisional reference set."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

REFERENCE_SET_LABEL = _(
    "Bộ tiêu chí tham chiếu của hệ thống — tạm thời, chưa phải bộ tiêu chí theo QĐ 5764/QĐ-BCA-V05"
)
REFERENCE_SET_NOTE = _(
    "Bộ tiêu chí của Bộ Công an (Quyết định 5764/QĐ-BCA-V05 ngày 13/7/2021) chưa được công bố; "
    "các tiêu chí dưới đây do hệ thống xây dựng từ Phần thứ hai của Đề án để theo dõi, và sẽ "
    "được thay khi có bộ tiêu chí chính thức."
)
