"""Pages for staffing, rosters, equipment, headquarters and projects, and the roadmap.

Every page reads through wards.access: ward staff see and edit their own ward's roster and
inventory; reviewers and administrators edit headquarters, projects and target years; the
steering committee reads aggregates only (never the roster's personal data).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from criteria.selectors import model_ward_years
from facilities import selectors, services
from facilities.exports import roster_workbook
from facilities.forms import (
    EquipmentCountForm,
    HeadquartersForm,
    MilestoneForm,
    OfficerForm,
    OfficerRatingForm,
    ProjectCreateForm,
    ProjectForm,
    TargetYearForm,
)
from facilities.models import (
    BuildingProject,
    Education,
    EquipmentKind,
    Headquarters,
    Officer,
    ProjectMilestone,
    Team,
)
from wards.access import (
    get_scoped_or_404,
    get_ward_or_404,
    require_ward_editor,
    reviewer_required,
    role_required,
    visible_wards,
    ward_staff_required,
)
from wards.models import WARD_ROLES, Role
from wards.selectors import wards_in_year

# Who may read and export personal data on rosters: the ward's own staff and the province's
# reviewers and administrators; never the steering committee.
PERSONAL_DATA_ROLES = frozenset({*WARD_ROLES, Role.REVIEWER, Role.ADMIN})
personal_data_required = role_required(PERSONAL_DATA_ROLES)
FIRST_YEAR = 2023


def _year(request) -> int:
    """Return the year asked for in ?year= (2023 to next year), or the current year."""
    current = timezone.localdate().year
    try:
        year = int(request.GET.get("year", current))
    except (TypeError, ValueError):
        return current
    return year if FIRST_YEAR <= year <= current + 1 else current


def _years() -> list[int]:
    return list(range(FIRST_YEAR, timezone.localdate().year + 2))


def _programme_wards(user, year: int):
    """Return the programme wards standing in the year that the user may read (one query)."""
    return list(wards_in_year(year=year).filter(pk__in=visible_wards(user).values("pk")))


def _apply_errors(form, error: ValidationError) -> None:
    """Put a service's validation errors next to the form's fields."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error.messages)


# ---- Staffing (aggregates: every role) and rosters (personal data) ----


@login_required
def staffing_overview(request):
    """Render headcount, teams and education by ward and for the city against the targets."""
    year = _year(request)
    rows, total = selectors.staffing_table(wards=_programme_wards(request.user, year), year=year)
    return render(
        request,
        "facilities/staffing.html",
        {
            "year": year,
            "years": _years(),
            "rows": rows,
            "total": total,
            "teams": Team.choices,
            "educations": Education.choices,
            "headcount_min": selectors.HEADCOUNT_MIN,
            "headcount_max": selectors.HEADCOUNT_MAX,
            "team_min": selectors.TEAM_MIN,
            "can_see_roster": request.user.role in PERSONAL_DATA_ROLES,
        },
    )


def _roster_scope(request):
    """Return (wards queryset, chosen ward or None) for a roster page or export."""
    code = request.GET.get("ward")
    if code:
        ward = get_ward_or_404(request.user, code)
        return visible_wards(request.user).filter(pk=ward.pk), ward
    return visible_wards(request.user), None


@personal_data_required
def roster_list(request):
    """Render the roster (names, ranks, ratings) of the wards the user may read."""
    year = _year(request)
    wards, ward = _roster_scope(request)
    officers = list(selectors.roster_for(wards=wards))
    for officer in officers:
        officer.year_rating = next((r for r in officer.ratings.all() if r.year == year), None)
    return render(
        request,
        "facilities/roster.html",
        {
            "officers": officers,
            "ward": ward,
            "year": year,
            "years": _years(),
            "can_edit": request.user.is_ward_role,
            "ward_choices": list(visible_wards(request.user).filter(in_programme=True))
            if request.user.is_province_role
            else [],
        },
    )


@personal_data_required
def roster_export(request):
    """Return the roster the user may read as an Excel file."""
    year = _year(request)
    wards, ward = _roster_scope(request)
    content = roster_workbook(officers=selectors.roster_for(wards=wards), year=year)
    name = f"danh-sach-can-bo-{ward.code if ward else 'tat-ca'}-{year}.xlsx"
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@ward_staff_required
def officer_create(request):
    """Add an officer to the user's own ward roster."""
    ward = request.user.ward
    require_ward_editor(request.user, ward)
    form = OfficerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.officer_create(ward=ward, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Đã thêm cán bộ vào danh sách."))
            return redirect("facilities:roster")
    return render(request, "facilities/officer_form.html", {"form": form, "ward": ward})


@personal_data_required
def officer_edit(request, pk: int):
    """Change an officer of the user's own ward and record yearly ratings."""
    officer = get_scoped_or_404(Officer.objects.select_related("ward"), request.user, pk=pk)
    require_ward_editor(request.user, officer.ward)
    form = OfficerForm(request.POST or None, instance=officer)
    if request.method == "POST" and form.is_valid():
        try:
            services.officer_update(officer=officer, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Đã lưu thông tin cán bộ."))
            return redirect("facilities:roster")
    return render(
        request,
        "facilities/officer_form.html",
        {
            "form": form,
            "ward": officer.ward,
            "officer": officer,
            "rating_form": OfficerRatingForm(initial={"year": timezone.localdate().year}),
            "ratings": officer.ratings.order_by("-year"),
        },
    )


@require_POST
@personal_data_required
def officer_rating(request, pk: int):
    """Record an officer's rating for a year (own ward's staff only)."""
    officer = get_scoped_or_404(Officer.objects.select_related("ward"), request.user, pk=pk)
    require_ward_editor(request.user, officer.ward)
    form = OfficerRatingForm(request.POST)
    if form.is_valid():
        try:
            services.officer_rating_set(officer=officer, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
    if form.errors:
        return render(
            request,
            "facilities/officer_form.html",
            {
                "form": OfficerForm(instance=officer),
                "ward": officer.ward,
                "officer": officer,
                "rating_form": form,
                "ratings": officer.ratings.order_by("-year"),
            },
            status=400,
        )
    messages.success(request, _("Đã ghi xếp loại."))
    return redirect("facilities:officer_edit", pk=officer.pk)


# ---- Equipment ----


@login_required
def equipment_overview(request):
    """Render each ward's equipment against the targets (gap table) and the dated counts."""
    year = _year(request)
    wards = _programme_wards(request.user, year)
    rows, total = selectors.equipment_table(wards=wards, year=year)
    return render(
        request,
        "facilities/equipment.html",
        {
            "year": year,
            "years": _years(),
            "rows": rows,
            "total": total,
            "kinds": EquipmentKind.choices,
            "counts": selectors.equipment_history(wards=visible_wards(request.user)),
            "can_edit": request.user.is_ward_role,
        },
    )


@ward_staff_required
def equipment_count_create(request):
    """Record a dated equipment count for the user's own ward."""
    ward = request.user.ward
    require_ward_editor(request.user, ward)
    form = EquipmentCountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.equipment_count_record(ward=ward, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Đã ghi số lượng trang thiết bị."))
            return redirect("facilities:equipment")
    return render(request, "facilities/equipment_form.html", {"form": form, "ward": ward})


# ---- Headquarters and projects ----


@login_required
def headquarters_overview(request):
    """Render the headquarters and building projects of the wards the user may read."""
    year = timezone.localdate().year
    wards = visible_wards(request.user)
    hqs = list(selectors.headquarters_list(wards=wards))
    for hq in hqs:
        hq.past_life_now = hq.is_past_service_life(year)
        hq.past_life_2023 = hq.is_past_service_life(FIRST_YEAR)
    return render(
        request,
        "facilities/headquarters.html",
        {
            "headquarters": hqs,
            "projects": selectors.projects_for(wards=wards),
            "year": year,
            "min_land": selectors.HQ_MIN_LAND_M2,
            "can_edit": request.user.is_reviewer,
            "wards_without_hq": list(wards.filter(in_programme=True, headquarters__isnull=True))
            if request.user.is_reviewer
            else [],
        },
    )


@reviewer_required
def headquarters_edit(request, code: str):
    """Create or change a ward's headquarters record (province)."""
    ward = get_ward_or_404(request.user, code)
    instance = Headquarters.objects.filter(ward=ward).first()
    form = HeadquartersForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.headquarters_save(ward=ward, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Đã lưu thông tin trụ sở."))
            return redirect("facilities:headquarters")
    return render(request, "facilities/headquarters_form.html", {"form": form, "ward": ward})


@reviewer_required
def project_create(request):
    """Create a building project (province)."""
    form = ProjectCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        ward = data.pop("ward")
        try:
            project = services.project_create(ward=ward, **data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Đã tạo dự án."))
            return redirect("facilities:project_edit", pk=project.pk)
    return render(request, "facilities/project_form.html", {"form": form})


@reviewer_required
def project_edit(request, pk: int):
    """Change a building project and add milestones (province)."""
    project = get_object_or_404(BuildingProject.objects.select_related("ward"), pk=pk)
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(project=project, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Đã lưu dự án."))
            return redirect("facilities:headquarters")
    return render(
        request,
        "facilities/project_form.html",
        {
            "form": form,
            "project": project,
            "milestone_form": MilestoneForm(),
            "milestones": project.milestones.all(),
        },
    )


@require_POST
@reviewer_required
def milestone_add(request, pk: int):
    """Add a milestone to a project (province)."""
    project = get_object_or_404(BuildingProject, pk=pk)
    form = MilestoneForm(request.POST, instance=ProjectMilestone(project=project))
    if form.is_valid():
        try:
            services.milestone_add(project=project, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Đã thêm mốc tiến độ."))
            return redirect("facilities:project_edit", pk=project.pk)
    problems = [message for errors in form.errors.values() for message in errors]
    summary = _("Mốc tiến độ chưa hợp lệ: cần tên mốc, ngày theo dd/mm/yyyy.")
    messages.error(request, " ".join([summary, *problems]))
    return redirect("facilities:project_edit", pk=project.pk)


# ---- Roadmap ----


@login_required
def roadmap(request):
    """Render each programme ward's target year and whether it is achieved, on time or behind."""
    today = timezone.localdate()
    wards = visible_wards(request.user).filter(in_programme=True)
    rows = selectors.roadmap_rows(wards=wards, today=today, model_years=model_ward_years())
    return render(
        request,
        "facilities/roadmap.html",
        {"rows": rows, "today": today, "can_edit": request.user.is_reviewer},
    )


@reviewer_required
def roadmap_edit(request, code: str):
    """Change a ward's target year (province)."""
    ward = get_ward_or_404(request.user, code)
    if not ward.in_programme:
        raise PermissionDenied
    form = TargetYearForm(
        request.POST or None,
        initial={"target_year": ward.target_year, "undecided": ward.target_year_undecided},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.ward_target_year_set(
                ward=ward,
                target_year=form.cleaned_data["target_year"],
                undecided=form.cleaned_data["undecided"],
                reason=form.cleaned_data["reason"],
                user=request.user,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Đã lưu năm mục tiêu."))
            return redirect("facilities:roadmap")
    history = ward.history.select_related("history_user").order_by("-history_date", "-history_id")
    return render(
        request,
        "facilities/roadmap_form.html",
        {"form": form, "ward": ward, "history": history[:20]},
    )
