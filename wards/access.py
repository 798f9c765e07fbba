"""The access policy: the one place that decides what a user may see and do, by role and ward.

`allows(user, action, obj)` answers "may this user do X to this object" and `capabilities(user,
obj)` returns every action allowed on it (templates read `caps.submit`, `caps.review`, ...).
Views, services, templates and the menu all ask it. Objects are read by their ward (a Ward, or
any object with `ward_id`) and, for reports, their `status`; None means the province as a whole.
Every view fetches ward-owned data through the scoping helpers below: a ward officer asking for
another ward's object gets a 404 (its existence is not revealed), a wrong role gets a 403.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from enum import StrEnum
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from wards.models import PROVINCE_ROLES, WARD_ROLES, Role, User, Ward

_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


class Action(StrEnum):
    """What a user may want to do to an object."""

    VIEW = "view"  # read the object (ward-owned: its staff and the province)
    EDIT = "edit"  # enter or change a ward's own data: reports, roster, equipment
    SUBMIT = "submit"  # send a report for review (the ward's chief)
    WITHDRAW = "withdraw"  # take a submitted report back before the reviewer acts (chief)
    REVIEW = "review"  # approve or return a submitted report (province reviewers)
    REOPEN = "reopen"  # reopen an approved report (province reviewers)
    HISTORY = "history"  # read a report's change history
    UPLOAD_EVIDENCE = "upload_evidence"  # attach evidence for a criterion
    DECIDE_MANUAL = "decide_manual"  # decide a manual criterion
    REQUEST_DOCUMENT = "request_document"  # ask for (and download) a generated document
    SEE_PERSONAL_DATA = "see_personal_data"  # rosters with names (never the committee)
    MANAGE_PROGRAMME = "manage_programme"  # headquarters, projects, target years, budget,
    # baselines, scoring: the province's reviewers and administrators
    VIEW_PROVINCE = "view_province"  # every ward together: matrix, budget, province pages
    READ_OFFICIAL = "read_official"  # official documents (reports, tờ trình): province roles
    WRITE_OFFICIAL = "write_official"  # draft, edit and finalise them: reviewers, drafts only
    SUPERSEDE_OFFICIAL = "supersede_official"  # replace a finalised one: reviewers


# Report states, as stored (reports.models.ReportStatus; a test keeps the two in step).
REPORT_EDITABLE = frozenset({"draft", "returned"})
REPORT_SUBMITTED = "submitted"
REPORT_APPROVED = "approved"
# Official document states, as stored (documents.models.OfficialState).
OFFICIAL_DRAFT = "draft"
OFFICIAL_FINAL = "final"
REVIEWERS = frozenset({Role.REVIEWER, Role.ADMIN})
PERSONAL_DATA_ROLES = frozenset({*WARD_ROLES, *REVIEWERS})
# Document kinds a ward's own staff may ask for (about their ward); the others are province-wide.
WARD_DOCUMENT_KINDS = frozenset({"ward_scorecard_pdf"})


def _ward_id(obj: Any) -> int | None:
    """Return the ward an object belongs to (None for province-wide objects)."""
    if obj is None:
        return None
    if isinstance(obj, Ward):
        return obj.pk
    return getattr(obj, "ward_id", None)


def _own_ward(user: User, obj: Any) -> bool:
    ward_id = _ward_id(obj)
    return user.role in WARD_ROLES and ward_id is not None and user.ward_id == ward_id


def allows(
    user: User, action: Action | str, obj: Any = None, *, kind: str = "", any_state: bool = False
) -> bool:
    """Return whether the user may do the action to the object (None: the province level;
    `kind` names the document kind for REQUEST_DOCUMENT). With any_state, a report's state is
    left to the caller: services check who may act here and let the transition check the state
    atomically (so a stale state reads as such, not as a refusal)."""
    if user is None or not user.is_authenticated:
        return False
    role = user.role
    province = role in PROVINCE_ROLES
    reviewer = role in REVIEWERS
    own = _own_ward(user, obj)
    status = getattr(obj, "status", None)
    if any_state and status is not None:
        status = {
            Action.EDIT: "draft",
            Action.SUBMIT: "draft",
            Action.WITHDRAW: REPORT_SUBMITTED,
            Action.REVIEW: REPORT_SUBMITTED,
            Action.REOPEN: REPORT_APPROVED,
        }.get(Action(action), status)
    match Action(action):
        case Action.VIEW:
            return province or own
        case Action.EDIT:
            return own and (status is None or status in REPORT_EDITABLE)
        case Action.SUBMIT:  # on a ward (no status): may send its reports at all
            return own and role == Role.WARD_CHIEF and status in {None, *REPORT_EDITABLE}
        case Action.WITHDRAW:
            return own and role == Role.WARD_CHIEF and status in {None, REPORT_SUBMITTED}
        case Action.REVIEW:
            return reviewer and status == REPORT_SUBMITTED
        case Action.REOPEN:
            return reviewer and status == REPORT_APPROVED
        case Action.HISTORY:
            return reviewer or own
        case Action.UPLOAD_EVIDENCE:
            return reviewer or (own and role == Role.WARD_CHIEF)
        case Action.DECIDE_MANUAL | Action.MANAGE_PROGRAMME:
            return reviewer
        case Action.REQUEST_DOCUMENT:
            if kind in WARD_DOCUMENT_KINDS:
                return _ward_id(obj) is not None and (province or own)
            return province
        case Action.SEE_PERSONAL_DATA:
            return reviewer or (own if obj is not None else role in WARD_ROLES)
        case Action.VIEW_PROVINCE | Action.READ_OFFICIAL:
            return province
        case Action.WRITE_OFFICIAL:  # on a document: only while it is a draft
            return reviewer and getattr(obj, "state", OFFICIAL_DRAFT) == OFFICIAL_DRAFT
        case Action.SUPERSEDE_OFFICIAL:
            return (
                reviewer
                and getattr(obj, "state", None) == OFFICIAL_FINAL
                and not hasattr(obj, "superseded_by")
            )
    return False


class Capabilities:
    """The actions a user may take on one object, for templates: `caps.submit`, `caps.edit`."""

    def __init__(self, user: User, obj: Any) -> None:
        self._allowed = frozenset(action for action in Action if allows(user, action, obj))

    def __getattr__(self, name: str) -> bool:
        try:
            return Action(name) in self._allowed
        except ValueError:
            raise AttributeError(name) from None

    def __contains__(self, action: object) -> bool:
        return action in self._allowed

    def __repr__(self) -> str:
        return f"Capabilities({sorted(self._allowed)})"


def capabilities(user: User, obj: Any = None) -> Capabilities:
    """Return what the user may do to the object (or at the province level for None)."""
    return Capabilities(user, obj)


def require(user: User, action: Action | str, obj: Any = None, *, kind: str = "") -> None:
    """Raise 404 when a ward-owned object is not the user's to see, 403 when the action is
    not allowed on an object they may see."""
    if _ward_id(obj) is not None and not allows(user, Action.VIEW, obj):
        raise Http404
    if not allows(user, action, obj, kind=kind):
        raise PermissionDenied


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


def require_ward_editor(user: User, ward: Ward) -> None:
    """Raise 404 when the ward is not the user's to see, 403 when it is visible but read-only."""
    require(user, Action.EDIT, ward)


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


def action_required(action: Action) -> Callable:
    """Decorate a view: anonymous users go to login, users the policy refuses the action at
    the province level get 403."""

    def decorator(view: Callable) -> Callable:
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not allows(request.user, action):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


province_required = action_required(Action.VIEW_PROVINCE)
reviewer_required = action_required(Action.MANAGE_PROGRAMME)
ward_staff_required = role_required(WARD_ROLES)
personal_data_required = action_required(Action.SEE_PERSONAL_DATA)
