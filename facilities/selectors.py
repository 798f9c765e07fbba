"""Reads for rosters, equipment, headquarters and projects, and the facts criteria 4, 5, 22 use.

A ward's roster and inventory "for a year" are those on its reference day: 31 December, or
today for the current year, or the ward's last day when it ceased during the year.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import Count, F, FilteredRelation, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from criteria.facts import FacilitiesFacts, StaffingFacts
from facilities.models import (
    GOOD_OR_BETTER,
    BuildingProject,
    Education,
    EquipmentCount,
    EquipmentKind,
    Headquarters,
    Officer,
    OfficerRating,
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


def staffing_facts(*, ward: Ward, year: int) -> StaffingFacts | None:
    """Return the ward's staffing facts for the year, or None when no roster is recorded.

    Two queries: team sizes of the active roster, then their ratings for the year.
    """
    if not ward.is_valid_in_year(year):
        return None
    day = reference_day(ward=ward, year=year)
    roster = active_roster(ward=ward, day=day)
    sizes = dict.fromkeys(Team.values, 0)
    for row in roster.values("team").annotate(n=Count("pk")):
        sizes[row["team"]] = row["n"]
    headcount = sum(sizes.values())
    if headcount == 0:
        return None
    ratings = OfficerRating.objects.filter(officer__in=roster, year=year).aggregate(
        rated=Count("pk"), good=Count("pk", filter=Q(rating__in=list(GOOD_OR_BETTER)))
    )
    return StaffingFacts(
        headcount=headcount,
        team_sizes=sizes,
        rated=ratings["rated"],
        rated_good_or_better=ratings["good"],
    )


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


def facilities_facts(*, ward: Ward, year: int) -> FacilitiesFacts | None:
    """Return the ward's equipment and HQ facts for the year, or None when none are recorded.

    None when the ward has no inventory count on or before its reference day or no officer on
    the roster then (the per-officer targets cannot be computed). A kind never counted is
    taken as none held. The HQ fields are None when no headquarters is recorded. Three queries.
    """
    if not ward.is_valid_in_year(year):
        return None
    day = reference_day(ward=ward, year=year)
    counts = latest_counts(ward=ward, day=day)
    if counts is None:
        return None
    teams = dict(
        active_roster(ward=ward, day=day)
        .values("team")
        .annotate(n=Count("pk"))
        .values_list("team", "n")
    )
    headcount = sum(teams.values())
    if headcount == 0:
        return None
    hq = Headquarters.objects.filter(ward=ward).first()
    return FacilitiesFacts(
        equipment_gaps=equipment_gaps(
            counts=counts, headcount=headcount, cskv=teams.get(Team.CSKV, 0)
        ),
        hq_land_area_m2=hq.land_area_m2 if hq else None,
        hq_within_service_life=(not hq.is_past_service_life(year)) if hq else None,
    )


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


def _is_active(row: dict, day: datetime.date) -> bool:
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
        if _is_active(officer, day):
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
    active = [o for o in officers if _is_active(o, day)]
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


def wards_resources_facts(
    *, wards: Iterable[Ward], year: int
) -> dict[int, tuple[StaffingFacts | None, FacilitiesFacts | None]]:
    """Return, by ward id, what staffing_facts and facilities_facts return for each ward's
    year, read for all the wards at once: one query for the officers and their ratings, then
    equipment counts only when some ward has officers, and headquarters only when some ward
    with officers has counts (so at most three queries whatever their number)."""
    today = timezone.localdate()
    wards = [ward for ward in wards if ward.is_valid_in_year(year)]
    ids = [ward.pk for ward in wards]
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    officers: dict[int, list[dict]] = {}
    for row in (
        Officer.objects.filter(ward_id__in=ids, active_from__lte=last)
        .filter(Q(active_to__isnull=True) | Q(active_to__gte=first))
        .annotate(year_rating=FilteredRelation("ratings", condition=Q(ratings__year=year)))
        .order_by()
        .values("ward_id", "team", "active_from", "active_to", rating=F("year_rating__rating"))
    ):
        officers.setdefault(row["ward_id"], []).append(row)
    facts: dict[int, tuple[StaffingFacts | None, FacilitiesFacts | None]] = {}
    staffed: list[tuple[Ward, datetime.date, StaffingFacts]] = []
    for ward in wards:
        day = reference_day(ward=ward, year=year, today=today)
        roster = [row for row in officers.get(ward.pk, ()) if _is_active(row, day)]
        sizes = dict.fromkeys(Team.values, 0)
        for row in roster:
            sizes[row["team"]] = sizes.get(row["team"], 0) + 1
        headcount = sum(sizes.values())
        facts[ward.pk] = (None, None)
        if headcount == 0:
            continue
        rated = [row["rating"] for row in roster if row["rating"] is not None]
        staffing = StaffingFacts(
            headcount=headcount,
            team_sizes=sizes,
            rated=len(rated),
            rated_good_or_better=sum(1 for rating in rated if rating in GOOD_OR_BETTER),
        )
        facts[ward.pk] = (staffing, None)
        staffed.append((ward, day, staffing))
    if not staffed:
        return facts
    counts: dict[int, list[tuple]] = {}
    for ward_id, kind, quantity, counted_on in (
        EquipmentCount.objects.filter(
            ward_id__in=[ward.pk for ward, _day, _staffing in staffed], counted_on__lte=last
        )
        .order_by("ward_id", "kind", "-counted_on")
        .values_list("ward_id", "kind", "quantity", "counted_on")
    ):
        counts.setdefault(ward_id, []).append((kind, quantity, counted_on))
    held_by_ward: dict[int, dict[str, int]] = {}
    for ward, day, _staffing in staffed:
        held: dict[str, int] = {}
        for kind, quantity, counted_on in counts.get(ward.pk, ()):
            if counted_on <= day:
                held.setdefault(kind, quantity)
        if held:
            held_by_ward[ward.pk] = held
    if not held_by_ward:
        return facts
    headquarters = {
        hq.ward_id: hq
        for hq in Headquarters.objects.filter(ward_id__in=list(held_by_ward)).order_by()
    }
    for ward, _day, staffing in staffed:
        held = held_by_ward.get(ward.pk)
        if held is None:
            continue
        hq = headquarters.get(ward.pk)
        facilities = FacilitiesFacts(
            equipment_gaps=equipment_gaps(
                counts=held,
                headcount=staffing.headcount,
                cskv=staffing.team_sizes.get(Team.CSKV, 0),
            ),
            hq_land_area_m2=hq.land_area_m2 if hq else None,
            hq_within_service_life=(not hq.is_past_service_life(year)) if hq else None,
        )
        facts[ward.pk] = (staffing, facilities)
    return facts
