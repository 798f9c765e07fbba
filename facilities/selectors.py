"""Reads for rosters, equipment, headquarters and projects, and the roadmap.

A ward's roster and inventory "for a year" are those on its reference day: 31 December, or
today for the current year, or the ward's last day when it ceased during the year.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from facilities.models import (
    BuildingProject,
    Education,
    EquipmentCount,
    EquipmentKind,
    Headquarters,
    Officer,
    ProjectMilestone,
    ProjectStatus,
    Team,
)
from wards.models import Ward

# Targets of the Đề án (Part II): 15-20 officers a ward, every team at least 3.
HEADCOUNT_MIN = 15
HEADCOUNT_MAX = 20
TEAM_MIN = 3
# Minimum equipment per ward; desktops and printers per officer, smartphones per CSKV officer.
PER_WARD_MINIMUM = {
    EquipmentKind.LAPTOP: 3,
    EquipmentKind.PHOTOCOPIER: 2,
    EquipmentKind.SCANNER: 2,
    EquipmentKind.MOTORBIKE: 2,
}
# The Đề án's headquarters standard: at least 500 m² of land.
HQ_MIN_LAND_M2 = 500


def reference_day(*, ward: Ward, year: int, today: datetime.date | None = None) -> datetime.date:
    """Return the day a ward's roster and inventory are read for a year (no query)."""
    today = today or timezone.localdate()
    day = today if year == today.year else datetime.date(year, 12, 31)
    if ward.valid_to and ward.valid_to < day:
        day = ward.valid_to
    return day


def _active_on(day: datetime.date) -> Q:
    """Return the filter of officers on the roster on a day."""
    return Q(active_from__lte=day) & (Q(active_to__isnull=True) | Q(active_to__gte=day))


def active_roster(*, ward: Ward, day: datetime.date) -> QuerySet[Officer]:
    """Return the ward's officers on the roster on a day."""
    return Officer.objects.filter(_active_on(day), ward=ward)


def equipment_required(*, headcount: int, cskv: int) -> dict[str, int]:
    """Return how many of each kind the Đề án requires for a roster of this size."""
    required = dict.fromkeys(EquipmentKind.values, 0)
    required.update({str(kind): n for kind, n in PER_WARD_MINIMUM.items()})
    required[EquipmentKind.DESKTOP] = headcount
    required[EquipmentKind.PRINTER] = headcount
    required[EquipmentKind.SMARTPHONE] = cskv
    return required


def equipment_gaps(*, counts: dict[str, int], headcount: int, cskv: int) -> dict[str, int]:
    """Return, for each kind, how many are missing (0 when the target is met or exceeded)."""
    required = equipment_required(headcount=headcount, cskv=cskv)
    return {kind: max(0, need - counts.get(kind, 0)) for kind, need in required.items()}


def latest_counts(*, ward: Ward, day: datetime.date) -> dict[str, int] | None:
    """Return the latest count of each kind on or before the day; None when none is recorded."""
    rows = (
        EquipmentCount.objects.filter(ward=ward, counted_on__lte=day)
        .order_by("kind", "-counted_on")
        .values_list("kind", "quantity")
    )
    counts: dict[str, int] = {}
    for kind, quantity in rows:
        counts.setdefault(kind, quantity)
    return counts or None


# ---- Tables for the pages (a fixed number of queries for any number of wards) ----

STREAM_CHUNK = 200  # rows fetched at a time by the streaming tables


@dataclass
class StaffingRow:
    ward: Ward | None  # None for the city total
    day: datetime.date | None
    headcount: int = 0
    teams: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Team.values, 0))
    education: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Education.values, 0))

    @property
    def headcount_ok(self) -> bool:
        return HEADCOUNT_MIN <= self.headcount <= HEADCOUNT_MAX

    @property
    def teams_ok(self) -> bool:
        return all(n >= TEAM_MIN for n in self.teams.values())

    @property
    def team_list(self) -> list[tuple[str, int, bool]]:
        return [(key, n, n >= TEAM_MIN) for key, n in self.teams.items()]

    @property
    def education_list(self) -> list[int]:
        return list(self.education.values())

    def add(self, other: StaffingRow) -> None:
        """Add another row's officers to this one (the city total)."""
        self.headcount += other.headcount
        for team, n in other.teams.items():
            self.teams[team] += n
        for education, n in other.education.items():
            self.education[education] += n


def _roster_rows_for_year(wards: Iterable[Ward] | QuerySet[Ward], year: int) -> QuerySet:
    """Return the officers of the wards whose active period touches the year, as dicts, in no
    particular order."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return (
        Officer.objects.filter(ward__in=wards, active_from__lte=last)
        .filter(Q(active_to__isnull=True) | Q(active_to__gte=first))
        .values("ward_id", "team", "education", "active_from", "active_to")
        .order_by()
    )


def is_active_on(row: dict, day: datetime.date) -> bool:
    return row["active_from"] <= day and (row["active_to"] is None or row["active_to"] >= day)


def _by_ward_id(rows: Iterable, key: Callable[[object], int]) -> dict[int, list]:
    """Return the rows grouped by ward id, each group in the rows' order."""
    grouped: dict[int, list] = {}
    for row in rows:
        grouped.setdefault(key(row), []).append(row)
    return grouped


def _in_ward_order(wards: QuerySet[Ward], *streams: QuerySet) -> Iterator[tuple[Ward, ...]]:
    """Yield (ward, its rows of each stream...) walking the wards and the streams together.

    The wards come in (sort_name, pk) order and each stream is ordered by (ward__sort_name,
    ward_id) and holds only rows of those wards, so no stream is ever held in memory whole.
    """
    readers = [iter(stream.iterator(chunk_size=STREAM_CHUNK)) for stream in streams]
    pending = [next(reader, None) for reader in readers]
    for ward in wards.order_by("sort_name", "pk").iterator(chunk_size=STREAM_CHUNK):
        groups = []
        for index, reader in enumerate(readers):
            group = []
            while pending[index] is not None and _ward_of(pending[index]) == ward.pk:
                group.append(pending[index])
                pending[index] = next(reader, None)
            groups.append(group)
        yield ward, *groups
    if any(row is not None for row in pending):
        raise ValueError("rows of a ward outside the wards, or not in the wards' order")


def _ward_of(row: dict | tuple) -> int:
    """Return the ward id of a values() dict or a values_list() tuple (its first item)."""
    return row["ward_id"] if isinstance(row, dict) else row[0]


def _staffing_row(ward: Ward, day: datetime.date, officers: Iterable[dict]) -> StaffingRow:
    """Return the ward's row from its officers of the year (those active on the day count)."""
    row = StaffingRow(ward=ward, day=day)
    for officer in officers:
        if is_active_on(officer, day):
            row.headcount += 1
            row.teams[officer["team"]] += 1
            row.education[officer["education"]] += 1
    return row


def staffing_table(
    *, wards: Iterable[Ward], year: int, today: datetime.date | None = None
) -> tuple[list[StaffingRow], StaffingRow]:
    """Return a row per ward (roster on its reference day) and the city total (one query)."""
    wards = [ward for ward in wards if ward.is_valid_in_year(year)]
    officers = _by_ward_id(_roster_rows_for_year(wards, year), _ward_of)
    rows, total = [], StaffingRow(ward=None, day=None)
    for ward in wards:
        day = reference_day(ward=ward, year=year, today=today)
        row = _staffing_row(ward, day, officers.get(ward.pk, ()))
        total.add(row)
        rows.append(row)
    return rows, total


@dataclass
class EquipmentRow:
    ward: Ward | None
    day: datetime.date | None
    headcount: int
    counted: bool
    held: dict[str, int]
    required: dict[str, int]
    missing: dict[str, int]

    @property
    def cells(self) -> list[tuple[int, int, int]]:
        """Return (held, required, missing) per kind in the order of EquipmentKind."""
        return [(self.held[k], self.required[k], self.missing[k]) for k in EquipmentKind.values]

    @property
    def complete(self) -> bool:
        return self.counted and not any(self.missing.values())

    @classmethod
    def total(cls) -> EquipmentRow:
        """Return an empty city total to add the wards' rows to."""
        zero = dict.fromkeys(EquipmentKind.values, 0)
        return cls(None, None, 0, False, dict(zero), dict(zero), dict(zero))

    def add(self, other: EquipmentRow) -> None:
        """Add another row's figures to this one (a surplus in one ward covers no other)."""
        self.headcount += other.headcount
        self.counted = self.counted or other.counted
        for kind in EquipmentKind.values:
            self.held[kind] += other.held[kind]
            self.required[kind] += other.required[kind]
            self.missing[kind] += other.missing[kind]


def _equipment_counts(wards: Iterable[Ward] | QuerySet[Ward], year: int) -> QuerySet:
    """Return the wards' dated counts up to the year's end as (ward_id, kind, counted_on,
    quantity), in no particular order."""
    return EquipmentCount.objects.filter(
        ward__in=wards, counted_on__lte=datetime.date(year, 12, 31)
    ).values_list("ward_id", "kind", "counted_on", "quantity")


def _equipment_row(
    ward: Ward, day: datetime.date, officers: Iterable[dict], counts: Iterable[tuple]
) -> EquipmentRow:
    """Return the ward's row from its officers of the year and its counts (newest first)."""
    held: dict[str, int] = {}
    for _ward_id, kind, counted_on, quantity in counts:
        if counted_on <= day:
            held.setdefault(kind, quantity)
    active = [o for o in officers if is_active_on(o, day)]
    headcount = len(active)
    cskv = sum(1 for o in active if o["team"] == Team.CSKV)
    required = equipment_required(headcount=headcount, cskv=cskv)
    counted = bool(held)
    held = {kind: held.get(kind, 0) for kind in EquipmentKind.values}
    missing = equipment_gaps(counts=held, headcount=headcount, cskv=cskv)
    return EquipmentRow(ward, day, headcount, counted, held, required, missing)


def equipment_table(
    *, wards: Iterable[Ward], year: int, today: datetime.date | None = None
) -> tuple[list[EquipmentRow], EquipmentRow]:
    """Return the gap row per ward and the city total (sum of the wards' gaps); two queries."""
    wards = [ward for ward in wards if ward.is_valid_in_year(year)]
    officers = _by_ward_id(_roster_rows_for_year(wards, year), _ward_of)
    counts = _by_ward_id(
        _equipment_counts(wards, year).order_by("ward_id", "kind", "-counted_on"), _ward_of
    )
    total = EquipmentRow.total()
    rows = []
    for ward in wards:
        day = reference_day(ward=ward, year=year, today=today)
        row = _equipment_row(ward, day, officers.get(ward.pk, ()), counts.get(ward.pk, ()))
        total.add(row)
        rows.append(row)
    return rows, total


def staffing_and_equipment_rows(
    *, wards: QuerySet[Ward], year: int, today: datetime.date | None = None
) -> Iterator[tuple[StaffingRow, EquipmentRow]]:
    """Yield staffing_table's and equipment_table's rows of each ward standing in the year, in
    name order, reading wards, roster and counts as streams (three queries; memory flat in the
    number of wards)."""
    officers = _roster_rows_for_year(wards, year).order_by("ward__sort_name", "ward_id")
    counts = _equipment_counts(wards, year).order_by(
        "ward__sort_name", "ward_id", "kind", "-counted_on"
    )
    for ward, roster, ward_counts in _in_ward_order(wards, officers, counts):
        if ward.is_valid_in_year(year):
            day = reference_day(ward=ward, year=year, today=today)
            yield _staffing_row(ward, day, roster), _equipment_row(ward, day, roster, ward_counts)


def equipment_history(*, wards: QuerySet[Ward]) -> QuerySet[EquipmentCount]:
    """Return every dated count of the wards, newest first (one query)."""
    return (
        EquipmentCount.objects.filter(ward__in=wards)
        .select_related("ward")
        .order_by("ward__name", "-counted_on", "kind")
    )


def roster_for(*, wards: QuerySet[Ward]) -> QuerySet[Officer]:
    """Return the officers of the wards with their ward and ratings (two queries)."""
    return (
        Officer.objects.filter(ward__in=wards)
        .select_related("ward")
        .prefetch_related("ratings")
        .order_by("ward__name", "ward_id", "full_name", "pk")
    )


def headquarters_list(*, wards: QuerySet[Ward]) -> QuerySet[Headquarters]:
    """Return the headquarters of the wards with their ward (one query)."""
    return Headquarters.objects.filter(ward__in=wards).select_related("ward")


def projects_for(*, wards: QuerySet[Ward]) -> QuerySet[BuildingProject]:
    """Return the wards' building projects with ward and milestones (two queries)."""
    return (
        BuildingProject.objects.filter(ward__in=wards)
        .select_related("ward")
        .prefetch_related(
            Prefetch("milestones", queryset=ProjectMilestone.objects.order_by("due_on", "pk"))
        )
    )


# ---- Roadmap ----


class RoadmapStatus:
    ACHIEVED = "achieved"
    ON_SCHEDULE = "on_schedule"
    BEHIND = "behind"
    CEASED = "ceased"
    NO_TARGET = "no_target"


ROADMAP_LABELS = {
    RoadmapStatus.ACHIEVED: _("Đã đạt"),
    RoadmapStatus.ON_SCHEDULE: _("Đúng lộ trình"),
    RoadmapStatus.BEHIND: _("Chậm so với lộ trình"),
    RoadmapStatus.CEASED: _("Đã sáp nhập trước năm mục tiêu"),
    RoadmapStatus.NO_TARGET: _("Chưa có năm mục tiêu"),
}


@dataclass(frozen=True)
class RoadmapRow:
    ward: Ward
    target_year: int | None
    model_years: tuple[int, ...]
    status: str
    overdue_projects: tuple[BuildingProject, ...] = ()  # past their finish year, not finished

    @property
    def label(self) -> str:
        return str(ROADMAP_LABELS[self.status])

    @property
    def first_model_year(self) -> int | None:
        return self.model_years[0] if self.model_years else None

    @property
    def achieved_late(self) -> bool:
        first = self.first_model_year
        return bool(first and self.target_year and first > self.target_year)


def roadmap_status(
    *, ward: Ward, target_year: int | None, model_years: Iterable[int], today: datetime.date
) -> str:
    """Return a ward's roadmap status: achieved, on schedule, behind, ceased or no target."""
    if any(model_years):
        return RoadmapStatus.ACHIEVED
    if target_year is None:
        return RoadmapStatus.NO_TARGET
    if ward.valid_to and ward.valid_to.year < target_year:
        return RoadmapStatus.CEASED
    if today.year > target_year:
        return RoadmapStatus.BEHIND
    return RoadmapStatus.ON_SCHEDULE


def roadmap_rows(
    *, wards: QuerySet[Ward], today: datetime.date, model_years: dict[int, list[int]]
) -> list[RoadmapRow]:
    """Return the programme wards by target year with their roadmap status and their overdue
    headquarters projects (two queries)."""
    overdue: dict[int, list[BuildingProject]] = {}
    for project in overdue_projects(wards=wards, today=today):
        overdue.setdefault(project.ward_id, []).append(project)
    rows = []
    for ward in wards.order_by(F("target_year").asc(nulls_last=True), "valid_from", "name"):
        years = tuple(sorted(model_years.get(ward.pk, ())))
        status = roadmap_status(
            ward=ward, target_year=ward.target_year, model_years=years, today=today
        )
        rows.append(
            RoadmapRow(ward, ward.target_year, years, status, tuple(overdue.get(ward.pk, ())))
        )
    return rows


def overdue_projects(*, wards: QuerySet[Ward], today: datetime.date) -> QuerySet[BuildingProject]:
    """Return the wards' projects past their planned finish year and not finished (one query)."""
    return (
        BuildingProject.objects.filter(ward__in=wards, planned_finish_year__lt=today.year)
        .exclude(status=ProjectStatus.FINISHED)
        .order_by("planned_finish_year", "pk")
    )
