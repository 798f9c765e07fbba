import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budget.models import Allocation, Disbursement
from budget.tests.factories import AllocationFactory, FundingSourceFactory
from facilities.tests.factories import BuildingProjectFactory

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(anonymous_client):
    response = anonymous_client.get(reverse("budget:overview"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", ["officer_a", "chief_a"])
def test_ward_staff_have_no_budget_pages(role_clients, role):
    allocation = AllocationFactory()
    client = role_clients[role]
    assert client.get(reverse("budget:overview")).status_code == 403
    assert client.get(reverse("budget:allocation", args=[allocation.pk])).status_code == 403
    assert client.get(reverse("budget:history")).status_code == 403


@pytest.mark.parametrize("role", ["reviewer", "committee", "admin"])
def test_province_roles_read_the_budget(role_clients, role):
    allocation = AllocationFactory()
    client = role_clients[role]
    assert client.get(reverse("budget:overview")).status_code == 200
    assert client.get(reverse("budget:allocation", args=[allocation.pk])).status_code == 200
    assert client.get(reverse("budget:history")).status_code == 200


def test_missing_allocation_is_404(reviewer_client):
    assert reviewer_client.get(reverse("budget:allocation", args=[999])).status_code == 404


def test_overview_reconciles_the_loaded_plan(langson, committee_client):
    response = committee_client.get(reverse("budget:overview"))
    plan = response.context["plan"]
    assert all(line.reconciles for line in plan if not line.is_undetermined)
    assert response.context["totals"]["allocated"] == 28_868_000_000
    body = response.content.decode()
    assert "28.868.000.000" in body
    assert "12.334.000.000" in body
    assert "4.200.000.000" in body


def test_overview_shows_the_four_hqs_subtotal_and_site_clearance_undetermined(
    langson, committee_client
):
    body = committee_client.get(reverse("budget:overview")).content.decode()
    subtotal = body.index("Cộng 04 trụ sở còn lại (ngân sách tỉnh và thành phố), 2024-2027")
    assert "24.668.000.000" in body[subtotal : subtotal + 300]
    clearance = body.index("Giải phóng mặt bằng — ngân sách thành phố")
    assert "chưa xác định" in body[clearance : clearance + 300]


def test_committee_cannot_change_the_budget(committee_client):
    allocation = AllocationFactory(amount=1_000)
    responses = [
        committee_client.post(
            reverse("budget:disburse", args=[allocation.pk]),
            {"paid_on": "01/03/2026", "amount": 10},
        ),
        committee_client.post(
            reverse("budget:allocation_update", args=[allocation.pk]), {"amount": 5}
        ),
        committee_client.get(reverse("budget:allocation_create")),
    ]
    assert [r.status_code for r in responses] == [403, 403, 403]
    allocation.refresh_from_db()
    assert (allocation.amount, allocation.disbursed_total) == (1_000, 0)


def test_reviewer_disburses_and_over_disbursement_is_refused_next_to_the_field(
    reviewer_client, reviewer
):
    allocation = AllocationFactory(amount=1_000_000)
    url = reverse("budget:disburse", args=[allocation.pk])
    ok = reviewer_client.post(url, {"paid_on": "01/03/2026", "amount": 600_000, "reference": "C1"})
    assert ok.status_code == 302
    refused = reviewer_client.post(url, {"paid_on": "02/03/2026", "amount": 400_001})
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "vượt số còn lại" in body and "400.000" in body
    allocation.refresh_from_db()
    assert allocation.disbursed_total == 600_000
    disbursement = Disbursement.objects.get()
    assert disbursement.created_by == reviewer
    assert disbursement.history.get().history_user == reviewer


def test_reviewer_cannot_lower_an_allocation_below_disbursed(reviewer_client):
    allocation = AllocationFactory(amount=1_000)
    reviewer_client.post(
        reverse("budget:disburse", args=[allocation.pk]), {"paid_on": "01/03/2026", "amount": 800}
    )
    response = reviewer_client.post(
        reverse("budget:allocation_update", args=[allocation.pk]), {"amount": 799}
    )
    assert response.status_code == 400
    assert "đã giải ngân" in response.content.decode()
    allocation.refresh_from_db()
    assert allocation.amount == 1_000


def test_reviewer_creates_an_allocation_in_whole_dong(reviewer_client):
    project = BuildingProjectFactory()
    source = FundingSourceFactory(code="city")
    response = reviewer_client.post(
        reverse("budget:allocation_create"),
        {"project": project.pk, "source": source.pk, "year": 2028, "amount": "1500000000"},
    )
    assert response.status_code == 302
    assert Allocation.objects.get().amount == 1_500_000_000
    refused = reviewer_client.post(
        reverse("budget:allocation_create"),
        {"project": project.pk, "source": source.pk, "year": 2029, "amount": "1500000000.5"},
    )
    assert refused.status_code == 200
    assert Allocation.objects.count() == 1


def test_uneven_2028_split_is_shown_as_flagged(reviewer_client):
    project = BuildingProjectFactory(title="Trụ sở phường mới")
    AllocationFactory(
        project=project, source=FundingSourceFactory(code="province"), year=2028, amount=700
    )
    AllocationFactory(
        project=project, source=FundingSourceFactory(code="city"), year=2028, amount=300
    )
    response = reviewer_client.get(reverse("budget:overview"))
    assert "Không đúng 50/50" in response.content.decode()


def test_cancel_a_disbursement(reviewer_client):
    allocation = AllocationFactory(amount=1_000)
    reviewer_client.post(
        reverse("budget:disburse", args=[allocation.pk]), {"paid_on": "01/03/2026", "amount": 800}
    )
    disbursement = Disbursement.objects.get()
    response = reviewer_client.post(reverse("budget:disbursement_cancel", args=[disbursement.pk]))
    assert response.status_code == 302
    allocation.refresh_from_db()
    assert allocation.disbursed_total == 0


def test_history_page_lists_who_changed_what(reviewer_client, reviewer):
    allocation = AllocationFactory(amount=1_000)
    reviewer_client.post(
        reverse("budget:allocation_update", args=[allocation.pk]), {"amount": 2_000}
    )
    response = reviewer_client.get(reverse("budget:history"))
    records = response.context["records"]
    assert records[0].user == reviewer and records[0].amount == 2_000
    assert "2.000" in response.content.decode()


def test_overview_runs_a_fixed_number_of_queries(reviewer_client):
    province = FundingSourceFactory(code="province")
    AllocationFactory(source=province)
    with CaptureQueriesContext(connection) as few:
        reviewer_client.get(reverse("budget:overview"))
    for year in (2028, 2029, 2030):
        AllocationFactory(source=province, year=year)
    with CaptureQueriesContext(connection) as many:
        reviewer_client.get(reverse("budget:overview"))
    assert len(many) == len(few)


def test_allocation_page_shows_its_history_in_vietnamese(reviewer_client, reviewer):
    allocation = AllocationFactory(amount=1_000)
    reviewer_client.post(
        reverse("budget:allocation_update", args=[allocation.pk]), {"amount": 3_000}
    )
    response = reviewer_client.get(reverse("budget:allocation", args=[allocation.pk]))
    changes = [(entry.change, entry.amount, entry.user) for entry in response.context["history"]]
    assert changes == [("Sửa", 3_000, reviewer), ("Tạo mới", 1_000, None)]


def test_admin_refuses_an_allocation_amount_below_disbursed(admin_client_user):
    from budget.services import disbursement_create

    allocation = AllocationFactory(amount=1_000)
    disbursement_create(allocation_id=allocation.pk, amount=900, paid_on=datetime.date(2026, 1, 2))
    response = admin_client_user.post(
        reverse("admin:budget_allocation_change", args=[allocation.pk]),
        {
            "project": allocation.project_id,
            "source": allocation.source_id,
            "year": allocation.year,
            "amount": 899,
            "note": "",
        },
    )
    assert response.status_code == 200
    assert "đã giải ngân" in response.content.decode()
    allocation.refresh_from_db()
    assert allocation.amount == 1_000


def test_disbursements_cannot_be_added_or_changed_in_the_admin(admin_client_user):
    assert admin_client_user.get(reverse("admin:budget_disbursement_add")).status_code == 403
