"""Writes for rosters, ratings, equipment counts, headquarters, projects and target years."""

from __future__ import annotations

import datetime
from collections.abc import Collection
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from facilities.models import (
    HQ_FIELDS,
    OFFICER_FIELDS,
    PROJECT_FIELDS,
    BuildingProject,
    EquipmentCount,
    Headquarters,
    Officer,
    OfficerRating,
    ProjectMilestone,
)
from wards.models import TARGET_YEAR_AND_UNDECIDED, User, Ward

M = TypeVar("M", bound=models.Model)


def _save(instance: M, allowed: Collection[str], changes: dict[str, Any]) -> M:
    """Set the allowed fields on the instance (refusing any other field name), validate it,
    save it and return it."""
    unknown = set(changes).difference(allowed)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def officer_create(*, ward: Ward, **fields: Any) -> Officer:
    """Add an officer to the ward's roster (validated)."""
    return _save(Officer(ward=ward), OFFICER_FIELDS, fields)


@transaction.atomic
def officer_update(*, officer: Officer, **changes: Any) -> Officer:
    """Change an officer's roster entry (validated); the ward never changes."""
    return _save(officer, OFFICER_FIELDS, changes)


@transaction.atomic
def officer_rating_set(*, officer: Officer, year: int, rating: str) -> OfficerRating:
    """Record or change the officer's rating for a year (one per officer and year)."""
    if officer.active_from.year > year or (officer.active_to and officer.active_to.year < year):
        raise ValidationError(
            {"year": _("Cán bộ không công tác tại phường trong năm %(year)s.") % {"year": year}}
        )
    existing = OfficerRating.objects.select_for_update().filter(officer=officer, year=year).first()
    if existing:
        existing.rating = rating
        existing.full_clean()
        existing.save()
        return existing
    new = OfficerRating(officer=officer, year=year, rating=rating)
    new.full_clean()
    new.save()
    return new


@transaction.atomic
def equipment_count_record(
    *, ward: Ward, kind: str, counted_on: datetime.date, quantity: int, note: str = ""
) -> EquipmentCount:
    """Record how many items of a kind the ward holds on a day (a day's count can be corrected)."""
    count = (
        EquipmentCount.objects.select_for_update()
        .filter(ward=ward, kind=kind, counted_on=counted_on)
        .first()
    ) or EquipmentCount(ward=ward, kind=kind, counted_on=counted_on)
    count.quantity = quantity
    count.note = note
    count.full_clean()
    count.save()
    return count


@transaction.atomic
def headquarters_save(
    *, ward: Ward, headquarters_id: int | None = None, **fields: Any
) -> Headquarters:
    """Create or change the ward's headquarters record (validated): the given building of the
    ward, else its main one (a merged ward may hold several)."""
    buildings = Headquarters.objects.select_for_update().filter(ward=ward)
    if headquarters_id is not None:
        buildings = buildings.filter(pk=headquarters_id)
    hq = buildings.first() or Headquarters(ward=ward)
    return _save(hq, HQ_FIELDS, fields)


@transaction.atomic
def project_create(*, ward: Ward, **fields: Any) -> BuildingProject:
    """Create a building project for a ward (validated)."""
    return _save(BuildingProject(ward=ward), PROJECT_FIELDS, fields)


@transaction.atomic
def project_update(*, project: BuildingProject, **changes: Any) -> BuildingProject:
    """Change a building project (validated)."""
    return _save(project, PROJECT_FIELDS, changes)


@transaction.atomic
def milestone_add(
    *,
    project: BuildingProject,
    title: str,
    due_on: datetime.date | None = None,
    done_on: datetime.date | None = None,
) -> ProjectMilestone:
    """Add a milestone to a project."""
    milestone = ProjectMilestone(project=project, title=title, due_on=due_on, done_on=done_on)
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def ward_target_year_set(
    *,
    ward: Ward,
    target_year: int | None,
    reason: str,
    undecided: bool = False,
    user: User | None = None,
) -> Ward:
    """Set the year the ward aims to be a model ward, or the explicit "chưa xác định"
    (`undecided=True`; a missing year without it is refused), validated against the ward's
    limits; the change goes into the ward's history with the user and the reason."""
    if target_year is not None and undecided:
        raise ValidationError({"undecided": TARGET_YEAR_AND_UNDECIDED})
    if not reason.strip():
        raise ValidationError({"reason": _("Nhập lý do thay đổi.")})
    ward.target_year = target_year
    ward.target_year_undecided = undecided
    ward.full_clean(exclude=["predecessors"])
    ward._change_reason = reason.strip()
    if user is not None:
        ward._history_user = user
    ward.save(update_fields=["target_year", "target_year_undecided"])
    return ward
