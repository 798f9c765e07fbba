"""Dashboard pages: the province's (reviewers, committee, admin) and a ward's (its staff too)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from criteria.selectors import default_year
from reports.dashboards import dashboard_years, province_dashboard, ward_dashboard
from wards.access import get_ward_or_404
from wards.selectors import wards_in_year


def _year(request, today) -> int:
    """Return the year asked for in ?nam= (2023 to this year); by default the latest scored
    year (as the criteria pages); 404 for any other value."""
    raw = request.GET.get("nam", "")
    if not raw:
        return min(default_year(today), today.year)
    try:
        year = int(raw)
    except ValueError:
        raise Http404 from None
    if year not in dashboard_years(today):
        raise Http404
    return year


@login_required
def province(request):
    """Render the province dashboard for a year and optionally one ward; ward staff go to
    their ward's dashboard."""
    user = request.user
    if not user.is_province_role:
        if not user.ward_id:
            raise Http404
        return redirect("reports:ward_dashboard", code=user.ward.code)
    today = timezone.localdate()
    year = _year(request, today)
    ward = None
    if code := request.GET.get("phuong"):
        ward = wards_in_year(year=year).filter(code=code).first()
        if ward is None:
            raise Http404
    context = province_dashboard(year=year, today=today, ward=ward)
    context.update({"years": dashboard_years(today), "today": today})
    return render(request, "reports/dashboard/province.html", context)


@login_required
def ward(request, code: str):
    """Render one ward's dashboard (404 for another ward's staff)."""
    ward = get_ward_or_404(request.user, code)
    today = timezone.localdate()
    year = _year(request, today)
    context = ward_dashboard(ward=ward, year=year, today=today)
    context.update(
        {
            "years": dashboard_years(today),
            "today": today,
            "province_view": request.user.is_province_role,
        }
    )
    return render(request, "reports/dashboard/ward.html", context)
