"""Criteria pages: the year matrix, a ward's scorecard, a criterion with decision and evidence."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.period import read_period, year_from_path
from criteria import periods
from criteria.evidence import download_name
from criteria.forms import EvidenceUploadForm, ManualDecisionForm, ScoreNowForm
from criteria.models import Criterion, EvidenceFile, JobState
from criteria.periods import is_future_year, provisional_label
from criteria.selectors import (
    criteria_set_for_year,
    default_year,
    latest_approved_month,
    scoring_jobs_recent,
    ward_early_warnings,
    ward_scorecard,
    year_matrix,
)
from criteria.services import (
    evidence_file_add,
    manual_decision_record,
    scoring_job_request,
)
from wards.access import (
    Action,
    allows,
    get_scoped_or_404,
    get_ward_or_404,
    province_required,
    reviewer_required,
)


def _year_or_404(year: int) -> int:
    """Return the year when the programme can show it (the 2022 baseline to the current
    year); 404 for any other, a future year included."""
    return year_from_path(year)


@login_required
def index(request):
    """Send ward staff to their ward's scorecard and province roles to the year matrix."""
    year = default_year()
    if request.user.is_ward_role:
        return redirect("criteria:scorecard", year=year, code=request.user.ward.code)
    return redirect("criteria:matrix", year=year)


@province_required
def matrix(request, year: int):
    """Render the wards × criteria results of a year, and the scoring jobs."""
    _year_or_404(year)
    context = year_matrix(year=year)
    months = {r.scorecard.provisional_month for r in context["rows"] if r.scorecard}
    months.discard(None)
    jobs = list(scoring_jobs_recent())
    context.update(
        {
            "year": year,
            "jobs": jobs,
            "job_active": any(j.state in {JobState.QUEUED, JobState.RUNNING} for j in jobs),
            "score_form": ScoreNowForm(initial={"year": year}),
            "years": range(2023, periods.today().year + 1),
            "current_year": periods.today().year,
            # The earliest month any ward's provisional scorecard runs to.
            "provisional_label": provisional_label(min(months), year) if months else "",
        }
    )
    return render(request, "criteria/matrix.html", context)


@login_required
def scorecard(request, year: int, code: str):
    """Render a ward's checklist for a year with the early warning (404 for another ward)."""
    _year_or_404(year)
    ward = get_ward_or_404(request.user, code)
    month = read_period(request, default_year=year).month or latest_approved_month(
        ward=ward, year=year
    )
    context = ward_scorecard(ward=ward, year=year)
    context.update(
        {
            "ward": ward,
            "year": year,
            "warnings": ward_early_warnings(ward=ward, year=year, month=month),
            "month": month,
            "months": range(1, 13),
            "next_year": None if is_future_year(year + 1) else year + 1,
        }
    )
    return render(request, "criteria/scorecard.html", context)


def _criterion(year: int, number: int) -> Criterion:
    criteria_set = criteria_set_for_year(_year_or_404(year))
    if criteria_set is None:
        raise Http404
    return get_object_or_404(Criterion, criteria_set=criteria_set, number=number)


def _detail_context(request, ward, year, criterion, decision_form=None, upload_form=None):
    data = ward_scorecard(ward=ward, year=year)
    row = next(r for r in data["rows"] if r.criterion.pk == criterion.pk)
    user = request.user
    may_decide = allows(user, Action.DECIDE_MANUAL, ward)
    if decision_form is None and may_decide and criterion.needs_decision:
        initial = (
            {"decision": row.decision.decision, "note": row.decision.note} if row.decision else {}
        )
        decision_form = ManualDecisionForm(initial=initial)
    if upload_form is None and allows(user, Action.UPLOAD_EVIDENCE, ward):
        upload_form = EvidenceUploadForm()
    return {
        "ward": ward,
        "year": year,
        "row": row,
        "criterion": criterion,
        "decision_form": decision_form,
        "upload_form": upload_form,
    }


@login_required
def criterion_detail(request, year: int, code: str, number: int):
    """Render one criterion of a ward's year: result, decision, evidence, and the forms."""
    ward = get_ward_or_404(request.user, code)
    criterion = _criterion(year, number)
    return render(
        request, "criteria/criterion.html", _detail_context(request, ward, year, criterion)
    )


@reviewer_required
@require_POST
def decide(request, year: int, code: str, number: int):
    """Record a reviewer's decision on a manual criterion."""
    ward = get_ward_or_404(request.user, code)
    criterion = _criterion(year, number)
    if not criterion.needs_decision:
        raise Http404
    form = ManualDecisionForm(request.POST)
    if form.is_valid():
        try:
            manual_decision_record(
                ward=ward,
                year=year,
                criterion=criterion,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
                user=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã ghi kết luận đánh giá."))
            return redirect("criteria:criterion", year=year, code=code, number=number)
    context = _detail_context(request, ward, year, criterion, decision_form=form)
    return render(request, "criteria/criterion.html", context, status=400)


@login_required
@require_POST
def evidence_upload(request, year: int, code: str, number: int):
    """Attach an evidence file (reviewers, or the ward's own chief)."""
    ward = get_ward_or_404(request.user, code)
    if not allows(request.user, Action.UPLOAD_EVIDENCE, ward):
        raise PermissionDenied
    criterion = _criterion(year, number)
    form = EvidenceUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            evidence_file_add(
                ward=ward,
                year=year,
                criterion=criterion,
                upload=form.cleaned_data["file"],
                user=request.user,
                description=form.cleaned_data["description"],
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(request, _("Đã tải lên tệp minh chứng."))
            return redirect("criteria:criterion", year=year, code=code, number=number)
    context = _detail_context(request, ward, year, criterion, upload_form=form)
    return render(request, "criteria/criterion.html", context, status=400)


@login_required
def evidence_download(request, pk: int):
    """Stream an evidence file as an attachment to a user who may see its ward (404 otherwise)."""
    item = get_scoped_or_404(EvidenceFile.objects.all(), request.user, pk=pk)
    response = FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=download_name(item.original_name, item.content_type, item.file.name),
        content_type=item.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@reviewer_required
@require_POST
def score_now(request):
    """Queue a scoring job for a year ('Đánh giá ngay') and go back to the year's matrix."""
    form = ScoreNowForm(request.POST)
    if not form.is_valid():
        errors = form.errors.get("year")
        messages.error(request, "; ".join(errors) if errors else _("Năm không hợp lệ."))
        return redirect("criteria:index")
    year = form.cleaned_data["year"]
    try:
        job = scoring_job_request(year=year, user=request.user)
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    else:
        if job.queue_unavailable:
            messages.warning(
                request,
                _(
                    "Hệ thống xử lý đang tạm ngừng. Yêu cầu đánh giá tiêu chí năm %(year)s đã được "
                    "ghi lại và sẽ tự động chạy khi hệ thống hoạt động trở lại."
                )
                % {"year": year},
            )
            return redirect(reverse("criteria:matrix", kwargs={"year": year}))
        messages.success(
            request,
            _("Đã nhận yêu cầu đánh giá tiêu chí năm %(year)s; kết quả sẽ có sau ít phút.")
            % {"year": year},
        )
    return redirect(reverse("criteria:matrix", kwargs={"year": year}))
