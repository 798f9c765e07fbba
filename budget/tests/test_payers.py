"""Budget commitments whose payer no longer exists: flagged until reassigned, with history."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from budget.models import Allocation
from budget.selectors import commitments_needing_payer
from budget.services import allocation_reassign_payer, disbursement_create
from budget.tests.factories import AllocationFactory, FundingSourceFactory
from wards.langson import CITY_COMMITTEE, PROVINCIAL_COMMITTEE, PROVINCIAL_POLICE
from wards.models import ResponsibleBody
from wards.tests.factories import ResponsibleBodyFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 30)
FLAG = "Cần xác định nguồn thay thế"


def _city_allocation(**kwargs) -> Allocation:
    city = ResponsibleBodyFactory(code="city-gone", valid_to=datetime.date(2025, 6, 30))
    source = FundingSourceFactory(code="city", payer=city)
    return AllocationFactory(source=source, **kwargs)


def test_loaded_city_budget_is_paid_by_the_city_committee_until_30_06_2025(langson):
    city = Allocation.objects.filter(source__code="city").select_related("source__payer")
    assert {a.source.payer.code for a in city} == {CITY_COMMITTEE}
    assert city.first().source.payer.valid_to == datetime.date(2025, 6, 30)
    province = Allocation.objects.filter(source__code="province").select_related("source__payer")
    assert {a.source.payer.code for a in province} == {PROVINCIAL_COMMITTEE}


def test_every_undisbursed_city_commitment_is_flagged_after_the_city_ends(langson):
    flagged = commitments_needing_payer(day=TODAY)
    assert len(flagged) == 5  # Chi Lăng 2023 and the four remaining HQs' city quarters
    assert {a.source.code for a in flagged} == {"city"}
    assert sum(a.remaining for a in flagged) == 4_200_000_000 + 12_334_000_000
    assert commitments_needing_payer(day=datetime.date(2025, 6, 30)) == []


def test_a_fully_disbursed_commitment_is_not_flagged():
    allocation = _city_allocation(year=2025, amount=1_000_000)
    assert commitments_needing_payer(day=TODAY) == [allocation]
    disbursement_create(
        allocation_id=allocation.pk, amount=1_000_000, paid_on=datetime.date(2025, 5, 2)
    )
    assert commitments_needing_payer(day=TODAY) == []


def test_reassigning_the_payer_unflags_the_commitment_and_records_who_and_why(admin_user):
    allocation = _city_allocation()
    province = ResponsibleBodyFactory(code="ubnd-tinh", name_in_text="UBND tỉnh Lạng Sơn")
    allocation_reassign_payer(
        allocation_id=allocation.pk,
        payer=province,
        reason="Quyết định 123/QĐ-UBND giao ngân sách tỉnh",
        user=admin_user,
        day=TODAY,
    )
    assert commitments_needing_payer(day=TODAY) == []
    allocation.refresh_from_db()
    assert allocation.effective_payer == province
    latest = allocation.history.order_by("-history_id").first()
    assert latest.payer_id == province.pk
    assert latest.history_user == admin_user
    assert latest.history_change_reason == "Quyết định 123/QĐ-UBND giao ngân sách tỉnh"


def test_reassigning_refuses_an_empty_reason_and_a_payer_that_no_longer_exists():
    allocation = _city_allocation()
    gone = ResponsibleBody.objects.get(code="city-gone")
    with pytest.raises(ValidationError) as error:
        allocation_reassign_payer(allocation_id=allocation.pk, payer=gone, reason="x", day=TODAY)
    assert "payer" in error.value.message_dict
    police = ResponsibleBodyFactory(code=PROVINCIAL_POLICE)
    with pytest.raises(ValidationError) as error:
        allocation_reassign_payer(allocation_id=allocation.pk, payer=police, reason=" ", day=TODAY)
    assert "reason" in error.value.message_dict
    assert Allocation.objects.get(pk=allocation.pk).payer_id is None


def test_budget_overview_lists_flagged_commitments_and_links_admins_to_reassign(
    langson, admin_client_user, reviewer_client
):
    page = reviewer_client.get(reverse("budget:overview")).content.decode()
    assert FLAG in page
    assert "UBND thành phố Lạng Sơn" in page
    assert "Giao cơ quan thay thế" not in page  # reviewers are not administrators
    page = admin_client_user.get(reverse("budget:overview")).content.decode()
    flagged = commitments_needing_payer(day=TODAY)
    assert reverse("admin:budget_allocation_change", args=[flagged[0].pk]) in page


def test_admin_reassignment_requires_a_reason_and_keeps_it_in_history(admin_client_user, langson):
    allocation = commitments_needing_payer(day=TODAY)[0]
    province = ResponsibleBody.objects.get(code=PROVINCIAL_COMMITTEE)
    url = reverse("admin:budget_allocation_change", args=[allocation.pk])
    data = {
        "project": allocation.project_id,
        "source": allocation.source_id,
        "year": allocation.year,
        "amount": allocation.amount,
        "note": allocation.note,
        "payer": province.pk,
        "change_reason": "",
    }
    response = admin_client_user.post(url, data)
    assert response.status_code == 200
    assert "Nhập lý do giao cơ quan chi trả thay thế." in response.content.decode()
    assert Allocation.objects.get(pk=allocation.pk).payer_id is None
    data["change_reason"] = "Công văn 45/UBND-KT ngày 10/9/2025"
    response = admin_client_user.post(url, data)
    assert response.status_code == 302
    assert allocation.pk not in {a.pk for a in commitments_needing_payer(day=TODAY)}
    latest = Allocation.history.filter(id=allocation.pk).order_by("-history_id").first()
    assert latest.history_change_reason == "Công văn 45/UBND-KT ngày 10/9/2025"
    assert latest.history_user.username == "admin"
    detail = admin_client_user.get(reverse("budget:allocation", args=[allocation.pk]))
    assert "Công văn 45/UBND-KT ngày 10/9/2025" in detail.content.decode()
