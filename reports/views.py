"""Report pages: entry forms, the review workflow, history, completeness board, notifications.

Every report is fetched through wards.access, so another ward's staff get a 404.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from config.errors import AppError, app_error_response
from config.excel import XLSX_CONTENT_TYPE
from config.excel_upload import too_large
from config.numbers import query_int
from config.period import month_from_path, read_period, year_from_path
from reports.csv_export import CSV_CONTENT_TYPE, monthly_csv
from reports.excel import (
    ExcelImportError,
    export_year,
    monthly_template,
    read_monthly_upload,
)
from reports.forms import FiguresForm, ReasonForm, UploadForm
from reports.models import MonthlyReport, Notification, ReportStatus, YearlyReport
from reports.rules import CARRY_OVER_BY_FIELD, check_value, fields_for, label, sections_for
from reports.selectors import (
    PreviousClosing,
    completeness_board,
    is_late,
    monthly_reports_for,
    monthly_typical_values,
    previous_closing,
    report_audit,
    report_comparisons,
    report_deadline,
    report_due_date,
    reports_waiting_review,
    user_notifications,
)
from reports.services import (
    ReportError,
    ReportLockedError,
    ReportValidationError,
    StaleReportError,
    monthly_report_save,
    monthly_report_save_and_submit,
    notifications_mark_read,
    notifications_mark_read_for_report,
    period_has_ended,
    report_approve,
    report_reopen,
    report_return,
    report_submit,
    report_url,
    report_withdraw,
    reports_bulk_approve,
    yearly_report_save,
    yearly_report_save_and_submit,
)
from wards.access import (
    Action,
    allows,
    capabilities,
    get_scoped_or_404,
    get_ward_or_404,
    require,
    reviewer_required,
    visible_wards,
)

MODELS = {"monthly": MonthlyReport, "yearly": YearlyReport}
# Monthly and yearly reports are entered from the programme's first year (2022 is the baseline).
FIRST_REPORT_YEAR = 2023


@login_required
def monthly_list(request):
    """Render the year's reports the user may see, and for ward staff the months to enter."""
    today = timezone.localdate()
    period = read_period(request, default_year=today.year, today=today)
    year = period.year
    status = request.GET.get("status") or ""
    if status not in ReportStatus.values:
        status = ""
    wards = visible_wards(request.user)
    context = {
        "year": year,
        "years": period.years,
        "status": status,
        "statuses": ReportStatus.choices,
        "reports": _with_deadlines(
            monthly_reports_for(wards=wards, year=year, status=status or None), today
        ),
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


def _with_deadlines(reports, today: datetime.date) -> list[MonthlyReport]:
    """Return the reports, each with `deadline` (None once sent for review)."""
    reports = list(reports)
    for report in reports:
        report.deadline = report_deadline(
            year=report.year,
            month=report.month,
            first_submitted_at=report.first_submitted_at,
            today=today,
        )
    return reports


def _check_month(ward, year: int, month: int, today: datetime.date) -> None:
    """404 for a month the ward has no report for: before the programme, not in force, future."""
    year_from_path(year, today)
    month_from_path(month)
    if year < FIRST_REPORT_YEAR or not ward.in_programme:
        raise Http404
    if not ward.is_valid_in_month(year, month) or datetime.date(year, month, 1) > today:
        raise Http404


ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def _comparison_values(comparisons: dict, name: str) -> list[dict]:
    """Return [{label, value}] for one field from report_comparisons (value None if missing)."""
    return [
        {
            "label": entry["label"],
            "value": entry["values"][name] if entry["values"] else None,
        }
        for entry in comparisons.values()
    ]


def _outlier_note(comparisons: list[dict], typical: dict, name: str) -> list[dict]:
    """Return what an outlier warning compares with: last month, same month last year and the
    typical level of the ward's approved months."""
    note = list(comparisons)
    if name in typical:
        note.append({"label": _("mức thường gặp"), "value": typical[name]})
    return note


def _carry_note(
    name: str, values, closing: PreviousClosing | None, *, monthly: bool
) -> dict | None:
    """Return what a carried-over figure is compared with (the previous month's closing, its
    period, the predecessors summed, whether the value differs) and this month's closing, from
    the values shown (None for other figures)."""
    carry = CARRY_OVER_BY_FIELD.get(name) if monthly else None
    if carry is None:
        return None
    numbers = {n: check_value(values.get(n))[0] for n in (name, carry.received, *carry.handled)}
    note = {
        "previous": None,
        "value": numbers[name],
        "differs": False,
        "closing": carry.closing(numbers),
        "received_id": f"id_{carry.received}",
        "handled_ids": ",".join(f"id_{n}" for n in carry.handled),
    }
    if closing is None:
        return note
    previous = closing.values[name]
    return {
        **note,
        "previous": previous,
        "period": closing.period,
        "units": ", ".join(closing.units),
        "missing": ", ".join(closing.missing),
        "differs": numbers[name] is not None and numbers[name] != previous,
    }


def _figures_rows(
    report, model, comparisons: dict, typical: dict, closing: PreviousClosing | None = None
) -> list[dict]:
    """Return label, value, comparisons and outlier flag for each figure of a saved report,
    with the title of the section it opens (empty for the other rows)."""
    outliers = set(getattr(report, "outlier_fields", []) or [])
    values = {name: getattr(report, name) for name in fields_for(model)}
    rows = []
    for number, (title, names) in enumerate(sections_for(model)):
        for index, name in enumerate(names):
            compared = _comparison_values(comparisons, name)
            rows.append(
                {
                    "name": name,
                    "label": label(model, name),
                    "value": getattr(report, name),
                    "comparisons": compared,
                    "outlier": name in outliers,
                    "outlier_note": _outlier_note(compared, typical, name),
                    "carry": _carry_note(name, values, closing, monthly=model is MonthlyReport),
                    "section": f"{ROMAN[number]}. {title}" if index == 0 else "",
                }
            )
    return rows


def _entry_sections(
    form,
    comparisons: dict,
    typical: dict,
    stored: dict,
    *,
    compared: bool,
    closing: PreviousClosing | None = None,
) -> list[dict]:
    """Return the form's sections, numbered as on the paper form, each field with what it is
    compared with, its outlier note and (when reviewing an upload) the value now stored."""
    sections = []
    for number, (title, fields) in enumerate(form.figure_sections()):
        items = []
        for field in fields:
            compared = _comparison_values(comparisons, field.name)
            shown = form.data if form.is_bound else form.initial
            carry = _carry_note(field.name, shown, closing, monthly=form.model is MonthlyReport)
            described = [f"{field.id_for_label}_error{n}" for n in range(1, len(field.errors) + 1)]
            attrs = field.field.widget.attrs
            if carry is not None:
                described.append(f"{field.id_for_label}_carry")
                attrs["data-carry-received"] = carry["received_id"]
                attrs["data-carry-handled"] = carry["handled_ids"]
                if carry["previous"] is not None:
                    attrs["data-carry-previous"] = carry["previous"]
            if compared or field.outlier:
                described.append(f"{field.id_for_label}_context")
            if described:
                attrs["aria-describedby"] = " ".join(described)
            if field.errors:
                attrs["aria-invalid"] = "true"
            items.append(
                {
                    "field": field,
                    "comparisons": compared,
                    "outlier": field.outlier,
                    "outlier_note": _outlier_note(compared, typical, field.name),
                    "carry": carry,
                    "stored": stored.get(field.name),
                    "changed": field.name in stored,
                }
            )
        sections.append({"title": f"{ROMAN[number]}. {title}", "items": items})
    return sections


def _error_list(form, model) -> list[dict]:
    """Return every error of a bound form for the summary: the form's own errors first, then
    each field's in form order with the id of its input."""
    errors = [{"id": "", "label": "", "message": message} for message in form.non_field_errors()]
    for name in fields_for(model):
        for message in form.errors.get(name, []):
            errors.append(
                {"id": form[name].id_for_label, "label": label(model, name), "message": message}
            )
    return errors


def _filled_count(form, model) -> int:
    """Return how many figure inputs hold something (bound data, else initial values)."""
    filled = 0
    for name in fields_for(model):
        value = form.data.get(name) if form.is_bound else form.initial.get(name)
        filled += value is not None and str(value).strip() != ""
    return filled


def _render_report_page(
    request,
    *,
    model,
    ward,
    report,
    period: dict,
    form=None,
    status: int = 200,
    review: dict | None = None,
):
    """Render a monthly or yearly report page: the form when given, else the saved figures."""
    user = request.user
    today = timezone.localdate()
    editor = allows(user, Action.EDIT, ward)
    month = period.get("month")
    comparisons = report_comparisons(model=model, ward=ward, year=period["year"], month=month)
    typical = (
        monthly_typical_values(ward=ward, year=period["year"], month=month)
        if model is MonthlyReport and report and report.outlier_fields
        else {}
    )
    review = review or {}
    compared = any(entry["values"] for entry in comparisons.values())
    closing = (
        previous_closing(
            ward=ward, year=period["year"], month=month, known=comparisons["previous"]["values"]
        )
        if model is MonthlyReport and (form is not None or report is not None)
        else None
    )
    transitions = list(report.transitions.select_related("actor")) if report else []
    kind = "monthly" if model is MonthlyReport else "yearly"
    chief = allows(user, Action.SUBMIT, ward)
    context = {
        "ward": ward,
        "kind": kind,
        "report": report,
        "form": form,
        "rows": _figures_rows(report, model, comparisons, typical, closing) if report else [],
        "comparisons": comparisons,
        "compared": compared,
        "transitions": transitions,
        "reason_form": ReasonForm(initial={"version": report.version if report else None}),
        # "Lưu và gửi duyệt": the policy's chief, on an editable report, once the period ended
        "submit_button": bool(
            form is not None
            and chief
            and (report is None or report.is_editable)
            and period_has_ended(year=period["year"], month=month, today=today)
        ),
        "report_caps": capabilities(user, report) if report else None,
        "editor": editor,
        "upload_form": UploadForm() if editor and model is MonthlyReport else None,
        "review": review,
        "draft_prefix": f"entry:{user.pk}:{kind}:{ward.code}:{period['year']}:{month or 0}",
        **period,
    }
    if form is not None:
        context["sections"] = _entry_sections(
            form,
            comparisons,
            typical,
            review.get("stored", {}),
            compared=compared,
            closing=closing,
        )
        context["errors"] = _error_list(form, model) if form.is_bound else []
        context["filled"] = _filled_count(form, model)
        context["total"] = len(fields_for(model))
    if model is MonthlyReport:
        context["due"] = report_due_date(period["year"], month)
        first_submitted_at = report.first_submitted_at if report else None
        context["late"] = is_late(
            year=period["year"], month=month, first_submitted_at=first_submitted_at, today=today
        )
        context["deadline"] = report_deadline(
            year=period["year"], month=month, first_submitted_at=first_submitted_at, today=today
        )
    return render(request, "reports/report_page.html", context, status=status)


def _is_repeat_submission(report, form, model) -> bool:
    """Return whether a save-and-submit finds the report already submitted with exactly these
    figures: a second click (or a resent request) of one that went through."""
    if report is None or report.status != ReportStatus.SUBMITTED or not form.is_valid():
        return False
    return all(getattr(report, name) == value for name, value in form.figures().items())


def _report_page(request, *, model, ward, report, period: dict, save):
    """Render (GET) or save (POST) a monthly or yearly report page. The POST's action is "save"
    or "submit" (save and send for review in one transaction, for the ward's chief)."""
    user = request.user
    editor = allows(user, Action.EDIT, ward)
    outliers = getattr(report, "outlier_fields", []) if report else []
    form = None
    status = 200
    if request.method == "POST":
        if not editor:
            raise PermissionDenied
        submit = request.POST.get("action") == "submit"
        if submit and not allows(user, Action.SUBMIT, ward):
            raise PermissionDenied
        form = FiguresForm(request.POST, model=model, outliers=outliers)
        if report and not report.is_editable:
            if submit and _is_repeat_submission(report, form, model):
                messages.info(request, _("Báo cáo đã được gửi duyệt."))
            else:
                messages.error(
                    request, _("Báo cáo đã gửi duyệt hoặc đã được duyệt nên không sửa được.")
                )
            return redirect(request.path)
        if form.is_valid():
            try:
                saved = save(
                    values=form.figures(), version=form.cleaned_data["version"], submit=submit
                )
            except StaleReportError as exc:
                form.add_error(None, exc.message)
                status = 409
            except ReportValidationError as exc:
                for name, errors in exc.errors.items():
                    for error in errors:
                        form.add_error(name if name in form.fields else None, error)
            except ReportError as exc:
                current = model.objects.filter(pk=report.pk).first() if report else None
                if submit and _is_repeat_submission(current, form, model):
                    messages.info(request, _("Báo cáo đã được gửi duyệt."))
                    return redirect(request.path)
                form.add_error(None, exc.message)
            else:
                if submit:
                    messages.success(request, _("Đã lưu và gửi duyệt báo cáo."))
                else:
                    messages.success(request, _("Đã lưu báo cáo."))
                if saved.outlier_fields if model is MonthlyReport else False:
                    messages.warning(
                        request,
                        _("Có số liệu khác xa các tháng trước của phường, xin kiểm tra lại."),
                    )
                return redirect(request.path)
    else:
        if report is not None and allows(user, Action.EDIT, ward):
            notifications_mark_read_for_report(report=report, user=user)
        if editor and (report is None or report.is_editable):
            initial = {name: getattr(report, name) for name in fields_for(model)} if report else {}
            if report is None and model is MonthlyReport:
                # "Tồn kỳ trước" starts from the previous month's closing; the officer may edit it.
                closing = previous_closing(ward=ward, **period)
                initial.update(closing.values if closing else {})
            initial["version"] = report.version if report else 0
            form = FiguresForm(initial=initial, model=model, outliers=outliers)
    return _render_report_page(
        request, model=model, ward=ward, report=report, period=period, form=form, status=status
    )


@login_required
def monthly_report(request, code: str, year: int, month: int):
    """Render or save one ward's monthly report (read-only unless the user may edit it)."""
    ward = get_ward_or_404(request.user, code)
    _check_month(ward, year, month, timezone.localdate())
    report = _monthly_report_of(ward, year, month)

    def save(*, values, version, submit=False):
        service = monthly_report_save_and_submit if submit else monthly_report_save
        return service(
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


def _monthly_report_of(ward, year: int, month: int) -> MonthlyReport | None:
    return (
        MonthlyReport.objects.select_related("ward", "submitted_by", "reviewed_by", "updated_by")
        .filter(ward=ward, year=year, month=month)
        .first()
    )


@login_required
def yearly_report(request, code: str, year: int):
    """Render or save one ward's yearly civility report."""
    ward = get_ward_or_404(request.user, code)
    today = timezone.localdate()
    year_from_path(year, today)
    if not (ward.in_programme and year >= FIRST_REPORT_YEAR and ward.is_valid_in_year(year)):
        raise Http404
    report = (
        YearlyReport.objects.select_related("ward", "submitted_by", "reviewed_by", "updated_by")
        .filter(ward=ward, year=year)
        .first()
    )

    def save(*, values, version, submit=False):
        service = yearly_report_save_and_submit if submit else yearly_report_save
        return service(user=request.user, ward=ward, year=year, values=values, version=version)

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
    return query_int(request.POST.get("version"))


def _ids(values: list[str]) -> list[int]:
    """Return the whole numbers among posted ids (anything else is left out)."""
    return [number for value in values if (number := query_int(value)) is not None]


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
        elif action == "withdraw":
            report_withdraw(user=user, report=report, version=version)
            messages.success(request, _("Đã rút lại báo cáo; báo cáo trở về bản nháp để sửa."))
        elif action == "approve":
            report_approve(user=user, report=report, version=version)
            messages.success(request, _("Đã duyệt báo cáo."))
        elif action in ("return", "reopen"):
            form = ReasonForm(request.POST)
            if not form.is_valid():
                # the policy's answer first, before saying what is wrong with the reason
                action_rule = Action.REVIEW if action == "return" else Action.REOPEN
                if not allows(user, action_rule, report, any_state=True):
                    raise PermissionDenied
                messages.error(request, " ".join(m for ms in form.errors.values() for m in ms))
                return redirect(report_url(report))
            service = report_return if action == "return" else report_reopen
            service(user=user, report=report, reason=form.cleaned_data["reason"], version=version)
            messages.success(
                request,
                _("Đã trả lại báo cáo.") if action == "return" else _("Đã mở lại báo cáo."),
            )
        else:
            raise Http404
    except ReportLockedError as exc:
        # A second click arrives after the first went through: say so, do nothing twice.
        done = ACTION_RESULTS.get(action)
        if done and type(report).objects.filter(pk=report.pk, status=done[0]).exists():
            messages.info(request, done[1])
        else:
            messages.error(request, exc.message)
    except AppError as exc:
        return app_error_response(request, exc, redirect_to=report_url(report))
    return redirect(report_url(report))


# The status an action leaves a report in, and what to say when it is found already there.
ACTION_RESULTS = {
    "submit": (ReportStatus.SUBMITTED, gettext_lazy("Báo cáo đã được gửi duyệt.")),
    "withdraw": (ReportStatus.DRAFT, gettext_lazy("Báo cáo đã được rút lại.")),
    "approve": (ReportStatus.APPROVED, gettext_lazy("Báo cáo đã được duyệt.")),
}


@login_required
def report_history(request, kind: str, pk: int):
    """Render a report's audit history (old → new per field) and its status changes."""
    report = _get_report(request, kind, pk)
    require(request.user, Action.HISTORY, report)
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
    """Render the reports waiting for review. POST with selected reports shows them with their
    warnings to confirm; POST with confirm approves them at once."""
    if request.method == "POST":
        monthly_ids = _ids(request.POST.getlist("monthly"))
        yearly_ids = _ids(request.POST.getlist("yearly"))
        if not monthly_ids and not yearly_ids:
            messages.warning(request, _("Chưa chọn báo cáo nào."))
            return redirect("reports:review")
        if not request.POST.get("confirm"):
            selected = reports_waiting_review(monthly_ids=monthly_ids, yearly_ids=yearly_ids)
            selected["warnings"] = sum(len(r.outlier_fields or []) for r in selected["monthly"])
            return render(request, "reports/review_confirm.html", selected)
        counts = reports_bulk_approve(
            user=request.user, monthly_ids=monthly_ids, yearly_ids=yearly_ids
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
    period = read_period(request, default_year=today.year, today=today)
    year = period.year
    data = completeness_board(year=year, today=today, wards=visible_wards(request.user))
    return render(
        request,
        "reports/board.html",
        {**data, "year": year, "years": period.years, "today": today},
    )


@login_required
def notifications(request):
    """Render the user's notifications; POST marks them read."""
    if request.method == "POST":
        ids = _ids(request.POST.getlist("id")) or None
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
    if not allows(request.user, Action.EDIT, ward):
        raise PermissionDenied
    form = UploadForm(request.POST, request.FILES)
    errors: list[str] = []
    if not form.is_valid():
        errors = [str(e) for e in form.errors.get("file", [])]
    else:
        upload = form.cleaned_data["file"]
        if message := too_large(upload.size):
            errors = [message]
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
            except StaleReportError:
                return _upload_review(request, ward, year, month, values, file_version=version)
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


def _upload_review(request, ward, year: int, month: int, values: dict, *, file_version: int):
    """Show the figures of an out-of-date Excel file in the form, unsaved, beside the values now
    stored, so the user can check them and save (nothing is lost, nothing is overwritten)."""
    report = _monthly_report_of(ward, year, month)
    if report is not None and not report.is_editable:
        return render(
            request,
            "reports/upload_errors.html",
            {
                "ward": ward,
                "year": year,
                "month": month,
                "errors": [_("Báo cáo đã gửi duyệt hoặc đã được duyệt nên không sửa được.")],
            },
            status=400,
        )
    stored = (
        {
            name: getattr(report, name)
            for name in fields_for(MonthlyReport)
            if getattr(report, name) != values.get(name)
        }
        if report
        else {}
    )
    form = FiguresForm(
        initial={**values, "version": report.version if report else 0},
        model=MonthlyReport,
        outliers=report.outlier_fields if report else [],
    )
    return _render_report_page(
        request,
        model=MonthlyReport,
        ward=ward,
        report=report,
        period={"year": year, "month": month},
        form=form,
        status=409,
        review={
            "stored": stored,
            "file_version": file_version,
            "current_version": report.version if report else 0,
        },
    )


def _export_scope(request, year: int):
    """Return (wards, file name suffix) of an export: the user's ward, or all for province
    roles; ?phuong=<code> narrows it to one visible ward. A year the programme cannot show is
    a 404."""
    year_from_path(year)
    wards = visible_wards(request.user)
    code = read_period(request, default_year=year).ward_code
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
