"""Budget pages: reconciliation with the Đề án, allocations and disbursements, their history.

Province roles read; reviewers and administrators change; ward staff have no budget pages.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from budget import selectors, services
from budget.forms import AllocationAmountForm, AllocationForm, DisbursementForm
from budget.models import Allocation, Disbursement
from config.forms import apply_errors
from wards.access import province_required, reviewer_required


@province_required
def overview(request):
    """Render the plan reconciliation, the commitments whose payer no longer exists, money by
    source and year, split checks and projects."""
    flagged = selectors.commitments_needing_payer(day=timezone.localdate())
    return render(
        request,
        "budget/overview.html",
        {
            "plan": selectors.plan_reconciliation(),
            "flagged": flagged,
            "flagged_ids": {allocation.pk for allocation in flagged},
            "by_source": selectors.by_source(),
            "by_year": selectors.by_source_and_year(),
            "totals": selectors.grand_totals(),
            "splits": selectors.shared_period_splits(),
            "projects": selectors.projects_with_money(),
        },
    )


@reviewer_required
def allocation_create(request):
    """Plan an allocation for a project, source and year."""
    form = AllocationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            allocation = services.allocation_create(**form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Đã thêm phân bổ kinh phí."))
            return redirect("budget:allocation", pk=allocation.pk)
    return render(request, "budget/allocation_form.html", {"form": form})


def _allocation_page(request, allocation, *, amount_form=None, disbursement_form=None, status=200):
    return render(
        request,
        "budget/allocation.html",
        {
            "allocation": allocation,
            "needs_new_payer": allocation.needs_new_payer(timezone.localdate()),
            "disbursements": selectors.disbursements_of(allocation=allocation),
            "history": selectors.allocation_history(allocation=allocation),
            "amount_form": amount_form
            or AllocationAmountForm(initial={"amount": allocation.amount, "note": allocation.note}),
            "disbursement_form": disbursement_form or DisbursementForm(),
        },
        status=status,
    )


@province_required
def allocation_detail(request, pk: int):
    """Render one allocation, its disbursements and its change history."""
    try:
        allocation = selectors.allocation_detail(pk=pk)
    except Allocation.DoesNotExist as missing:
        raise Http404 from missing
    return _allocation_page(request, allocation)


@require_POST
@reviewer_required
def allocation_update(request, pk: int):
    """Change an allocation's amount (never below what is disbursed)."""
    allocation = get_object_or_404(Allocation.objects.select_related("project", "source"), pk=pk)
    form = AllocationAmountForm(request.POST)
    if form.is_valid():
        try:
            services.allocation_update(allocation_id=allocation.pk, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Đã lưu số phân bổ."))
            return redirect("budget:allocation", pk=allocation.pk)
    return _allocation_page(request, allocation, amount_form=form, status=400)


@require_POST
@reviewer_required
def disbursement_create(request, pk: int):
    """Record a disbursement out of an allocation (refused beyond what remains)."""
    allocation = get_object_or_404(Allocation.objects.select_related("project", "source"), pk=pk)
    form = DisbursementForm(request.POST)
    if form.is_valid():
        try:
            services.disbursement_create(
                allocation_id=allocation.pk, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Đã ghi giải ngân."))
            return redirect("budget:allocation", pk=allocation.pk)
    allocation.refresh_from_db()
    return _allocation_page(request, allocation, disbursement_form=form, status=400)


@require_POST
@reviewer_required
def disbursement_cancel(request, pk: int):
    """Delete a disbursement entered by mistake; its amount returns to the allocation."""
    disbursement = get_object_or_404(Disbursement, pk=pk)
    allocation = services.disbursement_cancel(disbursement_id=disbursement.pk)
    messages.success(request, _("Đã hủy khoản giải ngân."))
    return redirect("budget:allocation", pk=allocation.pk)


@province_required
def history(request):
    """Render the latest changes to allocations and disbursements (who, when, what)."""
    return render(request, "budget/history.html", {"records": selectors.budget_history()})
