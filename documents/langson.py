"""The bodies that issue the programme's documents, as data an administrator can correct.

Until 30/06/2025 the city's steering committee (Ban Chỉ đạo of UBND thành phố Lạng Sơn, part
3.6 of the Đề án); thành phố Lạng Sơn ceased to exist on 01/07/2025, and part 3.1 makes Công an
tỉnh the lead agency, so from that day Công an tỉnh Lạng Sơn is the default issuer. The signers'
names are left blank: an administrator enters them (or the reviewer on each draft).
"""

from __future__ import annotations

from django.db import transaction

from documents.models import IssuingBody
from wards.langson import LAST_DAY_BEFORE, REORGANISATION_DAY, register_loader

ISSUING_BODIES = [
    {
        "code": "bcd-thanh-pho-lang-son",
        "superior": "UBND THÀNH PHỐ LẠNG SƠN",
        "name": "BAN CHỈ ĐẠO ĐỀ ÁN",
        "name_in_text": "Ban Chỉ đạo Đề án thành phố Lạng Sơn",
        "abbreviation": "BCĐ",
        "valid_from": None,
        "valid_to": LAST_DAY_BEFORE,
        "authority": "TM. BAN CHỈ ĐẠO",
        "signer_title": "TRƯỞNG BAN",
        "recipients": "UBND tỉnh (b/c);\nCông an tỉnh;\nThành viên Ban Chỉ đạo;\n"
        "Công an các phường;\nLưu: VT.",
    },
    {
        "code": "cong-an-tinh-lang-son",
        "superior": "BỘ CÔNG AN",
        "name": "CÔNG AN TỈNH LẠNG SƠN",
        "name_in_text": "Công an tỉnh Lạng Sơn",
        "abbreviation": "CAT-PV01",
        "valid_from": REORGANISATION_DAY,
        "valid_to": None,
        "authority": "KT. GIÁM ĐỐC",
        "signer_title": "PHÓ GIÁM ĐỐC",
        "recipients": "UBND tỉnh (b/c);\nĐồng chí Giám đốc (b/c);\nCác phòng nghiệp vụ;\n"
        "Công an các phường;\nLưu: VT, PV01.",
    },
]


@register_loader(order=60)
@transaction.atomic
def load_issuing_bodies() -> dict[str, int]:
    """Create the issuing bodies that are missing (an administrator's edits are kept)."""
    created = 0
    for values in ISSUING_BODIES:
        values = dict(values)
        _, made = IssuingBody.objects.get_or_create(code=values.pop("code"), defaults=values)
        created += made
    return {"issuing_bodies": created}
