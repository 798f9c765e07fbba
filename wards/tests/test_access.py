import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from reports.models import BaselineTotals
from wards.access import (
    Action,
    allows,
    get_ward_or_404,
    require_ward_editor,
    scope_by_ward,
    visible_wards,
)

pytestmark = pytest.mark.django_db


def test_officer_sees_only_own_ward(officer_a, ward_a, ward_b):
    assert list(visible_wards(officer_a)) == [ward_a]


def test_province_roles_see_every_ward(reviewer, committee, admin_user, ward_a, ward_b):
    for user in (reviewer, committee, admin_user):
        assert set(visible_wards(user)) == {ward_a, ward_b}


def test_anonymous_sees_nothing(ward_a):
    from django.contrib.auth.models import AnonymousUser

    assert not visible_wards(AnonymousUser()).exists()


def test_scope_by_ward_filters_rows_of_other_wards(officer_a, reviewer, ward_a, ward_b):
    BaselineTotals.objects.create(ward=ward_a, year=2022, criminal_cases=1)
    BaselineTotals.objects.create(ward=ward_b, year=2022, criminal_cases=2)
    mine = scope_by_ward(BaselineTotals.objects.all(), officer_a)
    assert [row.criminal_cases for row in mine] == [1]
    assert scope_by_ward(BaselineTotals.objects.all(), reviewer).count() == 2


def test_officer_asking_for_other_ward_gets_404(officer_a, ward_b):
    with pytest.raises(Http404):
        get_ward_or_404(officer_a, ward_b.code)


def test_only_ward_staff_edit_their_ward(officer_a, chief_a, officer_b, reviewer, ward_a):
    assert allows(officer_a, Action.EDIT, ward_a)
    assert allows(chief_a, Action.EDIT, ward_a)
    assert not allows(officer_b, Action.EDIT, ward_a)
    assert not allows(reviewer, Action.EDIT, ward_a)


def test_require_ward_editor_hides_other_wards_and_refuses_readers(officer_b, reviewer, ward_a):
    with pytest.raises(Http404):
        require_ward_editor(officer_b, ward_a)
    with pytest.raises(PermissionDenied):
        require_ward_editor(reviewer, ward_a)
