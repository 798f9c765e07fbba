"""Baseline pages: yearly totals before monthly entry, and for former communes merged into wards.

The year-on-year criteria compare with these figures; reviewers enter the missing ones here.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from config.numbers import query_int
from reports.forms import BaselineForm
from reports.models import BaselineTotals
from reports.services import (
    BASELINE_FIRST_YEAR,
    BASELINE_LAST_YEAR,
    ReportError,
    baseline_save,
)
from wards.access import (
    Action,
    allows,
    get_ward_or_404,
    reviewer_required,
    scope_by_ward,
    visible_wards,
)


@login_required
def baseline_list(request):
    """Render the baseline rows the user may see; reviewers also get the form to add one."""
    baselines = (
        scope_by_ward(BaselineTotals.objects.all(), request.user)
        .select_related("ward")
        .order_by("-year", "ward__sort_name")
    )
    wards = visible_wards(request.user).order_by("-in_programme", "sort_name", "valid_from")
    return render(
        request,
        "reports/baselines.html",
        {
            "baselines": baselines,
            "wards": wards if allows(request.user, Action.MANAGE_PROGRAMME) else [],
        },
    )


@reviewer_required
def baseline_edit(request, code: str, year: int):
    """Show or save one ward's baseline for a year (reviewers and administrators)."""
    if not BASELINE_FIRST_YEAR <= year <= BASELINE_LAST_YEAR:
        raise Http404
    ward = get_ward_or_404(request.user, code)
    instance = BaselineTotals.objects.filter(ward=ward, year=year).first()
    form = BaselineForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            baseline_save(ward=ward, year=year, values=form.cleaned_data, user=request.user)
        except ReportError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _(
                    "Đã lưu số liệu năm gốc %(year)s của %(ward)s. Đánh giá lại tiêu chí năm sau "
                    "đó để kết quả tiêu chí dùng số liệu mới."
                )
                % {"year": year, "ward": ward.display_name},
            )
            return redirect("reports:baselines")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "reports/baseline_edit.html",
        {"form": form, "ward": ward, "year": year, "baseline": instance},
        status=status,
    )


@reviewer_required
def baseline_open(request):
    """Send the add-a-baseline form (ward code and year in the query) to its page."""
    code = request.GET.get("ward", "")
    year = query_int(request.GET.get("year"))
    if year is None:
        messages.error(request, _("Năm phải là một số, ví dụ 2024."))
        return redirect("reports:baselines")
    ward = get_ward_or_404(request.user, code)
    if not BASELINE_FIRST_YEAR <= year <= BASELINE_LAST_YEAR:
        messages.error(request, _("Năm phải từ 2000 đến 2100."))
        return redirect("reports:baselines")
    return redirect("reports:baseline_edit", code=ward.code, year=year)
