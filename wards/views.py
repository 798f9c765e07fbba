"""Home pages per role and the ward pages, scoped through wards.access."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from criteria.selectors import criteria_home_summary
from reports.selectors import (
    baseline_totals,
    baselines_for_year,
    month_due_summary,
    reports_waiting_review,
    user_notifications,
    ward_report_summary,
)
from wards.access import visible_wards
from wards.models import Role
from wards.selectors import programme_roadmap, wards_in_force, wards_with_lineage

BASELINE_YEAR = 2022


@login_required
def home(request):
    """Render the signed-in user's home page: their ward's, or the province's overview."""
    user = request.user
    today = timezone.localdate()
    if user.is_ward_role:
        ward = wards_with_lineage(visible_wards(user)).get()
        baseline = baselines_for_year(year=BASELINE_YEAR, wards=visible_wards(user)).first()
        return render(
            request,
            "wards/home_ward.html",
            {
                "ward": ward,
                "baseline": baseline,
                "today": today,
                "in_force": ward.is_valid_on(today),
                "report_summary": ward_report_summary(ward=ward, today=today),
                "notices": user_notifications(user=user),
                "criteria_summary": criteria_home_summary(user=user),
            },
        )
    template = {
        Role.REVIEWER: "wards/home_reviewer.html",
        Role.COMMITTEE: "wards/home_committee.html",
        Role.ADMIN: "wards/home_admin.html",
    }[user.role]
    return render(
        request,
        template,
        {
            "today": today,
            "wards_now": wards_with_lineage(wards_in_force(on=today)),
            "roadmap": programme_roadmap(),
            "baselines": baselines_for_year(year=BASELINE_YEAR),
            "baseline_total": baseline_totals(year=BASELINE_YEAR),
            "baseline_year": BASELINE_YEAR,
            "waiting": reports_waiting_review() if user.is_reviewer else None,
            "month_due": month_due_summary(today=today),
            "criteria_summary": criteria_home_summary(user=user),
        },
    )


@login_required
def ward_list(request):
    """Render the wards the user may see, with validity and lineage."""
    wards = wards_with_lineage(visible_wards(request.user)).order_by(
        "-in_programme", "valid_from", "sort_name"
    )
    return render(request, "wards/ward_list.html", {"wards": wards, "today": timezone.localdate()})


@login_required
def ward_detail(request, code: str):
    """Render one ward the user may see (404 for another ward's staff)."""
    ward = get_object_or_404(wards_with_lineage(visible_wards(request.user)), code=code)
    baselines = baselines_for_year(year=BASELINE_YEAR).filter(ward=ward)
    return render(
        request,
        "wards/ward_detail.html",
        {"ward": ward, "baselines": baselines, "today": timezone.localdate()},
    )
