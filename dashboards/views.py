"""The pages that bring data together: each role's home page, the ward pages, the province and
ward dashboards, and the roadmap of target years."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import InvalidPage
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from config.forms import apply_errors
from config.period import read_period
from criteria.selectors import (
    criteria_home_summary,
    default_year,
    model_ward_years,
    starting_points,
)
from dashboards.page_cache import cached_fragment
from dashboards.selectors import province_dashboard, ward_dashboard
from facilities import selectors as facilities_selectors
from facilities import services as facilities_services
from facilities.forms import TargetYearForm
from reports.selectors import (
    baseline_totals,
    baselines_for_year,
    month_due_summary,
    reports_waiting_review,
    user_notifications,
    ward_report_summary,
)
from wards.access import Action, allows, get_ward_or_404, reviewer_required, visible_wards
from wards.models import Role
from wards.selectors import programme_roadmap, wards_in_force, wards_in_year, wards_with_lineage

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
            "dashboards/home_ward.html",
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
        Role.REVIEWER: "dashboards/home_reviewer.html",
        Role.COMMITTEE: "dashboards/home_committee.html",
        Role.ADMIN: "dashboards/home_admin.html",
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
            "waiting": reports_waiting_review() if allows(user, Action.MANAGE_PROGRAMME) else None,
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
    return render(
        request, "dashboards/ward_list.html", {"wards": wards, "today": timezone.localdate()}
    )


@login_required
def ward_detail(request, code: str):
    """Render one ward the user may see (404 for another ward's staff)."""
    ward = get_object_or_404(wards_with_lineage(visible_wards(request.user)), code=code)
    baselines = baselines_for_year(year=BASELINE_YEAR).filter(ward=ward)
    return render(
        request,
        "dashboards/ward_detail.html",
        {"ward": ward, "baselines": baselines, "today": timezone.localdate()},
    )


def _period(request, today):
    """Return the dashboard's period: ?nam= defaults to the latest scored year."""
    return read_period(request, default_year=min(default_year(today), today.year), today=today)


@login_required
def province(request):
    """Render the province dashboard for a year, optionally one ward, a page of wards at a
    time; the body comes from the page cache while no data has changed. Ward staff go to
    their ward's dashboard."""
    user = request.user
    if not allows(user, Action.VIEW_PROVINCE):
        if not user.ward_id:
            raise Http404
        return redirect("dashboards:ward", code=user.ward.code)
    today = timezone.localdate()
    period = _period(request, today)
    year, page, ward = period.year, period.page, None
    if period.ward_code:
        ward = wards_in_year(year=year).filter(code=period.ward_code).first()
        if ward is None:
            messages.warning(
                request,
                _("Không có phường này trong năm %(year)s; đang hiển thị tất cả các phường.")
                % {"year": year},
            )

    def body(page: int) -> str:
        context = province_dashboard(year=year, today=today, ward=ward, page=page)
        context.update({"years": period.years, "today": today})
        return render_to_string("dashboards/dashboard/_province_body.html", context, request)

    def cached(page: int) -> str:
        return cached_fragment(
            parts=("province-dashboard", year, ward.code if ward else "", page, today),
            render=lambda: body(page),
        )

    try:
        html = cached(page)
    except InvalidPage:
        messages.warning(
            request, _("Không có trang %(page)s; đang hiển thị trang 1.") % {"page": page}
        )
        html = cached(1)
    return render(request, "dashboards/dashboard/province.html", {"body": mark_safe(html)})  # noqa: S308 - our own rendered template


@login_required
def ward(request, code: str):
    """Render one ward's dashboard (404 for another ward's staff)."""
    ward = get_ward_or_404(request.user, code)
    today = timezone.localdate()
    period = _period(request, today)
    context = ward_dashboard(ward=ward, year=period.year, today=today)
    context.update(
        {
            "years": period.years,
            "today": today,
            "province_view": allows(request.user, Action.VIEW_PROVINCE),
        }
    )
    return render(request, "dashboards/dashboard/ward.html", context)


# ---- Roadmap ----


@login_required
def roadmap(request):
    """Render each programme ward's target year and whether it is achieved, on time or behind."""
    today = timezone.localdate()
    wards = visible_wards(request.user).filter(in_programme=True)
    rows = facilities_selectors.roadmap_rows(
        wards=wards, today=today, model_years=model_ward_years()
    )
    starts = starting_points(wards=[row.ward for row in rows])
    return render(
        request,
        "dashboards/roadmap.html",
        {"rows": [(row, starts[row.ward.pk]) for row in rows], "today": today},
    )


@reviewer_required
def roadmap_edit(request, code: str):
    """Change a ward's target year, or mark it "chưa xác định", with the reason (province)."""
    ward = get_ward_or_404(request.user, code)
    if not ward.in_programme:
        raise PermissionDenied
    form = TargetYearForm(
        request.POST or None,
        initial={"target_year": ward.target_year, "undecided": ward.target_year_undecided},
    )
    if request.method == "POST" and form.is_valid():
        try:
            facilities_services.ward_target_year_set(
                ward=ward,
                target_year=form.cleaned_data["target_year"],
                undecided=form.cleaned_data["undecided"],
                reason=form.cleaned_data["reason"],
                user=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Đã lưu năm mục tiêu."))
            return redirect("dashboards:roadmap")
    history = ward.history.select_related("history_user").order_by("-history_date", "-history_id")
    return render(
        request,
        "dashboards/roadmap_form.html",
        {"form": form, "ward": ward, "history": history[:20]},
    )
