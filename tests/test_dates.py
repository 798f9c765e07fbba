"""Every date a user enters stays within 2000-2100 (forms, services, database); a disbursement
falls in its allocation's year ±1; a project milestone within its project's years."""

from __future__ import annotations

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse

from budget.models import Allocation, Disbursement
from budget.services import disbursement_create
from budget.tests.factories import AllocationFactory
from config.dates import DATE_OUT_OF_RANGE, validate_date_in_range
from facilities import services as facility_services
from facilities.models import EquipmentCount, Officer, ProjectMilestone
from facilities.tests.factories import BuildingProjectFactory, OfficerFactory
from wards.models import Ward, WardLineage

APPS = ("wards", "criteria", "facilities", "budget", "reports")
TOO_EARLY, TOO_LATE = datetime.date(1999, 12, 31), datetime.date(2101, 1, 1)


def _date_fields() -> list[tuple[type[models.Model], str]]:
    """Return every DateField of the apps' own models (history copies excluded)."""
    return [
        (model, field.name)
        for label in APPS
        for model in apps.get_app_config(label).get_models()
        if not model.__name__.startswith("Historical")
        for field in model._meta.get_fields()
        if type(field) is models.DateField
    ]


def test_the_date_fields_are_the_ones_bounded_here():
    assert {f"{model.__name__}.{name}" for model, name in _date_fields()} == {
        "Ward.valid_from",
        "Ward.valid_to",
        "WardLineage.effective_date",
        "WardSuccession.effective_date",
        "ResponsibleBody.valid_from",
        "ResponsibleBody.valid_to",
        "Officer.active_from",
        "Officer.active_to",
        "EquipmentCount.counted_on",
        "ProjectMilestone.due_on",
        "ProjectMilestone.done_on",
        "Disbursement.paid_on",
    }


@pytest.mark.parametrize(("model", "name"), _date_fields(), ids=lambda v: getattr(v, "__name__", v))
def test_every_date_field_validates_and_is_constrained_to_2000_2100(model, name):
    field = model._meta.get_field(name)
    assert validate_date_in_range in field.validators
    constrained = [
        constraint
        for constraint in model._meta.constraints
        if isinstance(constraint, models.CheckConstraint)
        and f"{name}__gte" in str(constraint.condition)
        and f"{name}__lte" in str(constraint.condition)
    ]
    assert constrained, f"{model.__name__}.{name} has no date-range CheckConstraint"


def test_the_validator_says_so_in_vietnamese():
    validate_date_in_range(datetime.date(2000, 1, 1))
    validate_date_in_range(datetime.date(2100, 12, 31))
    for day in (TOO_EARLY, TOO_LATE, datetime.date(1, 1, 1)):
        with pytest.raises(ValidationError) as error:
            validate_date_in_range(day)
        assert error.value.messages == ["Ngày phải trong khoảng từ 01/01/2000 đến 31/12/2100."]


@pytest.mark.django_db
def test_the_database_refuses_dates_outside_the_range(ward_a, ward_b):
    officer = OfficerFactory(ward=ward_a)
    count = EquipmentCount.objects.create(
        ward=ward_a, kind="laptop", counted_on=datetime.date(2024, 1, 1), quantity=1
    )
    project = BuildingProjectFactory(ward=ward_a)
    milestone = ProjectMilestone.objects.create(project=project, title="Khởi công")
    link = WardLineage.objects.create(
        successor=ward_a, predecessor=ward_b, effective_date=datetime.date(2025, 7, 1)
    )
    allocation = AllocationFactory(project=project)
    payment = disbursement_create(
        allocation_id=allocation.pk, amount=1, paid_on=datetime.date(2026, 3, 1)
    )
    cases = [
        (Ward, ward_a.pk, "valid_from"),
        (Ward, ward_a.pk, "valid_to"),
        (WardLineage, link.pk, "effective_date"),
        (Officer, officer.pk, "active_to"),
        (EquipmentCount, count.pk, "counted_on"),
        (ProjectMilestone, milestone.pk, "due_on"),
        (ProjectMilestone, milestone.pk, "done_on"),
        (Disbursement, payment.pk, "paid_on"),
    ]
    for model, pk, name in cases:
        for day in (TOO_EARLY, TOO_LATE):
            with pytest.raises(IntegrityError), transaction.atomic():
                model.objects.filter(pk=pk).update(**{name: day})
    with pytest.raises(IntegrityError), transaction.atomic():
        Officer.objects.filter(pk=officer.pk).update(
            active_from=datetime.date(1990, 1, 1), active_to=None
        )


@pytest.mark.django_db
@pytest.mark.parametrize("day", ["31/12/1999", "01/01/2101", "01/01/0001"])
def test_forms_refuse_dates_outside_the_range_with_a_message(
    day, officer_a_client, reviewer_client, ward_a
):
    officer = officer_a_client.post(
        reverse("facilities:officer_create"),
        {"full_name": "Lê Văn Mới", "team": "cskv", "education": "college", "active_from": day},
    )
    assert officer.status_code == 200
    assert DATE_OUT_OF_RANGE in officer.context["form"].errors["active_from"]
    assert not Officer.objects.exists()

    count = officer_a_client.post(
        reverse("facilities:equipment_create"),
        {"kind": "laptop", "counted_on": day, "quantity": 2},
    )
    assert count.status_code == 200
    assert not EquipmentCount.objects.exists()

    allocation = AllocationFactory(project=BuildingProjectFactory(ward=ward_a))
    payment = reviewer_client.post(
        reverse("budget:disburse", args=[allocation.pk]), {"paid_on": day, "amount": 10}
    )
    assert payment.status_code == 400
    assert DATE_OUT_OF_RANGE in payment.context["disbursement_form"].errors["paid_on"]
    assert not Disbursement.objects.exists()


@pytest.mark.django_db
def test_a_disbursement_is_paid_in_its_allocations_year_plus_or_minus_one(ward_a, reviewer_client):
    allocation = AllocationFactory(project=BuildingProjectFactory(ward=ward_a), year=2026)
    for day in (datetime.date(2024, 12, 31), datetime.date(2028, 1, 1)):
        with pytest.raises(ValidationError) as error:
            disbursement_create(allocation_id=allocation.pk, amount=1, paid_on=day)
        assert error.value.message_dict["paid_on"] == [
            "Ngày giải ngân phải trong năm phân bổ 2026, năm trước hoặc năm sau "
            "(01/01/2025 – 31/12/2027)."
        ]
    for day in (datetime.date(2025, 1, 1), datetime.date(2027, 12, 31)):
        disbursement_create(allocation_id=allocation.pk, amount=1, paid_on=day)
    allocation.refresh_from_db()
    assert (allocation.disbursements.count(), allocation.disbursed_total) == (2, 2)

    response = reviewer_client.post(
        reverse("budget:disburse", args=[allocation.pk]), {"paid_on": "02/01/2029", "amount": 5}
    )
    assert response.status_code == 400
    assert "năm phân bổ 2026" in response.content.decode()
    assert allocation.disbursements.count() == 2


@pytest.mark.django_db
def test_an_allocation_year_cannot_leave_its_disbursements_behind(ward_a):
    allocation = AllocationFactory(project=BuildingProjectFactory(ward=ward_a), year=2026)
    disbursement_create(allocation_id=allocation.pk, amount=1, paid_on=datetime.date(2026, 5, 1))
    allocation.year = 2027
    allocation.full_clean()  # 2026 is the year before 2027
    allocation.year = 2028
    with pytest.raises(ValidationError) as error:
        allocation.full_clean()
    assert "year" in error.value.message_dict
    assert Allocation.objects.get(pk=allocation.pk).year == 2026


@pytest.mark.django_db
def test_a_milestone_falls_within_its_projects_years(ward_a, reviewer_client):
    project = BuildingProjectFactory(ward=ward_a, planned_start_year=2024, planned_finish_year=2026)
    for name in ("due_on", "done_on"):
        for day in (datetime.date(2023, 12, 31), datetime.date(2027, 1, 1)):
            with pytest.raises(ValidationError) as error:
                facility_services.milestone_add(project=project, title="Mốc", **{name: day})
            assert error.value.message_dict[name] == [
                "Ngày phải nằm trong thời gian của dự án (2024–2026)."
            ]
    facility_services.milestone_add(
        project=project,
        title="Khởi công",
        due_on=datetime.date(2024, 1, 1),
        done_on=datetime.date(2026, 12, 31),
    )

    url = reverse("facilities:milestone_add", args=[project.pk])
    response = reviewer_client.post(url, {"title": "Bàn giao", "due_on": "01/03/2029"}, follow=True)
    assert "Ngày phải nằm trong thời gian của dự án (2024–2026)." in response.content.decode()
    assert list(project.milestones.values_list("title", flat=True)) == ["Khởi công"]


@pytest.mark.django_db
def test_project_years_cannot_leave_a_milestone_outside(ward_a):
    project = BuildingProjectFactory(ward=ward_a, planned_start_year=None, planned_finish_year=2026)
    facility_services.milestone_add(project=project, title="Mốc", due_on=datetime.date(2026, 6, 1))
    with pytest.raises(ValidationError) as error:
        facility_services.project_update(project=project, planned_finish_year=2025)
    assert "Mốc “Mốc” (01/06/2026)" in error.value.messages[0]
    project.refresh_from_db()
    assert project.planned_finish_year == 2026
    facility_services.project_update(project=project, planned_finish_year=2027)


@pytest.mark.django_db
def test_open_project_years_leave_milestones_free_on_that_side(ward_a):
    project = BuildingProjectFactory(ward=ward_a, planned_start_year=2025, planned_finish_year=None)
    facility_services.milestone_add(project=project, title="Mốc", due_on=datetime.date(2040, 1, 1))
    with pytest.raises(ValidationError) as error:
        facility_services.milestone_add(
            project=project, title="Sớm", due_on=datetime.date(2024, 1, 1)
        )
    assert error.value.message_dict["due_on"] == [
        "Ngày phải nằm trong thời gian của dự án (từ năm 2025)."
    ]
