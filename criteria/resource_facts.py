"""The staffing, equipment and headquarters facts that criteria 4, 5 and 22 read, from the
rosters and inventories kept in facilities (read on each ward's reference day)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Count, F, FilteredRelation, Q
from django.utils import timezone

from criteria.facts import FacilitiesFacts, StaffingFacts
from facilities.models import (
    GOOD_OR_BETTER,
    EquipmentCount,
    Headquarters,
    Officer,
    OfficerRating,
    Team,
)
from facilities.selectors import (
    active_roster,
    equipment_gaps,
    is_active_on,
    latest_counts,
    reference_day,
)
from wards.models import Ward
from wards.selectors import succession_moved_ids


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
    hq = headquarters_on(ward_days={ward.pk: (ward, day)}).get(ward.pk)
    return FacilitiesFacts(
        equipment_gaps=equipment_gaps(
            counts=counts, headcount=headcount, cskv=teams.get(Team.CSKV, 0)
        ),
        hq_land_area_m2=hq.land_area_m2 if hq else None,
        hq_within_service_life=(not hq.is_past_service_life(year)) if hq else None,
    )


def headquarters_on(*, ward_days: dict[int, tuple[Ward, datetime.date]]) -> dict[int, Headquarters]:
    """Return, by ward id, the headquarters each ward worked from on its day: its main building
    (on the largest plot, when a merge left it several), counting a building that passed to a
    successor after that day as the former ward's. One query, and one more when some of the
    wards has ended (to find the buildings that passed on)."""
    owners: dict[int, set[int]] = {}
    ended = [ward_id for ward_id, (ward, _day) in ward_days.items() if ward.valid_to]
    if ended:
        for ward_id, items in succession_moved_ids(
            model=Headquarters._meta.label_lower, ward_ids=ended
        ).items():
            for object_id, passed_on in items:
                if ward_days[ward_id][1] < passed_on:
                    owners.setdefault(object_id, set()).add(ward_id)
    found: dict[int, Headquarters] = {}
    for hq in Headquarters.objects.filter(
        Q(ward_id__in=list(ward_days)) | Q(pk__in=list(owners))
    ).order_by("-land_area_m2", "pk"):
        for ward_id in {hq.ward_id, *owners.get(hq.pk, ())}:
            if ward_id in ward_days:
                found.setdefault(ward_id, hq)
    return found


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
        roster = [row for row in officers.get(ward.pk, ()) if is_active_on(row, day)]
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
    headquarters = headquarters_on(
        ward_days={
            ward.pk: (ward, day) for ward, day, _staffing in staffed if ward.pk in held_by_ward
        }
    )
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
