"""Document pages: ask for a PDF/Excel report, follow its progress, download it, retry it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from documents.forms import DocumentRequestForm
from documents.models import DocumentKind, DocumentState, GeneratedDocument
from documents.selectors import documents_for_page, documents_visible
from documents.services import document_request, document_retry
from wards.access import get_ward_or_404, visible_wards

CONTENT_TYPES = {
    DocumentKind.YEAR_WORKBOOK_XLSX: (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ),
}


def _status(document: GeneratedDocument) -> dict:
    """Return what the progress script needs to redraw a document's row."""
    return {
        "id": document.pk,
        "state": document.state,
        "state_label": str(document.get_state_display()),
        "progress": document.progress,
        "error": document.error,
        "queue_error": document.queue_error,
        "download_url": reverse("documents:download", kwargs={"pk": document.pk})
        if document.state == DocumentState.DONE
        else "",
    }


def _page(request, form: DocumentRequestForm | None = None, status: int = 200):
    user = request.user
    today = timezone.localdate()
    if user.is_province_role:
        order = [
            DocumentKind.PROGRESS_REPORT_PDF,
            DocumentKind.YEAR_WORKBOOK_XLSX,
            DocumentKind.WARD_SCORECARD_PDF,
        ]
    else:
        order = [DocumentKind.WARD_SCORECARD_PDF]
    kinds = [(kind.value, kind.label) for kind in order]
    documents = documents_for_page(user)
    return render(
        request,
        "documents/list.html",
        {
            "documents": documents,
            "active": any(d.is_active for d in documents),
            "kinds": kinds,
            "wards": list(visible_wards(user).filter(in_programme=True).order_by("sort_name")),
            "years": list(range(2023, today.year + 1)),
            "this_year": today.year,
            "months": range(1, 13),
            "form": form,
        },
        status=status,
    )


@login_required
def document_list(request):
    """Render the documents the user asked for (and may download), with their progress."""
    return _page(request)


@login_required
@require_POST
def document_request_view(request):
    """Ask for a document; the same document already queued or running is reused."""
    form = DocumentRequestForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    data = form.cleaned_data
    ward = None
    if data["ward"]:
        ward = get_ward_or_404(request.user, data["ward"])
    elif data["kind"] == DocumentKind.WARD_SCORECARD_PDF and request.user.is_ward_role:
        ward = request.user.ward
    try:
        document = document_request(
            kind=data["kind"], year=data["year"], month=data["month"], ward=ward, user=request.user
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return _page(request, form, status=400)
    except PermissionDenied:
        raise
    if document.queue_error:
        messages.error(request, document.queue_error)
    elif document.requested_by_id != request.user.pk:
        messages.info(request, _("Tài liệu này đang được tạo theo yêu cầu trước; không tạo lại."))
    else:
        messages.success(
            request, _("Đã nhận yêu cầu, tài liệu đang được tạo: %(doc)s.") % {"doc": document}
        )
    return redirect("documents:list")


def _document_or_404(request, pk: int) -> GeneratedDocument:
    return get_object_or_404(documents_visible(request.user), pk=pk)


@login_required
def document_status(request, pk: int):
    """Return a document's state and progress as JSON (polled by static/js/documents.js)."""
    return JsonResponse(_status(_document_or_404(request, pk)))


@login_required
def document_download(request, pk: int):
    """Stream a finished document to a user who may see its data (404 otherwise)."""
    document = _document_or_404(request, pk)
    if document.state != DocumentState.DONE or not document.file:
        raise Http404
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.download_name,
        content_type=CONTENT_TYPES.get(document.kind, "application/pdf"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def document_retry_view(request, pk: int):
    """Queue a failed document again (or resend one the queue never received)."""
    document = _document_or_404(request, pk)
    try:
        document = document_retry(document=document, user=request.user)
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    else:
        if document.queue_error:
            messages.error(request, document.queue_error)
        else:
            messages.success(
                request, _("Đã gửi lại yêu cầu tạo tài liệu: %(doc)s.") % {"doc": document}
            )
    return redirect("documents:list")
