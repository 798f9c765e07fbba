"""Pages for staffing, rosters, equipment, headquarters and projects, and the roadmap.

Every page reads through wards.access: ward staff see and edit their own ward's roster and
inventory; reviewers and administrators edit headquarters, projects and target years; the
steering committee reads aggregates only (never the roster's personal data).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.excel import XLSX_CONTENT_TYPE
from config.forms import apply_errors
from config.period import read_period
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
from facilities.succession import EQUIPMENT, HEADQUARTERS, OFFICERS, PROJECTS
from wards.access import (
    Action,
    allows,
    get_scoped_or_404,
    get_ward_or_404,
    personal_data_required,
    require_ward_editor,
    reviewer_required,
    visible_wards,
    ward_staff_required,
)
from wards.selectors import succession_transfers_from, wards_in_year

FIRST_YEAR = 2023


def _period(request):
    """Return the page's period (?nam=, this year by default; ?phuong= for one ward)."""
    return read_period(request, default_year=timezone.localdate().year)


def _ended(wards):
    """Return the wards of the queryset that have ended (their records may have passed on)."""
    return wards.filter(valid_to__isnull=False)


def _programme_wards(user, year: int):
    """Return the programme wards standing in the year that the user may read (one query)."""
    return list(wards_in_year(year=year).filter(pk__in=visible_wards(user).values("pk")))


# ---- Staffing (aggregates: every role) and rosters (personal data) ----


@login_required
def staffing_overview(request):
    """Render headcount, teams and education by ward and for the city against the targets."""
    period = _period(request)
    year = period.year
    rows, total = selectors.staffing_table(wards=_programme_wards(request.user, year), year=year)
    return render(
        request,
        "facilities/staffing.html",
        {
            "year": year,
            "years": period.years,
            "rows": rows,
            "total": total,
            "teams": Team.choices,
            "educations": Education.choices,
            "headcount_min": selectors.HEADCOUNT_MIN,
            "headcount_max": selectors.HEADCOUNT_MAX,
            "team_min": selectors.TEAM_MIN,
        },
    )


def _roster_scope(request):
    """Return (wards queryset, chosen ward or None) for a roster page or export."""
    code = _period(request).ward_code
    if code:
        ward = get_ward_or_404(request.user, code)
        return visible_wards(request.user).filter(pk=ward.pk), ward
    return visible_wards(request.user), None


@personal_data_required
def roster_list(request):
    """Render the roster (names, ranks, ratings) of the wards the user may read."""
    period = _period(request)
    year = period.year
    wards, ward = _roster_scope(request)
    officers = list(selectors.roster_for(wards=wards))
    passed_on = {
        transfer.object_id: transfer
        for transfer in succession_transfers_from(wards=_ended(wards), kinds=[OFFICERS])
    }
    for officer in officers:
        officer.year_rating = next((r for r in officer.ratings.all() if r.year == year), None)
        officer.passed_on = passed_on.get(officer.pk)
    return render(
        request,
        "facilities/roster.html",
        {
            "officers": officers,
            "ward": ward,
            "year": year,
            "years": period.years,
            "ward_options": [
                (choice.code, choice.display_name)
                for choice in visible_wards(request.user).filter(in_programme=True)
            ]
            if allows(request.user, Action.VIEW_PROVINCE)
            else [],
        },
    )


@personal_data_required
def roster_export(request):
    """Return the roster the user may read as an Excel file."""
    period = _period(request)
    year = period.year
    wards, ward = _roster_scope(request)
    content = roster_workbook(officers=selectors.roster_for(wards=wards), year=year)
    name = f"danh-sach-can-bo-{ward.code if ward else 'tat-ca'}-{year}.xlsx"
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
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
            apply_errors(form, error)
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
            apply_errors(form, error)
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
            apply_errors(form, error)
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
    period = _period(request)
    year = period.year
    wards = _programme_wards(request.user, year)
    rows, total = selectors.equipment_table(wards=wards, year=year)
    return render(
        request,
        "facilities/equipment.html",
        {
            "year": year,
            "years": period.years,
            "rows": rows,
            "total": total,
            "kinds": EquipmentKind.choices,
            "counts": selectors.equipment_history(wards=visible_wards(request.user)),
            "passed_on": succession_transfers_from(
                wards=_ended(visible_wards(request.user)), kinds=[EQUIPMENT]
            ),
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
            apply_errors(form, error)
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
            "passed_on": succession_transfers_from(
                wards=_ended(wards), kinds=[HEADQUARTERS, PROJECTS]
            ),
            "year": year,
            "min_land": selectors.HQ_MIN_LAND_M2,
            "wards_without_hq": list(wards.filter(in_programme=True, headquarters__isnull=True))
            if allows(request.user, Action.MANAGE_PROGRAMME)
            else [],
        },
    )


@reviewer_required
def headquarters_edit(request, code: str):
    """Create or change a ward's headquarters record (province); ?tru_so= picks one of the
    buildings of a ward that holds several (after a merge), else its main one."""
    ward = get_ward_or_404(request.user, code)
    chosen = request.GET.get("tru_so", "")
    buildings = Headquarters.objects.filter(ward=ward)
    instance = (
        get_object_or_404(buildings, pk=int(chosen)) if chosen.isdigit() else buildings.first()
    )
    form = HeadquartersForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.headquarters_save(
                ward=ward, headquarters_id=instance.pk if instance else None, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
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
            apply_errors(form, error)
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
            apply_errors(form, error)
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
            apply_errors(form, error)
        else:
            messages.success(request, _("Đã thêm mốc tiến độ."))
            return redirect("facilities:project_edit", pk=project.pk)
    problems = [message for errors in form.errors.values() for message in errors]
    summary = _("Mốc tiến độ chưa hợp lệ: cần tên mốc, ngày theo dd/mm/yyyy.")
    messages.error(request, " ".join([summary, *problems]))
    return redirect("facilities:project_edit", pk=project.pk)
