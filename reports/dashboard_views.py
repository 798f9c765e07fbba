"""Dashboard pages: the province's (reviewers, committee, admin) and a ward's (its staff too)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import InvalidPage
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from config.numbers import query_int
from criteria.selectors import default_year
from reports.dashboards import dashboard_years, province_dashboard, ward_dashboard
from reports.page_cache import cached_fragment
from wards.access import get_ward_or_404
from wards.selectors import wards_in_year


def _year(request, today) -> int:
    """Return the year asked for in ?nam= (2023 to this year); by default the latest scored
    year (as the criteria pages); 404 for any other value."""
    raw = request.GET.get("nam", "")
    if not raw:
        return min(default_year(today), today.year)
    year = query_int(raw)
    if year is None or year not in dashboard_years(today):
        raise Http404
    return year


def _page(request) -> int:
    """Return the page asked for in ?trang= (1 by default); 404 for anything but a whole
    number from 1."""
    raw = request.GET.get("trang", "")
    if not raw:
        return 1
    page = query_int(raw)
    if page is None or page < 1 or len(raw) > 6:
        raise Http404
    return page


@login_required
def province(request):
    """Render the province dashboard for a year, optionally one ward, a page of wards at a
    time; the body comes from the page cache while no data has changed. Ward staff go to
    their ward's dashboard."""
    user = request.user
    if not user.is_province_role:
        if not user.ward_id:
            raise Http404
        return redirect("reports:ward_dashboard", code=user.ward.code)
    today = timezone.localdate()
    year = _year(request, today)
    page = _page(request)
    ward = None
    if code := request.GET.get("phuong"):
        ward = wards_in_year(year=year).filter(code=code).first()
        if ward is None:
            raise Http404

    def body() -> str:
        try:
            context = province_dashboard(year=year, today=today, ward=ward, page=page)
        except InvalidPage:
            raise Http404 from None
        context.update({"years": dashboard_years(today), "today": today})
        return render_to_string("reports/dashboard/_province_body.html", context, request)

    html = cached_fragment(
        parts=("province-dashboard", year, ward.code if ward else "", page, today), render=body
    )
    return render(request, "reports/dashboard/province.html", {"body": mark_safe(html)})  # noqa: S308 - our own rendered template


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
