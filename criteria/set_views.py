"""Criteria-set versions for administrators: list, Excel template, import, activation, compare."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.errors import AppError
from config.excel import XLSX_CONTENT_TYPE
from config.excel_upload import too_large
from criteria.excel import criteria_set_workbook
from criteria.forms import CriteriaSetCompareForm, CriteriaSetImportForm
from criteria.labels import REFERENCE_SET_LABEL
from criteria.models import CriteriaSet
from criteria.set_selectors import criteria_set_current, criteria_sets_all, criteria_sets_compare
from criteria.set_services import criteria_set_activate, criteria_set_import
from wards.access import reviewer_required


@reviewer_required
def set_list(request):
    """List the versions (draft or active), with the import, template and compare links."""
    sets = list(criteria_sets_all())
    current = criteria_set_current()
    drafts = [s for s in sets if not s.is_active]
    compare = None
    if current and len(sets) > 1:
        other = drafts[0] if drafts else next(s for s in sets if s.pk != current.pk)
        pair = sorted([current, other], key=lambda s: s.version)
        compare = {"a": pair[0].version, "b": pair[1].version}
    return render(
        request,
        "criteria/sets.html",
        {"sets": sets, "current": current, "compare": compare, "label": REFERENCE_SET_LABEL},
    )


@reviewer_required
def set_excel(request, version: int):
    """Download a version's criteria as the Excel import template."""
    criteria_set = get_object_or_404(CriteriaSet, version=version)
    response = HttpResponse(criteria_set_workbook(criteria_set), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="bo-tieu-chi-phien-ban-{criteria_set.version}.xlsx"'
    )
    return response


@reviewer_required
def set_import(request):
    """Upload a new version from Excel: checked whole, stored as a draft, or refused whole."""
    current = criteria_set_current()
    errors: list[str] = []
    if request.method == "POST":
        form = CriteriaSetImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if message := too_large(upload.size):
                errors = [message]
            else:
                try:
                    new_set = criteria_set_import(
                        data=upload.read(),
                        name=form.cleaned_data["name"],
                        effective_year=form.cleaned_data["effective_year"],
                        notes=form.cleaned_data["notes"],
                        user=request.user,
                    )
                except AppError as exc:
                    errors = exc.messages()
                else:
                    messages.success(
                        request,
                        _(
                            "Đã nhập phiên bản %(v)s (%(n)s tiêu chí) dưới dạng bản nháp; kiểm tra "
                            "bảng so sánh rồi kích hoạt để áp dụng."
                        )
                        % {"v": new_set.version, "n": new_set.criteria.count()},
                    )
                    base = current.version if current else new_set.version
                    url = reverse("criteria:set_compare")
                    return redirect(f"{url}?a={base}&b={new_set.version}")
    else:
        initial = {}
        if current:
            initial = {
                "name": current.name,
                "effective_year": max(current.effective_year, timezone.localdate().year) + 1,
            }
        form = CriteriaSetImportForm(initial=initial)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "criteria/set_import.html",
        {"form": form, "errors": errors, "current": current},
        status=status,
    )


@reviewer_required
@require_POST
def set_activate(request, version: int):
    """Put a draft version in force from its effective year."""
    criteria_set = get_object_or_404(CriteriaSet, version=version)
    try:
        criteria_set_activate(criteria_set=criteria_set, user=request.user)
    except AppError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _(
                "Đã kích hoạt phiên bản %(v)s: từ năm %(year)s, mỗi lần đánh giá tiêu chí dùng "
                "phiên bản này; kết quả các năm trước giữ nguyên. Chạy “Đánh giá ngay” để tính "
                "lại các năm từ %(year)s đã có kết quả."
            )
            % {"v": criteria_set.version, "year": criteria_set.effective_year},
        )
    return redirect("criteria:sets")


@reviewer_required
def set_compare(request):
    """Show two versions side by side (?a=<version>&b=<version>)."""
    queryset = CriteriaSet.objects.order_by("-version")
    form = CriteriaSetCompareForm(request.GET or None, queryset=queryset)
    context = {"form": form}
    if request.GET:
        if not form.is_valid():
            raise Http404
        context.update(criteria_sets_compare(form.cleaned_data["a"], form.cleaned_data["b"]))
    return render(request, "criteria/set_compare.html", context)
