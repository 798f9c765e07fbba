"""The Lạng Sơn wards of the Đề án (2023) and of the 2025 reorganisation, as data and a loader."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from simple_history.utils import update_change_reason

from wards.models import ResponsibleBody, Ward, WardKind, WardLineage

REORGANISATION_DAY = datetime.date(2025, 7, 1)
LAST_DAY_BEFORE = datetime.date(2025, 6, 30)
REORGANISATION_BASIS = "Nghị quyết 1672/NQ-UBTVQH15 ngày 16/6/2025"
UNOFFICIAL_NOTE = "Theo nguồn công khai không chính thức; quản trị viên có thể chỉnh sửa."
# The reason recorded in the history of the rows the loader creates.
LOAD_REASON = "Nạp dữ liệu Lạng Sơn ban đầu (load_langson)"
# The reason recorded when the loader passes the 2023 wards' records to the new wards.
SUCCESSION_REASON = (
    "Chuyển hồ sơ sang phường kế thừa theo Nghị quyết 1672/NQ-UBTVQH15, từ 01/07/2025 "
    "(load_langson)"
)

# The five wards of the Đề án, in the order the source lists them (Tam Thanh first).
# Target years after Chi Lăng (2023) are an assumed order of "one ward a year to 2027".
WARDS_2023 = [
    ("tam-thanh", "Tam Thanh", "", 2027),
    ("chi-lang", "Chi Lăng", "", 2023),
    ("dong-kinh", "Đông Kinh", "", 2026),
    ("vinh-trai", "Vĩnh Trại", "05977", 2025),
    ("hoang-van-thu", "Hoàng Văn Thụ", "", 2024),
]
WARD_CODES_2023 = [code for code, *_ in WARDS_2023]

# Former communes and the township merged into the new wards; never tracked by the programme.
FORMER_UNITS = [
    ("xa-hoang-dong", "Hoàng Đồng", WardKind.COMMUNE, "Lạng Sơn"),
    ("xa-quang-lac", "Quảng Lạc", WardKind.COMMUNE, "Lạng Sơn"),
    ("xa-mai-pha", "Mai Pha", WardKind.COMMUNE, "Lạng Sơn"),
    ("tt-cao-loc", "Cao Lộc", WardKind.TOWNSHIP, "huyện Cao Lộc"),
    ("xa-hop-thanh", "Hợp Thành", WardKind.COMMUNE, "huyện Cao Lộc"),
    ("xa-tan-lien", "Tân Liên", WardKind.COMMUNE, "huyện Cao Lộc"),
    ("xa-gia-cat", "Gia Cát", WardKind.COMMUNE, "huyện Cao Lộc"),
    ("xa-yen-trach", "Yên Trạch", WardKind.COMMUNE, "huyện Cao Lộc"),
]


@dataclass(frozen=True)
class NewWard:
    code: str
    name: str
    statistics_code: str
    target_year: int
    predecessors: tuple[str, ...]


# The four wards in force since 1 July 2025 (new Đông Kinh reuses Vĩnh Trại's code 05977).
WARDS_2025 = [
    NewWard("tam-thanh-2025", "Tam Thanh", "", 2028, ("tam-thanh", "xa-hoang-dong")),
    NewWard("luong-van-tri", "Lương Văn Tri", "", 2028, ("chi-lang", "xa-quang-lac")),
    NewWard(
        "ky-lua",
        "Kỳ Lừa",
        "",
        2029,
        ("hoang-van-thu", "tt-cao-loc", "xa-hop-thanh", "xa-tan-lien", "xa-gia-cat"),
    ),
    NewWard(
        "dong-kinh-2025",
        "Đông Kinh",
        "05977",
        2030,
        ("vinh-trai", "dong-kinh", "xa-yen-trach", "xa-mai-pha"),
    ),
]


# ---- Loader registry: each app registers what it contributes to `load_langson` ----

DataLoader = Callable[[], dict[str, int]]
_LOADERS: dict[bool, list[tuple[int, str, DataLoader]]] = {False: [], True: []}


def register_loader(*, order: int, demo: bool = False) -> Callable[[DataLoader], DataLoader]:
    """Register a loader of the Lạng Sơn data (or, with demo=True, of demo data), run by
    `load_langson` in ascending order; apps register theirs when they are ready."""

    def decorator(loader: DataLoader) -> DataLoader:
        name = f"{loader.__module__}.{loader.__qualname__}"
        entries = _LOADERS[demo]
        if all(existing != name for _order, existing, _loader in entries):
            entries.append((order, name, loader))
            entries.sort(key=lambda entry: (entry[0], entry[1]))
        return loader

    return decorator


def registered_loaders(*, demo: bool = False) -> list[DataLoader]:
    """Return the registered loaders (or demo loaders) in the order they run."""
    return [loader for _order, _name, loader in _LOADERS[demo]]


@register_loader(order=10)
@transaction.atomic
def load_wards() -> dict[str, int]:
    """Create the wards, former units and lineage links that are missing; return counts created.

    Existing rows are left as they are, so an administrator's corrections survive a re-run.
    """
    created = {"wards": 0, "lineage": 0}
    for code, name, stats_code, target in WARDS_2023:
        ward, made = Ward.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": WardKind.WARD,
                "statistics_code": stats_code,
                "valid_to": LAST_DAY_BEFORE,
                "target_year": target,
                "in_programme": True,
            },
        )
        _count(created, "wards", ward, made)
    for code, name, kind, city in FORMER_UNITS:
        ward, made = Ward.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "city": city,
                "valid_to": LAST_DAY_BEFORE,
                "in_programme": False,
                "notes": UNOFFICIAL_NOTE,
            },
        )
        _count(created, "wards", ward, made)
    for new in WARDS_2025:
        successor, made = Ward.objects.get_or_create(
            code=new.code,
            defaults={
                "name": new.name,
                "kind": WardKind.WARD,
                "statistics_code": new.statistics_code,
                "valid_from": REORGANISATION_DAY,
                "target_year": new.target_year,
                "in_programme": True,
                "notes": UNOFFICIAL_NOTE,
            },
        )
        _count(created, "wards", successor, made)
        for predecessor_code in new.predecessors:
            link, made = WardLineage.objects.get_or_create(
                successor=successor,
                predecessor=Ward.objects.get(code=predecessor_code),
                defaults={
                    "effective_date": REORGANISATION_DAY,
                    "legal_basis": REORGANISATION_BASIS,
                    "note": UNOFFICIAL_NOTE,
                    # Each 2023 ward passes whole to one new ward, which keeps its address.
                    "holds_headquarters": predecessor_code in WARD_CODES_2023,
                },
            )
            _count(created, "lineage", link, made)
    return created


@register_loader(order=45)
def load_succession() -> dict[str, int]:
    """Pass each 2023 ward's records (officers, equipment, headquarters, projects and their
    budget) to its default successor; kinds that already passed are left alone, and a ward
    whose successor an administrator must choose (split, none marked) is skipped."""
    # Imported here: wards.services reads this module's ward lists at import time.
    from config.errors import AppError
    from wards.services import ward_default_successor, ward_succession_apply

    moved = 0
    for ward in Ward.objects.filter(code__in=WARD_CODES_2023).order_by("code"):
        try:
            successor = ward_default_successor(predecessor=ward)
        except AppError:
            continue
        result = ward_succession_apply(
            predecessor=ward, successor=successor, user=None, reason=SUCCESSION_REASON
        )
        moved += result.total
    return {"succession_records": moved}


def _count(created: dict[str, int], key: str, instance, made: bool) -> None:
    """Count a row the loader made and give its first history record the loader's reason."""
    if made:
        created[key] += 1
        update_change_reason(instance, LOAD_REASON)


# ---- Responsible bodies (issuer, steering committee, payers) ----

CITY_COMMITTEE = "ubnd-thanh-pho-lang-son"
CITY_STEERING = "bcd-thanh-pho-lang-son"
PROVINCIAL_POLICE = "cong-an-tinh-lang-son"
PROVINCIAL_COMMITTEE = "ubnd-tinh-lang-son"

# Until 30/06/2025 the city's steering committee (Ban Chỉ đạo of UBND thành phố Lạng Sơn, part
# 3.6 of the Đề án) issues and checks, and UBND thành phố pays "Ngân sách thành phố"; the city
# ceased to exist on 01/07/2025 and part 3.1 makes Công an tỉnh the lead agency, so from that
# day Công an tỉnh Lạng Sơn issues and steers by default. Nobody is set to pay what the city
# owed: an administrator reassigns each commitment. Signers' names are left for an administrator.
RESPONSIBLE_BODIES = [
    {
        "code": CITY_COMMITTEE,
        "superior": "",
        "name": "ỦY BAN NHÂN DÂN THÀNH PHỐ LẠNG SƠN",
        "name_in_text": "UBND thành phố Lạng Sơn",
        "abbreviation": "UBND",
        "valid_from": None,
        "valid_to": LAST_DAY_BEFORE,
        "issues_documents": False,
        "steers": False,
    },
    {
        "code": CITY_STEERING,
        "superior": "UBND THÀNH PHỐ LẠNG SƠN",
        "name": "BAN CHỈ ĐẠO ĐỀ ÁN",
        "name_in_text": "Ban Chỉ đạo Đề án thành phố Lạng Sơn",
        "abbreviation": "BCĐ",
        "valid_from": None,
        "valid_to": LAST_DAY_BEFORE,
        "issues_documents": True,
        "steers": True,
        "authority": "TM. BAN CHỈ ĐẠO",
        "signer_title": "TRƯỞNG BAN",
        "recipients": "UBND tỉnh (b/c);\nCông an tỉnh;\nThành viên Ban Chỉ đạo;\n"
        "Công an các phường;\nLưu: VT.",
    },
    {
        "code": PROVINCIAL_POLICE,
        "superior": "BỘ CÔNG AN",
        "name": "CÔNG AN TỈNH LẠNG SƠN",
        "name_in_text": "Công an tỉnh Lạng Sơn",
        "abbreviation": "CAT-PV01",
        "valid_from": REORGANISATION_DAY,
        "valid_to": None,
        "issues_documents": True,
        "steers": True,
        "authority": "KT. GIÁM ĐỐC",
        "signer_title": "PHÓ GIÁM ĐỐC",
        "recipients": "UBND tỉnh (b/c);\nĐồng chí Giám đốc (b/c);\nCác phòng nghiệp vụ;\n"
        "Công an các phường;\nLưu: VT, PV01.",
    },
    {
        "code": PROVINCIAL_COMMITTEE,
        "superior": "",
        "name": "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN",
        "name_in_text": "UBND tỉnh Lạng Sơn",
        "abbreviation": "UBND",
        "valid_from": None,
        "valid_to": None,
        "issues_documents": False,
        "steers": False,
    },
]


@register_loader(order=15)
@transaction.atomic
def load_responsible_bodies() -> dict[str, int]:
    """Create the responsible bodies that are missing (an administrator's edits are kept)."""
    created = 0
    for values in RESPONSIBLE_BODIES:
        values = dict(values)
        _, made = ResponsibleBody.objects.get_or_create(code=values.pop("code"), defaults=values)
        created += made
    return {"responsible_bodies": created}
