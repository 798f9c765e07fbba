"""The Đề án's budget for the five headquarters (2023-2027) as planned allocations, and a loader.

28.868.000.000 đồng = 4.200.000.000 (Chi Lăng, city budget, 2023)
                    + 12.334.000.000 (province) + 12.334.000.000 (city) for the other four.
The source does not split the 24.668.000.000 between the four projects or years, so the plan
loaded here is ours and documented: each of the four projects gets an equal quarter from each
source (12.334.000.000 / 4 = 3.083.500.000 đồng, exact), in its planned finish year (Hoàng Văn
Thụ 2024, Vĩnh Trại 2025, Đông Kinh 2026, Tam Thanh 2027). Every total reconciles to the đồng.
"""

from __future__ import annotations

from django.db import transaction

from budget.models import Allocation, FundingSource
from facilities.models import BuildingProject, ProjectKind
from wards.langson import CITY_COMMITTEE, PROVINCIAL_COMMITTEE, register_loader
from wards.models import ResponsibleBody

PROVINCE = "province"
CITY = "city"
# (code, name, the body that pays it)
FUNDING_SOURCES = [
    (PROVINCE, "Ngân sách tỉnh Lạng Sơn", PROVINCIAL_COMMITTEE),
    (CITY, "Ngân sách thành phố Lạng Sơn", CITY_COMMITTEE),
]

PLAN_TOTAL = 28_868_000_000
CHI_LANG_CITY_2023 = 4_200_000_000
OTHERS_PROVINCE = 12_334_000_000
OTHERS_CITY = 12_334_000_000
OTHERS_TOTAL = OTHERS_PROVINCE + OTHERS_CITY  # 24.668.000.000 đồng for the four remaining HQs
OTHER_WARDS = ("hoang-van-thu", "vinh-trai", "dong-kinh", "tam-thanh")
SHARE = OTHERS_PROVINCE // len(OTHER_WARDS)  # 3.083.500.000 đồng

# (ward code, project kind, source, year, amount)
ALLOCATIONS = [
    ("chi-lang", ProjectKind.UPGRADE, CITY, 2023, CHI_LANG_CITY_2023),
    ("hoang-van-thu", ProjectKind.NEW_LAND, PROVINCE, 2024, SHARE),
    ("hoang-van-thu", ProjectKind.NEW_LAND, CITY, 2024, SHARE),
    ("vinh-trai", ProjectKind.EXPANSION, PROVINCE, 2025, SHARE),
    ("vinh-trai", ProjectKind.EXPANSION, CITY, 2025, SHARE),
    ("dong-kinh", ProjectKind.NEW_BUILD, PROVINCE, 2026, SHARE),
    ("dong-kinh", ProjectKind.NEW_BUILD, CITY, 2026, SHARE),
    ("tam-thanh", ProjectKind.NEW_BUILD, PROVINCE, 2027, SHARE),
    ("tam-thanh", ProjectKind.NEW_BUILD, CITY, 2027, SHARE),
]
PLAN_NOTE = "Kế hoạch theo Đề án; phân chia theo dự án và năm là giả định của hệ thống."


@register_loader(order=40)
@transaction.atomic
def load_budget() -> dict[str, int]:
    """Create the funding sources and planned allocations that are missing; return counts.

    An allocation whose project is missing (deleted by an administrator) is skipped.
    """
    created = {"funding_sources": 0, "allocations": 0}
    sources = {}
    payers = {body.code: body for body in ResponsibleBody.objects.all()}
    for code, name, payer_code in FUNDING_SOURCES:
        sources[code], made = FundingSource.objects.get_or_create(
            code=code, defaults={"name": name, "payer": payers.get(payer_code)}
        )
        created["funding_sources"] += made
        if sources[code].payer_id is None and payer_code in payers:  # set once, never overridden
            sources[code].payer = payers[payer_code]
            sources[code].save(update_fields=["payer"])
    for ward_code, kind, source_code, year, amount in ALLOCATIONS:
        project = (
            BuildingProject.objects.filter(ward__code=ward_code, kind=kind).order_by("pk").first()
        )
        if project is None:
            continue
        _, made = Allocation.objects.get_or_create(
            project=project,
            source=sources[source_code],
            year=year,
            defaults={"amount": amount, "note": PLAN_NOTE},
        )
        created["allocations"] += made
    return created
