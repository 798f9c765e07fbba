"""Writes on criteria-set versions: import a new version from Excel (a draft), activate it."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from config.errors import AppError
from criteria.excel import read_criteria_upload
from criteria.models import CriteriaSet, Criterion
from wards.access import Action, require
from wards.models import User

FIRST_YEAR, LAST_YEAR = 2023, 2100


def _latest_active() -> CriteriaSet | None:
    return CriteriaSet.objects.filter(is_active=True).order_by("-effective_year").first()


def _check_year(effective_year: int) -> None:
    """Refuse a year at or before the latest active version's (its past results stay)."""
    if not FIRST_YEAR <= effective_year <= LAST_YEAR:
        raise AppError(
            _("Năm áp dụng phải từ %(first)s đến %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    latest = _latest_active()
    if latest and effective_year <= latest.effective_year:
        raise AppError(
            _(
                "Bộ tiêu chí đang áp dụng từ năm %(year)s; phiên bản mới phải áp dụng từ năm sau "
                "đó để kết quả các năm đã đánh giá không bị thay đổi."
            )
            % {"year": latest.effective_year}
        )


@transaction.atomic
def criteria_set_import(
    *, data: bytes, name: str, effective_year: int, notes: str = "", user: User
) -> CriteriaSet:
    """Create a draft (not active) version from an uploaded Excel file; all or nothing.

    Raises CriteriaImportError (every bad cell, with sheet and cell) or ConflictError (the
    year); nothing is stored then.
    """
    require(user, Action.MANAGE_PROGRAMME)
    rows = read_criteria_upload(data)
    _check_year(effective_year)
    version = (CriteriaSet.objects.aggregate(v=Max("version"))["v"] or 0) + 1
    new_set = CriteriaSet.objects.create(
        name=name.strip(),
        effective_year=effective_year,
        version=version,
        notes=notes.strip(),
        is_active=False,
    )
    Criterion.objects.bulk_create(Criterion(criteria_set=new_set, **row) for row in rows)
    return new_set


@transaction.atomic
def criteria_set_activate(*, criteria_set: CriteriaSet, user: User) -> CriteriaSet:
    """Put a draft version in force from its effective year: every scoring of that year and
    later uses it; results of earlier years keep the version they were scored with."""
    require(user, Action.MANAGE_PROGRAMME)
    criteria_set = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
    if criteria_set.is_active:
        raise AppError(_("Phiên bản này đang được áp dụng."))
    _check_year(criteria_set.effective_year)
    if not criteria_set.criteria.exists():
        raise AppError(_("Phiên bản chưa có tiêu chí nào."))
    criteria_set.is_active = True
    criteria_set.activated_at = timezone.now()
    criteria_set.save(update_fields=["is_active", "activated_at"])
    return criteria_set
