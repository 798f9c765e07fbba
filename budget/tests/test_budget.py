import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from budget.langson import ALLOCATIONS, PLAN_TOTAL, SHARE
from budget.models import Allocation, Disbursement
from budget.selectors import (
    by_source,
    by_source_and_year,
    grand_totals,
    plan_reconciliation,
    shared_period_splits,
)
from budget.services import (
    allocation_create,
    allocation_update,
    disbursement_cancel,
    disbursement_create,
)
from budget.tests.factories import AllocationFactory, FundingSourceFactory
from facilities.tests.factories import BuildingProjectFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 1)


def test_loaded_plan_reconciles_to_the_dong(langson):
    lines = plan_reconciliation()
    assert [(line.expected, line.allocated) for line in lines] == [
        (4_200_000_000, 4_200_000_000),
        (12_334_000_000, 12_334_000_000),
        (12_334_000_000, 12_334_000_000),
        (24_668_000_000, 24_668_000_000),
        (None, None),
        (28_868_000_000, 28_868_000_000),
    ]
    assert all(line.reconciles for line in lines if not line.is_undetermined)
    assert "Giải phóng mặt bằng" in lines[4].label and lines[4].difference is None
    assert grand_totals() == {"allocated": PLAN_TOTAL, "disbursed": 0}
    assert SHARE * 4 == 12_334_000_000
    assert sum(row[4] for row in ALLOCATIONS) == PLAN_TOTAL


def test_loaded_plan_splits_by_source(langson):
    sources = {row["code"]: row["allocated"] for row in by_source()}
    assert sources == {"province": 12_334_000_000, "city": 16_534_000_000}
    by_year = {(r["year"], r["source__code"]): r["allocated"] for r in by_source_and_year()}
    assert by_year[(2023, "city")] == 4_200_000_000
    assert by_year[(2024, "province")] == by_year[(2027, "city")] == 3_083_500_000
    assert sum(by_year.values()) == PLAN_TOTAL
    assert all(isinstance(v, int) for v in by_year.values())


def test_reconciliation_shows_a_difference_when_an_allocation_changes(langson):
    # Tam Thanh's project passed to the new Tam Thanh on 01/07/2025, its budget with it.
    allocation = Allocation.objects.get(project__ward__code="tam-thanh-2025", source__code="city")
    allocation_update(allocation_id=allocation.pk, amount=allocation.amount - 1)
    lines = plan_reconciliation()
    assert lines[2].difference == -1 and not lines[2].reconciles
    assert lines[3].difference == -1  # the four remaining HQs' subtotal
    assert lines[5].difference == -1
    assert lines[0].reconciles and lines[1].reconciles


def test_2028_project_with_uneven_split_is_flagged():
    province = FundingSourceFactory(code="province")
    city = FundingSourceFactory(code="city")
    even = BuildingProjectFactory(title="Dự án cân đối")
    uneven = BuildingProjectFactory(title="Dự án lệch")
    early = BuildingProjectFactory(title="Dự án 2027")
    AllocationFactory(project=even, source=province, year=2028, amount=500)
    AllocationFactory(project=even, source=city, year=2029, amount=500)
    AllocationFactory(project=uneven, source=province, year=2030, amount=600)
    AllocationFactory(project=uneven, source=city, year=2030, amount=400)
    AllocationFactory(project=early, source=province, year=2027, amount=900)
    checks = {check.title: check for check in shared_period_splits()}
    assert set(checks) == {"Dự án cân đối", "Dự án lệch"}
    assert checks["Dự án cân đối"].is_even
    assert not checks["Dự án lệch"].is_even
    assert (checks["Dự án lệch"].province, checks["Dự án lệch"].city) == (600, 400)


def test_2028_project_funded_by_one_source_only_is_flagged():
    AllocationFactory(source=FundingSourceFactory(code="city"), year=2028, amount=10)
    [check] = shared_period_splits()
    assert (check.province, check.city, check.is_even) == (0, 10, False)


def test_disbursing_up_to_the_allocation_is_accepted():
    allocation = AllocationFactory(amount=1_000)
    disbursement_create(allocation_id=allocation.pk, amount=600, paid_on=DAY)
    disbursement_create(allocation_id=allocation.pk, amount=400, paid_on=DAY)
    allocation.refresh_from_db()
    assert allocation.disbursed_total == 1_000
    assert allocation.remaining == 0


def test_disbursing_more_than_allocated_is_refused_with_a_message():
    allocation = AllocationFactory(amount=1_000)
    disbursement_create(allocation_id=allocation.pk, amount=600, paid_on=DAY)
    with pytest.raises(ValidationError) as error:
        disbursement_create(allocation_id=allocation.pk, amount=401, paid_on=DAY)
    assert "vượt số còn lại" in error.value.message_dict["amount"][0]
    assert "400" in error.value.message_dict["amount"][0]
    allocation.refresh_from_db()
    assert allocation.disbursed_total == 600
    assert Disbursement.objects.count() == 1


def test_zero_or_negative_disbursement_is_refused():
    allocation = AllocationFactory(amount=1_000)
    for amount in (0, -5):
        with pytest.raises(ValidationError):
            disbursement_create(allocation_id=allocation.pk, amount=amount, paid_on=DAY)
    assert not Disbursement.objects.exists()


def test_database_refuses_a_disbursed_total_above_the_amount():
    allocation = AllocationFactory(amount=1_000)
    with pytest.raises(IntegrityError), transaction.atomic():
        Allocation.objects.filter(pk=allocation.pk).update(disbursed_total=1_001)
    with pytest.raises(IntegrityError), transaction.atomic():
        Allocation.objects.create(
            project=allocation.project,
            source=allocation.source,
            year=2027,
            amount=5,
            disbursed_total=6,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Allocation.objects.filter(pk=allocation.pk).update(amount=0)


def test_database_refuses_a_non_positive_disbursement_row():
    allocation = AllocationFactory(amount=1_000)
    with pytest.raises(IntegrityError), transaction.atomic():
        Disbursement.objects.create(allocation=allocation, amount=0, paid_on=DAY)


def test_allocation_cannot_drop_below_what_is_disbursed():
    allocation = AllocationFactory(amount=1_000)
    disbursement_create(allocation_id=allocation.pk, amount=700, paid_on=DAY)
    with pytest.raises(ValidationError) as error:
        allocation_update(allocation_id=allocation.pk, amount=699)
    assert "đã giải ngân" in error.value.message_dict["amount"][0]
    allocation_update(allocation_id=allocation.pk, amount=700)
    allocation.refresh_from_db()
    assert allocation.amount == 700


def test_duplicate_allocation_for_project_source_year_is_refused():
    allocation = AllocationFactory()
    with pytest.raises(ValidationError):
        allocation_create(
            project=allocation.project, source=allocation.source, year=allocation.year, amount=1
        )


def test_cancelling_a_disbursement_gives_the_money_back():
    allocation = AllocationFactory(amount=1_000)
    disbursement = disbursement_create(allocation_id=allocation.pk, amount=300, paid_on=DAY)
    disbursement_cancel(disbursement_id=disbursement.pk)
    allocation.refresh_from_db()
    assert allocation.disbursed_total == 0
    assert not Disbursement.objects.exists()


def test_every_budget_change_is_in_the_history(reviewer):
    allocation = AllocationFactory(amount=1_000)
    allocation_update(allocation_id=allocation.pk, amount=2_000)
    disbursement = disbursement_create(
        allocation_id=allocation.pk, amount=500, paid_on=DAY, user=reviewer
    )
    disbursement_cancel(disbursement_id=disbursement.pk)
    amounts = list(
        allocation.history.order_by("history_date", "history_id").values_list(
            "history_type", "amount", "disbursed_total"
        )
    )
    assert amounts == [("+", 1_000, 0), ("~", 2_000, 0), ("~", 2_000, 500), ("~", 2_000, 0)]
    kinds = list(Disbursement.history.order_by("history_id").values_list("history_type", "amount"))
    assert kinds == [("+", 500), ("-", 500)]
