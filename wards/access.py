"""The one place that decides what a user may see and change, scoped by role and ward.

Every view fetches ward-owned data through these helpers: a ward officer asking for another
ward's object gets a 404 (its existence is not revealed), a wrong role gets a 403.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from wards.models import PROVINCE_ROLES, WARD_ROLES, Role, User, Ward

_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def visible_wards(user: User) -> QuerySet[Ward]:
    """Return the wards the user may read: all for province roles, their own for ward roles."""
    if not user.is_authenticated:
        return Ward.objects.none()
    if user.role in PROVINCE_ROLES:
        return Ward.objects.all()
    if user.role in WARD_ROLES and user.ward_id:
        return Ward.objects.filter(pk=user.ward_id)
    return Ward.objects.none()


def scope_by_ward(queryset: QuerySet, user: User, *, ward_field: str = "ward") -> QuerySet:
    """Return the queryset limited to rows whose ward the user may read."""
    if not user.is_authenticated:
        return queryset.none()
    if user.role in PROVINCE_ROLES:
        return queryset
    if user.role in WARD_ROLES and user.ward_id:
        return queryset.filter(**{f"{ward_field}_id": user.ward_id})
    return queryset.none()


def get_ward_or_404(user: User, code: str) -> Ward:
    """Return the ward with this code if the user may read it; 404 otherwise (one query).

    A code that is not a slug (e.g. from a hand-written query string) is a 404 without a query.
    """
    if not isinstance(code, str) or not _SLUG.fullmatch(code):
        raise Http404
    return get_object_or_404(visible_wards(user), code=code)


def get_scoped_or_404(
    queryset: QuerySet, user: User, *, ward_field: str = "ward", **lookup
) -> Model:
    """Return the one object matching lookup within the user's wards; 404 otherwise."""
    return get_object_or_404(scope_by_ward(queryset, user, ward_field=ward_field), **lookup)


def can_edit_ward_data(user: User, ward: Ward) -> bool:
    """Return whether the user may enter or change this ward's own data (its staff only)."""
    return user.is_authenticated and user.role in WARD_ROLES and user.ward_id == ward.pk


def require_ward_editor(user: User, ward: Ward) -> None:
    """Raise 404 when the ward is not the user's to see, 403 when it is visible but read-only."""
    if not visible_wards(user).filter(pk=ward.pk).exists():
        raise Http404
    if not can_edit_ward_data(user, ward):
        raise PermissionDenied


def role_required(*roles: Iterable[str] | str) -> Callable:
    """Decorate a view: anonymous users go to login, users without one of the roles get 403."""
    allowed: set[str] = set()
    for role in roles:
        if isinstance(role, str):
            allowed.add(role)
        else:
            allowed.update(role)

    def decorator(view: Callable) -> Callable:
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.user.role not in allowed:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


province_required = role_required(PROVINCE_ROLES)
reviewer_required = role_required(Role.REVIEWER, Role.ADMIN)
ward_staff_required = role_required(WARD_ROLES)
