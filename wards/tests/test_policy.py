"""The access policy's answers, role by role: one table says who may do what to what."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from wards.access import Action, allows, capabilities, require

pytestmark = pytest.mark.django_db

ROLES = ("officer_a", "chief_a", "officer_b", "reviewer", "committee", "admin_user")


def _report(ward, status):
    """A stand-in for a monthly or yearly report: the policy reads ward_id and status only."""
    return SimpleNamespace(ward_id=ward.pk, status=status)


# (action, report status or None for the ward itself) -> roles allowed, on ward A's objects.
TABLE = {
    (Action.VIEW, None): {"officer_a", "chief_a", "reviewer", "committee", "admin_user"},
    (Action.EDIT, None): {"officer_a", "chief_a"},
    (Action.EDIT, "draft"): {"officer_a", "chief_a"},
    (Action.EDIT, "returned"): {"officer_a", "chief_a"},
    (Action.EDIT, "submitted"): set(),
    (Action.EDIT, "approved"): set(),
    (Action.SUBMIT, "draft"): {"chief_a"},
    (Action.SUBMIT, "returned"): {"chief_a"},
    (Action.SUBMIT, "submitted"): set(),
    (Action.WITHDRAW, "submitted"): {"chief_a"},
    (Action.WITHDRAW, "approved"): set(),
    (Action.REVIEW, "submitted"): {"reviewer", "admin_user"},
    (Action.REVIEW, "draft"): set(),
    (Action.REOPEN, "approved"): {"reviewer", "admin_user"},
    (Action.REOPEN, "submitted"): set(),
    (Action.HISTORY, "approved"): {"officer_a", "chief_a", "reviewer", "admin_user"},
    (Action.UPLOAD_EVIDENCE, None): {"chief_a", "reviewer", "admin_user"},
    (Action.DECIDE_MANUAL, None): {"reviewer", "admin_user"},
    (Action.SEE_PERSONAL_DATA, None): {"officer_a", "chief_a", "reviewer", "admin_user"},
    (Action.MANAGE_PROGRAMME, None): {"reviewer", "admin_user"},
}


@pytest.mark.parametrize(("action", "status"), list(TABLE))
def test_policy_answers_each_role_as_the_table_says(request, ward_a, action, status):
    obj = ward_a if status is None else _report(ward_a, status)
    allowed = {role for role in ROLES if allows(request.getfixturevalue(role), action, obj)}
    assert allowed == TABLE[(action, status)]


def test_every_action_is_in_the_table():
    assert {action for action, _status in TABLE} >= set(Action) - {
        Action.REQUEST_DOCUMENT,
        Action.VIEW_PROVINCE,
        *OFFICIAL_ACTIONS,
    }


OFFICIAL_ACTIONS = {Action.READ_OFFICIAL, Action.WRITE_OFFICIAL, Action.SUPERSEDE_OFFICIAL}


def test_official_documents_are_read_by_the_province_and_written_by_reviewers(request):
    draft = SimpleNamespace(state="draft")
    final = SimpleNamespace(state="final")
    replaced = SimpleNamespace(state="final", superseded_by=object())

    def who(action, obj=None):
        return {role for role in ROLES if allows(request.getfixturevalue(role), action, obj)}

    assert who(Action.READ_OFFICIAL) == {"reviewer", "committee", "admin_user"}
    assert who(Action.WRITE_OFFICIAL) == {"reviewer", "admin_user"}
    assert who(Action.WRITE_OFFICIAL, draft) == {"reviewer", "admin_user"}
    assert who(Action.WRITE_OFFICIAL, final) == set()
    assert who(Action.SUPERSEDE_OFFICIAL, final) == {"reviewer", "admin_user"}
    assert who(Action.SUPERSEDE_OFFICIAL, draft) == set()
    assert who(Action.SUPERSEDE_OFFICIAL, replaced) == set()


def test_province_pages_and_documents(officer_a, committee, reviewer, ward_a, ward_b):
    assert allows(committee, Action.VIEW_PROVINCE) and not allows(officer_a, Action.VIEW_PROVINCE)
    assert allows(committee, Action.REQUEST_DOCUMENT, None, kind="progress_report_pdf")
    assert not allows(officer_a, Action.REQUEST_DOCUMENT, None, kind="progress_report_pdf")
    assert allows(officer_a, Action.REQUEST_DOCUMENT, ward_a, kind="ward_scorecard_pdf")
    assert not allows(officer_a, Action.REQUEST_DOCUMENT, ward_b, kind="ward_scorecard_pdf")
    assert not allows(reviewer, Action.REQUEST_DOCUMENT, None, kind="ward_scorecard_pdf")


def test_anonymous_may_do_nothing(ward_a):
    assert not any(allows(AnonymousUser(), action, ward_a) for action in Action)


def test_any_state_leaves_the_state_to_the_transition(chief_a, reviewer, ward_a):
    submitted = _report(ward_a, "submitted")
    assert not allows(chief_a, Action.SUBMIT, submitted)
    assert allows(chief_a, Action.SUBMIT, submitted, any_state=True)
    assert allows(reviewer, Action.REVIEW, _report(ward_a, "approved"), any_state=True)
    assert not allows(reviewer, Action.SUBMIT, _report(ward_a, "draft"), any_state=True)


def test_capabilities_list_what_templates_ask(chief_a, officer_a, ward_a):
    caps = capabilities(chief_a, _report(ward_a, "draft"))
    assert caps.submit and caps.edit and caps.history and not caps.review
    assert not capabilities(officer_a, _report(ward_a, "draft")).submit
    with pytest.raises(AttributeError):
        _ = caps.fly


def test_require_hides_other_wards_and_refuses_wrong_roles(officer_b, committee, ward_a):
    with pytest.raises(Http404):
        require(officer_b, Action.EDIT, ward_a)
    with pytest.raises(PermissionDenied):
        require(committee, Action.EDIT, ward_a)
