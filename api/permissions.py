"""Who may read and write what through the API: the pages' rules, asked of the access policy
(wards.access: allows, visible_wards, scope_by_ward, require_ward_editor). Another ward's
object is a 404 (its existence is not revealed); a wrong role is a 403.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from rest_framework.permissions import BasePermission

from reports.models import ReportStatus
from wards.access import Action, allows, require_ward_editor, scope_by_ward, visible_wards
from wards.models import Ward


def ward_of(obj) -> Ward | int | None:
    """Return the ward (or its id) that owns an object: the object itself when it is a ward."""
    if isinstance(obj, Ward):
        return obj
    if hasattr(obj, "ward_id"):
        return obj.ward_id
    project = getattr(obj, "project", None)  # a budget allocation belongs to its project's ward
    return project.ward_id if project is not None else None


def readable_reports(queryset: QuerySet, user) -> QuerySet:
    """Return the monthly or yearly reports the user may read through the API: a ward's staff
    read their own ward's in any status; province roles read approved reports."""
    queryset = scope_by_ward(queryset, user)
    if allows(user, Action.VIEW_PROVINCE):
        queryset = queryset.filter(status=ReportStatus.APPROVED)
    return queryset


class WardVisible(BasePermission):
    """An object owned by a ward the user may not read is a 404."""

    def has_object_permission(self, request, view, obj) -> bool:
        ward = ward_of(obj)
        pk = ward.pk if isinstance(ward, Ward) else ward
        if pk is None or not visible_wards(request.user).filter(pk=pk).exists():
            raise Http404
        return True


class ReportReadable(BasePermission):
    """A report the user may not read (another ward's, or not approved for province roles) is
    a 404."""

    def has_object_permission(self, request, view, obj) -> bool:
        if not readable_reports(type(obj).objects.filter(pk=obj.pk), request.user).exists():
            raise Http404
        return True


class WardEditor(BasePermission):
    """Writing a ward's data: 404 when the ward is not the user's to see, 403 when it is
    visible but read-only for the user (province roles)."""

    def has_permission(self, request, view) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        require_ward_editor(request.user, view.get_ward())
        return True


class ProvinceRole(BasePermission):
    """Province roles only (reviewer, committee, administrator): the budget."""

    def has_permission(self, request, view) -> bool:
        return allows(request.user, Action.VIEW_PROVINCE)


class PersonalDataRole(BasePermission):
    """Roles that may read officers' names: ward staff (their own ward), reviewers and
    administrators; never the steering committee."""

    def has_permission(self, request, view) -> bool:
        return allows(request.user, Action.SEE_PERSONAL_DATA)
