"""The Đề án's 2023 figures for staff, equipment, headquarters and HQ projects, with a loader.

The source gives only totals, so the roster is made of placeholder officers whose names say
so; it reproduces every figure of the source (63 officers, by ward, by team, by education).
The split of the team and education totals between wards is ours (the source gives none).
Ranks, positions and ratings are not in the source and are left empty.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from facilities.models import (
    BuildingProject,
    Education,
    EquipmentCount,
    EquipmentKind,
    Headquarters,
    Officer,
    ProjectKind,
    Team,
)
from wards.langson import LAST_DAY_BEFORE, register_loader
from wards.models import Ward
from wards.selectors import succession_kinds_passed

ROSTER_FROM = datetime.date(2023, 1, 1)
ROSTER_TO = LAST_DAY_BEFORE  # the five wards ceased on 30/06/2025
# Equipment figures come from the provincial police's proposal of 12/9/2023.
INVENTORY_DAY = datetime.date(2023, 9, 12)
INVENTORY_NOTE = "Số liệu Đề án (Tờ trình 4550/TTr-CAT-PV01 ngày 12/9/2023)"

# ward code: ((CSKV, crime prevention, other), (university, college, intermediate))
ROSTER_2023 = {
    "chi-lang": ((6, 2, 4), (9, 1, 2)),
    "dong-kinh": ((6, 3, 4), (9, 1, 3)),
    "vinh-trai": ((6, 3, 4), (9, 1, 3)),
    "hoang-van-thu": ((7, 2, 4), (9, 1, 3)),
    "tam-thanh": ((6, 2, 4), (9, 0, 3)),
}
TEAM_ORDER = (Team.CSKV, Team.CRIME_PREVENTION, Team.OTHER)
EDUCATION_ORDER = (Education.UNIVERSITY, Education.COLLEGE, Education.INTERMEDIATE)

# "Máy vi tính" are taken as desktops; scanners and vehicles (motorbikes) are stated as 0;
# laptops and smartphones are not mentioned, so nothing is recorded for them.
EQUIPMENT_2023 = {
    "tam-thanh": {"desktop": 7, "printer": 7, "photocopier": 1, "scanner": 0, "motorbike": 0},
    "chi-lang": {"desktop": 8, "printer": 6, "photocopier": 1, "scanner": 0, "motorbike": 0},
    "dong-kinh": {"desktop": 6, "printer": 5, "photocopier": 1, "scanner": 0, "motorbike": 0},
    "vinh-trai": {"desktop": 6, "printer": 4, "photocopier": 1, "scanner": 0, "motorbike": 0},
    "hoang-van-thu": {"desktop": 9, "printer": 7, "photocopier": 1, "scanner": 0, "motorbike": 0},
}

# ward code: (land m², floor m², floors, year built, site note)
HEADQUARTERS_2023 = {
    "chi-lang": (889, 560, 3, 2010, ""),
    "vinh-trai": (217, 414, 4, 2004, ""),
    "hoang-van-thu": (219, 699, 3, 2000, ""),
    "tam-thanh": (
        192,
        275,
        3,
        2001,
        "UBND tỉnh đã bố trí 1.412 m² đất tại khối 2, phường Tam Thanh để xây dựng trụ sở "
        "(Văn bản số 808/UBND-KTN ngày 24/8/2009).",
    ),
    "dong-kinh": (680, 546, 3, 1986, ""),
}

CITY_FUNDING = "Ngân sách thành phố Lạng Sơn"
SHARED_FUNDING = "Ngân sách tỉnh 50%, ngân sách thành phố Lạng Sơn 50%"

# The five projects of the Đề án (Part II, section 5). Finish years of the four later projects
# follow the wards' target years; only Chi Lăng's investment is given by the source.
PROJECTS = [
    {
        "ward": "chi-lang",
        "kind": ProjectKind.UPGRADE,
        "title": "Nâng cấp, cải tạo trụ sở Công an phường Chi Lăng",
        "site_note": "Tại trụ sở hiện nay.",
        "investment_vnd": 4_200_000_000,
        "funding_note": CITY_FUNDING,
        "planned_start_year": 2023,
        "planned_finish_year": 2023,
    },
    {
        "ward": "hoang-van-thu",
        "kind": ProjectKind.NEW_LAND,
        "title": "Bố trí đất mới xây dựng trụ sở Công an phường Hoàng Văn Thụ",
        "site_note": "Dự kiến thửa đất số 126 hoặc thửa đất số 142, tờ bản đồ số 16, khối 7, "
        "phường Hoàng Văn Thụ.",
        "funding_note": SHARED_FUNDING,
        "planned_finish_year": 2024,
        "min_land_area_m2": 500,
    },
    {
        "ward": "vinh-trai",
        "kind": ProjectKind.EXPANSION,
        "title": "Mở rộng trụ sở Công an phường Vĩnh Trại hoặc xây dựng mới tại địa điểm khác",
        "site_note": "Mở rộng tại vị trí hiện nay để cải tạo, nâng cấp, hoặc chọn địa điểm "
        "xây dựng mới đáp ứng yêu cầu của Bộ Công an.",
        "funding_note": SHARED_FUNDING,
        "planned_finish_year": 2025,
    },
    {
        "ward": "dong-kinh",
        "kind": ProjectKind.NEW_BUILD,
        "title": "Xây dựng mới trụ sở Công an phường Đông Kinh",
        "site_note": "Tại vị trí hiện nay (trụ sở xây dựng năm 1986, đã quá niên hạn sử dụng).",
        "funding_note": SHARED_FUNDING,
        "planned_finish_year": 2026,
    },
    {
        "ward": "tam-thanh",
        "kind": ProjectKind.NEW_BUILD,
        "title": "Xây dựng mới trụ sở Công an phường Tam Thanh theo mẫu thiết kế của Bộ Công an",
        "site_note": "Khối 2, phường Tam Thanh (1.412 m² đất theo Văn bản số 808/UBND-KTN "
        "ngày 24/8/2009).",
        "funding_note": SHARED_FUNDING,
        "planned_finish_year": 2027,
    },
]


def placeholder_name(number: int) -> str:
    """Return the clearly marked placeholder name of the n-th officer of a ward."""
    return f"Cán bộ {number:02d} (tên minh họa)"


def _roster_plan(teams: tuple[int, ...], education: tuple[int, ...]) -> list[tuple[str, str]]:
    """Return (team, education) per officer so both breakdowns come out exactly."""
    team_list = [team for team, n in zip(TEAM_ORDER, teams, strict=True) for _ in range(n)]
    edu_list = [edu for edu, n in zip(EDUCATION_ORDER, education, strict=True) for _ in range(n)]
    if len(team_list) != len(edu_list):
        raise ValueError("Team and education breakdowns must count the same officers.")
    return list(zip(team_list, edu_list, strict=True))


@transaction.atomic
def load_roster() -> dict[str, int]:
    """Create the placeholder roster of a 2023 ward that has no officer at all; return counts."""
    created = 0
    wards = Ward.objects.in_bulk(ROSTER_2023.keys(), field_name="code")
    for code, (teams, education) in ROSTER_2023.items():
        ward = wards[code]
        if Officer.objects.filter(ward=ward).exists():
            continue
        bulk_create_with_history(
            [
                Officer(
                    ward=ward,
                    full_name=placeholder_name(number),
                    is_placeholder=True,
                    team=team,
                    education=edu,
                    active_from=ROSTER_FROM,
                    active_to=ROSTER_TO,
                )
                for number, (team, edu) in enumerate(_roster_plan(teams, education), start=1)
            ],
            Officer,
        )
        created += sum(teams)
    return {"officers": created}


@transaction.atomic
def load_equipment() -> dict[str, int]:
    """Create the 2023 equipment counts that are missing; return how many were created."""
    created = 0
    wards = Ward.objects.in_bulk(EQUIPMENT_2023.keys(), field_name="code")
    for code, counts in EQUIPMENT_2023.items():
        for kind, quantity in counts.items():
            _, made = EquipmentCount.objects.get_or_create(
                ward=wards[code],
                kind=EquipmentKind(kind),
                counted_on=INVENTORY_DAY,
                defaults={"quantity": quantity, "note": INVENTORY_NOTE},
            )
            created += made
    return {"equipment_counts": created}


@transaction.atomic
def load_headquarters() -> dict[str, int]:
    """Create the headquarters records that are missing; return how many were created."""
    created = 0
    wards = Ward.objects.in_bulk(HEADQUARTERS_2023.keys(), field_name="code")
    for code, (land, floor, floors, built, note) in HEADQUARTERS_2023.items():
        if "headquarters" in succession_kinds_passed(ward=wards[code]):
            continue  # the building passed to the successor on 01/07/2025
        _, made = Headquarters.objects.get_or_create(
            ward=wards[code],
            defaults={
                "land_area_m2": land,
                "floor_area_m2": floor,
                "floors": floors,
                "grade": "Nhà cấp III",
                "year_built": built,
                "site_note": note,
            },
        )
        created += made
    return {"headquarters": created}


@transaction.atomic
def load_projects() -> dict[str, int]:
    """Create each source project whose ward has no project of that kind; return counts."""
    created = 0
    wards = Ward.objects.in_bulk({p["ward"] for p in PROJECTS}, field_name="code")
    for spec in PROJECTS:
        data = dict(spec)
        ward = wards[data.pop("ward")]
        if "projects" in succession_kinds_passed(ward=ward):
            continue  # the ward's projects passed to the successor on 01/07/2025
        if BuildingProject.objects.filter(ward=ward, kind=data["kind"]).exists():
            continue
        BuildingProject.objects.create(ward=ward, **data)
        created += 1
    return {"projects": created}


@register_loader(order=30)
def load_facilities() -> dict[str, int]:
    """Load roster, equipment, headquarters and projects (each part creates only what's missing)."""
    return {**load_roster(), **load_equipment(), **load_headquarters(), **load_projects()}
