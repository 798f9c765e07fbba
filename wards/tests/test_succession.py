"""A dissolved ward's records pass to its successor on 01/07/2025: once, with who, when, why."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from budget.tests.factories import AllocationFactory
from config.errors import AppError, ConflictError
from facilities.models import BuildingProject, EquipmentCount, Headquarters, Officer
from facilities.tests.factories import (
    BuildingProjectFactory,
    EquipmentCountFactory,
    HeadquartersFactory,
    OfficerFactory,
    OfficerRatingFactory,
)
from wards.langson import SUCCESSION_REASON
from wards.models import SuccessionTransfer, Ward, WardLineage, WardSuccession
from wards.services import ward_default_successor, ward_succession_apply
from wards.tests.factories import WardFactory

DAY = datetime.date(2025, 7, 1)
EVE = datetime.date(2025, 6, 30)


@pytest.fixture
def merge(db):
    """Two old wards merged into one new ward on 01/07/2025."""
    old_a = WardFactory(code="old-a", name="Cũ A", valid_to=EVE)
    old_b = WardFactory(code="old-b", name="Cũ B", valid_to=EVE)
    new = WardFactory(code="new", name="Mới", valid_from=DAY)
    for old in (old_a, old_b):
        WardLineage.objects.create(successor=new, predecessor=old, effective_date=DAY)
    return old_a, old_b, new


def _apply(predecessor, successor, user=None, **kwargs):
    return ward_succession_apply(
        predecessor=predecessor, successor=successor, user=user, reason="NQ 1672", **kwargs
    )


def test_officers_carry_on_in_the_successor_and_the_old_roster_ends_on_the_eve(merge, admin_user):
    old_a, _old_b, new = merge
    officer = OfficerFactory(ward=old_a, active_from=datetime.date(2023, 1, 1), active_to=EVE)
    left = OfficerFactory(ward=old_a, active_to=datetime.date(2024, 3, 1))
    OfficerRatingFactory(officer=officer, year=2024)
    rating_2025 = OfficerRatingFactory(officer=officer, year=2025)

    result = _apply(old_a, new, admin_user)

    officer.refresh_from_db()
    carried = Officer.objects.get(ward=new)
    assert (carried.full_name, carried.active_from, carried.active_to) == (
        officer.full_name,
        DAY,
        None,
    )
    assert officer.ward == old_a and officer.active_to == EVE
    assert list(officer.ratings.values_list("year", flat=True)) == [2024]
    rating_2025.refresh_from_db()
    assert rating_2025.officer == carried
    assert Officer.objects.filter(ward=old_a).count() == 2  # the old roster stays as it was
    assert not Officer.objects.filter(ward=new, full_name=left.full_name).exists()
    assert [item.instance.pk for item in result.moved["officers"]] == [officer.pk]
    history = carried.history.latest()
    assert (history.history_user, history.history_change_reason) == (admin_user, "NQ 1672")


def test_headquarters_projects_and_their_budget_move_whole(merge, admin_user):
    old_a, _old_b, new = merge
    hq = HeadquartersFactory(ward=old_a)
    project = BuildingProjectFactory(ward=old_a)
    allocation = AllocationFactory(project=project)

    _apply(old_a, new, admin_user)

    hq.refresh_from_db()
    project.refresh_from_db()
    assert hq.ward == new and project.ward == new
    assert allocation.project.pk == project.pk
    run = WardSuccession.objects.get(predecessor=old_a, kind="projects")
    assert run.performed_by == admin_user and run.reason == "NQ 1672" and run.performed_at
    assert {(t.model, t.object_id) for t in run.transfers.all()} == {
        ("budget.allocation", allocation.pk),
        ("facilities.buildingproject", project.pk),
    }
    assert hq.history.latest().history_change_reason == "NQ 1672"


def test_two_merged_wards_equipment_is_summed_on_the_takeover_day(merge):
    old_a, old_b, new = merge
    EquipmentCountFactory(ward=old_a, kind="desktop", counted_on=datetime.date(2023, 9, 12))
    EquipmentCountFactory(
        ward=old_a, kind="desktop", counted_on=datetime.date(2024, 5, 1), quantity=6
    )
    EquipmentCountFactory(
        ward=old_b, kind="desktop", counted_on=datetime.date(2024, 2, 1), quantity=4
    )
    late = EquipmentCountFactory(ward=old_b, kind="printer", counted_on=datetime.date(2025, 8, 1))

    _apply(old_a, new)
    _apply(old_b, new)

    opening = EquipmentCount.objects.get(ward=new, kind="desktop", counted_on=DAY)
    assert opening.quantity == 10
    assert EquipmentCount.objects.filter(ward=old_a).count() == 2  # history stays
    assert not EquipmentCount.objects.filter(pk=late.pk).exists()
    assert EquipmentCount.objects.get(ward=new, kind="printer").counted_on == late.counted_on


def test_a_second_run_moves_and_records_nothing(merge, admin_user):
    old_a, _old_b, new = merge
    OfficerFactory(ward=old_a, active_to=None)
    EquipmentCountFactory(ward=old_a, quantity=3)
    HeadquartersFactory(ward=old_a)
    first = _apply(old_a, new, admin_user)
    counts = (WardSuccession.objects.count(), SuccessionTransfer.objects.count())

    second = _apply(old_a, new, admin_user)

    assert first.total == 3 and second.total == 0
    assert sorted(second.already_done) == ["equipment", "headquarters", "officers"]
    assert (WardSuccession.objects.count(), SuccessionTransfer.objects.count()) == counts
    assert Officer.objects.filter(ward=new).count() == 1
    assert EquipmentCount.objects.get(ward=new).quantity == 3


def test_a_dry_run_lists_what_would_pass_and_writes_nothing(merge):
    old_a, _old_b, new = merge
    OfficerFactory(ward=old_a, active_to=None)
    HeadquartersFactory(ward=old_a)

    result = _apply(old_a, new, dry_run=True)

    assert result.total == 2
    assert not WardSuccession.objects.exists()
    assert Headquarters.objects.get().ward == old_a
    assert Officer.objects.get().active_to is None


def test_a_run_needs_a_reason_and_a_successor_in_the_lineage(merge):
    old_a, old_b, _new = merge
    with pytest.raises(AppError):
        ward_succession_apply(predecessor=old_a, successor=_new, user=None, reason="  ")
    with pytest.raises(ConflictError):
        _apply(old_a, old_b)


def test_a_split_ward_goes_by_default_to_the_successor_holding_its_headquarters(db):
    old = WardFactory(code="split", valid_to=EVE)
    east, west = WardFactory(code="east", valid_from=DAY), WardFactory(code="west", valid_from=DAY)
    WardLineage.objects.create(successor=east, predecessor=old, effective_date=DAY)
    link = WardLineage.objects.create(successor=west, predecessor=old, effective_date=DAY)
    with pytest.raises(ConflictError):
        ward_default_successor(predecessor=old)
    link.holds_headquarters = True
    link.save()
    assert ward_default_successor(predecessor=old) == west


def test_an_administrator_chooses_the_successor_per_kind_for_a_split_ward(db):
    old = WardFactory(code="split", valid_to=EVE)
    east, west = WardFactory(code="east", valid_from=DAY), WardFactory(code="west", valid_from=DAY)
    for new in (east, west):
        WardLineage.objects.create(successor=new, predecessor=old, effective_date=DAY)
    OfficerFactory(ward=old, active_to=None)
    HeadquartersFactory(ward=old)

    _apply(old, east, kinds=["officers"])
    _apply(old, west, kinds=["headquarters"])
    _apply(old, west, kinds=["officers"])  # already passed to east: nothing moves

    assert Officer.objects.filter(ward=east).count() == 1
    assert not Officer.objects.filter(ward=west).exists()
    assert Headquarters.objects.get().ward == west


def test_load_langson_passes_the_five_wards_records_once(langson):
    new_dong_kinh = Ward.objects.get(code="dong-kinh-2025")
    assert Headquarters.objects.filter(ward=new_dong_kinh).count() == 2
    assert BuildingProject.objects.filter(ward=new_dong_kinh).count() == 2
    assert Officer.objects.filter(ward=new_dong_kinh, active_to__isnull=True).count() == 26
    desktops = EquipmentCount.objects.get(ward=new_dong_kinh, kind="desktop", counted_on=DAY)
    assert desktops.quantity == 6 + 6
    runs = WardSuccession.objects.filter(predecessor__code="vinh-trai")
    assert {run.kind for run in runs} == {"officers", "equipment", "headquarters", "projects"}
    assert {(run.successor, run.reason, run.performed_by) for run in runs} == {
        (new_dong_kinh, SUCCESSION_REASON, None)
    }
    assert Officer.objects.filter(ward__code="vinh-trai", active_to=EVE).count() == 13
    counts = (
        WardSuccession.objects.count(),
        SuccessionTransfer.objects.count(),
        Officer.objects.count(),
        Headquarters.objects.count(),
        BuildingProject.objects.count(),
        EquipmentCount.objects.count(),
    )

    out = io.StringIO()
    call_command("load_langson", stdout=out)

    assert "succession_records: 0" in out.getvalue()
    assert counts == (
        WardSuccession.objects.count(),
        SuccessionTransfer.objects.count(),
        Officer.objects.count(),
        Headquarters.objects.count(),
        BuildingProject.objects.count(),
        EquipmentCount.objects.count(),
    )


def test_apply_succession_command_dry_run_then_apply(merge):
    old_a, _old_b, new = merge
    HeadquartersFactory(ward=old_a)
    out = io.StringIO()

    call_command(
        "apply_succession",
        "--predecessor=old-a",
        "--successor=new",
        "--reason=NQ",
        "--dry-run",
        stdout=out,
    )

    assert "Trụ sở" in out.getvalue() and Headquarters.objects.get().ward == old_a
    call_command(
        "apply_succession", "--predecessor=old-a", "--successor=new", "--reason=NQ", stdout=out
    )
    assert Headquarters.objects.get().ward == new
    assert WardSuccession.objects.get().reason == "NQ"


def test_apply_succession_command_refuses_a_ward_outside_the_lineage(merge):
    with pytest.raises(CommandError):
        call_command(
            "apply_succession",
            "--predecessor=old-a",
            "--successor=old-b",
            "--reason=NQ",
            stdout=io.StringIO(),
        )


def test_the_admin_action_asks_why_then_passes_the_records(merge, admin_client_user, admin_user):
    old_a, _old_b, new = merge
    HeadquartersFactory(ward=old_a)
    OfficerFactory(ward=old_a, active_to=None)
    url = reverse("admin:wards_ward_changelist")
    selected = {"action": "pass_records_to_successor", "_selected_action": [old_a.pk]}

    page = admin_client_user.post(url, selected)

    assert page.status_code == 200
    assert "Chuyển hồ sơ sang phường kế thừa" in page.content.decode()
    assert Headquarters.objects.get().ward == old_a
    fields = {f"ward{old_a.pk}-kind_{key}": str(new.pk) for key in ("officers", "headquarters")}
    refused = admin_client_user.post(url, {**selected, **fields, "confirm": "1", "reason": ""})
    assert "Nhập lý do chuyển hồ sơ." in refused.content.decode()
    assert not WardSuccession.objects.exists()

    done = admin_client_user.post(url, {**selected, **fields, "confirm": "1", "reason": "NQ 1672"})

    assert done.status_code == 302
    assert Headquarters.objects.get().ward == new
    assert Officer.objects.filter(ward=new).count() == 1
    assert {(run.kind, run.performed_by, run.reason) for run in WardSuccession.objects.all()} == {
        ("officers", admin_user, "NQ 1672"),
        ("headquarters", admin_user, "NQ 1672"),
    }
