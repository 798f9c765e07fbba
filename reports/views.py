"""Report pages: entry forms, the review workflow, history, completeness board, notifications.

Every report is fetched through wards.access, so another ward's staff get a 404.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reports.csv_export import CSV_CONTENT_TYPE, monthly_csv
from reports.excel import (
    XLSX_CONTENT_TYPE,
    ExcelImportError,
    export_year,
    monthly_template,
    read_monthly_upload,
)
from reports.forms import FiguresForm, ReasonForm, UploadForm
from reports.models import MonthlyReport, Notification, ReportStatus, YearlyReport
from reports.rules import fields_for, label, sections_for
from reports.selectors import (
    completeness_board,
    is_late,
    monthly_reports_for,
    report_audit,
    report_due_date,
    reports_waiting_review,
    user_notifications,
)
from reports.services import (
    ReportError,
    ReportPermissionError,
    ReportValidationError,
    StaleReportError,
    monthly_report_save,
    notifications_mark_read,
    report_approve,
    report_reopen,
    report_return,
    report_submit,
    report_url,
    reports_bulk_approve,
    yearly_report_save,
)
from wards.access import (
    can_edit_ward_data,
    get_scoped_or_404,
    get_ward_or_404,
    reviewer_required,
    role_required,
    visible_wards,
)
from wards.models import WARD_ROLES, Role

MODELS = {"monthly": MonthlyReport, "yearly": YearlyReport}
FIRST_YEAR = 2023
LAST_YEAR = 2100


def _year_param(request, default: int) -> int:
    """Return the ?year= parameter when it is a programme year, else the default."""
    try:
        year = int(request.GET.get("year", default))
    except (TypeError, ValueError):
        return default
    return year if FIRST_YEAR <= year <= LAST_YEAR else default


def _years(today: datetime.date) -> list[int]:
    return list(range(today.year, FIRST_YEAR - 1, -1))


@login_required
def monthly_list(request):
    """Render the year's reports the user may see, and for ward staff the months to enter."""
    today = timezone.localdate()
    year = _year_param(request, today.year)
    status = request.GET.get("status") or ""
    if status not in ReportStatus.values:
        status = ""
    wards = visible_wards(request.user)
    context = {
        "year": year,
        "years": _years(today),
        "status": status,
        "statuses": ReportStatus.choices,
        "reports": monthly_reports_for(wards=wards, year=year, status=status or None),
        "yearly_reports": YearlyReport.objects.filter(ward__in=wards, year=year).select_related(
            "ward"
        ),
    }
    if request.user.is_ward_role:
        context["board"] = completeness_board(year=year, today=today, wards=wards)
        ward = request.user.ward
        context["ward"] = ward
        context["yearly_available"] = ward.in_programme and ward.is_valid_in_year(year)
    return render(request, "reports/monthly_list.html", context)


def _check_month(ward, year: int, month: int, today: datetime.date) -> None:
    """404 for a month the ward has no report for: before the programme, not in force, future."""
    if not (1 <= month <= 12 and FIRST_YEAR <= year <= LAST_YEAR and ward.in_programme):
        raise Http404
    if not ward.is_valid_in_month(year, month) or datetime.date(year, month, 1) > today:
        raise Http404


def _figures_rows(report, model) -> list[dict]:
    """Return label, value and outlier flag for each figure of a saved report, with the title
    of the section it opens (empty for the other rows)."""
    outliers = set(getattr(report, "outlier_fields", []) or [])
    return [
        {
            "name": name,
            "label": label(model, name),
            "value": getattr(report, name),
            "outlier": name in outliers,
            "section": title if index == 0 else "",
        }
        for title, names in sections_for(model)
        for index, name in enumerate(names)
    ]


def _report_page(request, *, model, ward, report, period: dict, save):
    """Render (GET) or save (POST) a monthly or yearly report page."""
    user = request.user
    today = timezone.localdate()
    editor = can_edit_ward_data(user, ward)
    outliers = getattr(report, "outlier_fields", []) if report else []
    form = None
    status = 200
    if request.method == "POST":
        if not editor:
            raise PermissionDenied
        if report and not report.is_editable:
            messages.error(
                request, _("Báo cáo đã gửi duyệt hoặc đã được duyệt nên không sửa được.")
            )
            return redirect(request.path)
        form = FiguresForm(request.POST, model=model, outliers=outliers)
        if form.is_valid():
            try:
                saved = save(values=form.figures(), version=form.cleaned_data["version"])
            except StaleReportError as exc:
                form.add_error(None, exc.message)
                status = 409
            except ReportValidationError as exc:
                for name, errors in exc.errors.items():
                    for error in errors:
                        form.add_error(name if name in form.fields else None, error)
            except ReportError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Đã lưu báo cáo."))
                if saved.outlier_fields if model is MonthlyReport else False:
                    messages.warning(
                        request,
                        _("Có số liệu khác xa các tháng trước của phường, xin kiểm tra lại."),
                    )
                return redirect(request.path)
    elif editor and (report is None or report.is_editable):
        initial = {name: getattr(report, name) for name in fields_for(model)} if report else {}
        initial["version"] = report.version if report else 0
        form = FiguresForm(initial=initial, model=model, outliers=outliers)
    transitions = list(report.transitions.select_related("actor")) if report else []
    context = {
        "ward": ward,
        "kind": "monthly" if model is MonthlyReport else "yearly",
        "report": report,
        "form": form,
        "rows": _figures_rows(report, model) if report else [],
        "transitions": transitions,
        "reason_form": ReasonForm(initial={"version": report.version if report else None}),
        "can_submit": bool(
            report and report.is_editable and user.is_chief and user.ward_id == ward.pk
        ),
        "can_review": bool(report and user.is_reviewer and report.status == ReportStatus.SUBMITTED),
        "can_reopen": bool(report and user.is_reviewer and report.status == ReportStatus.APPROVED),
        "can_history": bool(report and (user.is_reviewer or user.role in WARD_ROLES)),
        "editor": editor,
        "upload_form": UploadForm() if editor and model is MonthlyReport else None,
        **period,
    }
    if model is MonthlyReport:
        context["due"] = report_due_date(period["year"], period["month"])
        context["late"] = is_late(
            year=period["year"],
            month=period["month"],
            first_submitted_at=report.first_submitted_at if report else None,
            today=today,
        )
    return render(request, "reports/report_page.html", context, status=status)


@login_required
def monthly_report(request, code: str, year: int, month: int):
    """Render or save one ward's monthly report (read-only unless the user may edit it)."""
    ward = get_ward_or_404(request.user, code)
    _check_month(ward, year, month, timezone.localdate())
    report = (
        MonthlyReport.objects.select_related("ward", "submitted_by", "reviewed_by", "updated_by")
        .filter(ward=ward, year=year, month=month)
        .first()
    )

    def save(*, values, version):
        return monthly_report_save(
            user=request.user, ward=ward, year=year, month=month, values=values, version=version
        )

    return _report_page(
        request,
        model=MonthlyReport,
        ward=ward,
        report=report,
        period={"year": year, "month": month},
        save=save,
    )


@login_required
def yearly_report(request, code: str, year: int):
    """Render or save one ward's yearly civility report."""
    ward = get_ward_or_404(request.user, code)
    today = timezone.localdate()
    if not (ward.in_programme and FIRST_YEAR <= year <= today.year and ward.is_valid_in_year(year)):
        raise Http404
    report = (
        YearlyReport.objects.select_related("ward", "submitted_by", "reviewed_by", "updated_by")
        .filter(ward=ward, year=year)
        .first()
    )

    def save(*, values, version):
        return yearly_report_save(
            user=request.user, ward=ward, year=year, values=values, version=version
        )

    return _report_page(
        request, model=YearlyReport, ward=ward, report=report, period={"year": year}, save=save
    )


def _get_report(request, kind: str, pk: int):
    """Return the monthly or yearly report with this id within the user's wards; 404 otherwise."""
    model = MODELS.get(kind)
    if model is None:
        raise Http404
    return get_scoped_or_404(model.objects.select_related("ward"), request.user, pk=pk)


def _version(request) -> int | None:
    try:
        return int(request.POST["version"])
    except (KeyError, ValueError):
        return None


@require_POST
@login_required
def report_action(request, kind: str, pk: int, action: str):
    """Submit, approve, return or reopen a report (POST), then go back to its page."""
    report = _get_report(request, kind, pk)
    user = request.user
    version = _version(request)
    try:
        if action == "submit":
            report_submit(user=user, report=report, version=version)
            messages.success(request, _("Đã gửi duyệt báo cáo."))
        elif action == "approve":
            report_approve(user=user, report=report, version=version)
            messages.success(request, _("Đã duyệt báo cáo."))
        elif action in ("return", "reopen"):
            service = report_return if action == "return" else report_reopen
            service(
                user=user, report=report, reason=request.POST.get("reason", ""), version=version
            )
            messages.success(
                request,
                _("Đã trả lại báo cáo.") if action == "return" else _("Đã mở lại báo cáo."),
            )
        else:
            raise Http404
    except ReportPermissionError as exc:
        raise PermissionDenied(exc.message) from exc
    except ReportValidationError as exc:
        messages.error(request, " ".join([m for ms in exc.errors.values() for m in ms]))
    except ReportError as exc:
        messages.error(request, exc.message)
    return redirect(report_url(report))


@role_required(WARD_ROLES, Role.REVIEWER, Role.ADMIN)
def report_history(request, kind: str, pk: int):
    """Render a report's audit history (old → new per field) and its status changes."""
    report = _get_report(request, kind, pk)
    return render(
        request,
        "reports/history.html",
        {
            "report": report,
            "kind": kind,
            "entries": report_audit(report),
            "transitions": report.transitions.select_related("actor"),
            "url": report_url(report),
        },
    )


@reviewer_required
def review_queue(request):
    """Render the reports waiting for review; POST approves the selected ones at once."""
    if request.method == "POST":
        counts = reports_bulk_approve(
            user=request.user,
            monthly_ids=[int(v) for v in request.POST.getlist("monthly") if v.isdigit()],
            yearly_ids=[int(v) for v in request.POST.getlist("yearly") if v.isdigit()],
        )
        messages.success(
            request,
            _("Đã duyệt %(approved)s báo cáo; bỏ qua %(skipped)s báo cáo không còn chờ duyệt.")
            % counts,
        )
        return redirect("reports:review")
    return render(request, "reports/review_queue.html", reports_waiting_review())


@login_required
def board(request):
    """Render the completeness board: wards x months of a year, with status and lateness."""
    today = timezone.localdate()
    year = _year_param(request, today.year)
    data = completeness_board(year=year, today=today, wards=visible_wards(request.user))
    return render(
        request,
        "reports/board.html",
        {**data, "year": year, "years": _years(today), "today": today},
    )


@login_required
def notifications(request):
    """Render the user's notifications; POST marks them read."""
    if request.method == "POST":
        ids = [int(v) for v in request.POST.getlist("id") if v.isdigit()] or None
        notifications_mark_read(user=request.user, ids=ids)
        target = request.POST.get("next", "")
        if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            return HttpResponseRedirect(target)
        return redirect("reports:notifications")
    items = Notification.objects.filter(recipient=request.user).order_by("-created_at")[:200]
    return render(
        request,
        "reports/notifications.html",
        {"items": items, **user_notifications(user=request.user)},
    )


def _xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def excel_template(request, code: str, year: int, month: int):
    """Download the month's Excel form for a ward, prefilled with what is entered."""
    ward = get_ward_or_404(request.user, code)
    _check_month(ward, year, month, timezone.localdate())
    report = MonthlyReport.objects.filter(ward=ward, year=year, month=month).first()
    data = monthly_template(ward=ward, year=year, month=month, report=report)
    return _xlsx_response(data, f"bao-cao-{ward.code}-{year}-{month:02d}.xlsx")


@require_POST
@login_required
def excel_upload(request, code: str, year: int, month: int):
    """Save the month's figures from an uploaded Excel form, or list every error (nothing saved)."""
    ward = get_ward_or_404(request.user, code)
    _check_month(ward, year, month, timezone.localdate())
    if not can_edit_ward_data(request.user, ward):
        raise PermissionDenied
    form = UploadForm(request.POST, request.FILES)
    errors: list[str] = []
    if not form.is_valid():
        errors = [str(e) for e in form.errors.get("file", [])]
    else:
        upload = form.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_BYTES:
            errors = [
                _("Tệp quá lớn (tối đa %(size)s MB).")
                % {"size": settings.MAX_UPLOAD_BYTES // (1024 * 1024) or 1}
            ]
        else:
            data = upload.read()
            try:
                values, version = read_monthly_upload(data, ward=ward, year=year, month=month)
                monthly_report_save(
                    user=request.user,
                    ward=ward,
                    year=year,
                    month=month,
                    values=values,
                    version=version,
                    change_reason="Nhập từ tệp Excel",
                )
            except ExcelImportError as exc:
                errors = [str(error) for error in exc.errors]
            except ReportValidationError as exc:
                errors = [m for ms in exc.errors.values() for m in ms]
            except ReportError as exc:
                errors = [exc.message]
    if errors:
        return render(
            request,
            "reports/upload_errors.html",
            {"ward": ward, "year": year, "month": month, "errors": errors},
            status=400,
        )
    messages.success(request, _("Đã nhập số liệu từ tệp Excel."))
    return redirect("reports:monthly", ward.code, year, month)


def _export_scope(request, year: int):
    """Return (wards, file name suffix) of an export: the user's ward, or all for province
    roles; ?ward=<code> narrows it to one visible ward. A year outside 2023-2100 is a 404."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    wards = visible_wards(request.user)
    code = request.GET.get("ward")
    if code:
        wards = wards.filter(pk=get_ward_or_404(request.user, code).pk)
    suffix = code or ("tat-ca" if request.user.is_province_role else request.user.ward.code)
    return wards, suffix


@login_required
def export(request, year: int):
    """Download the year's entered reports as .xlsx (monthly and yearly sheets)."""
    wards, suffix = _export_scope(request, year)
    return _xlsx_response(export_year(year=year, wards=wards), f"bao-cao-{year}-{suffix}.xlsx")


@login_required
def export_csv(request, year: int):
    """Download the year's monthly figures as CSV (UTF-8 with BOM): the Excel export's rows."""
    wards, suffix = _export_scope(request, year)
    response = HttpResponse(monthly_csv(year=year, wards=wards), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="bao-cao-thang-{year}-{suffix}.csv"'
    return response
