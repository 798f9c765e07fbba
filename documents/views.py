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

from documents.forms import DocumentRequestForm, OfficialCreateForm, OfficialEditForm
from documents.models import (
    DocumentKind,
    DocumentState,
    GeneratedDocument,
    OfficialDocument,
    OfficialKind,
)
from documents.selectors import documents_for_page, documents_visible
from documents.services import (
    document_request,
    document_retry,
    official_create,
    official_finalise,
    official_refresh,
    official_supersede,
    official_update,
)
from wards.access import Action, allows, capabilities, get_ward_or_404, visible_wards

CONTENT_TYPES = {
    DocumentKind.YEAR_WORKBOOK_XLSX: (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ),
    DocumentKind.OFFICIAL_DOCX: (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
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


# --- official documents ------------------------------------------------------------------------


def _official_or_404(request, pk: int) -> OfficialDocument:
    if not allows(request.user, Action.READ_OFFICIAL):
        raise PermissionDenied
    return get_object_or_404(
        OfficialDocument.objects.select_related("issuer", "register_entry", "supersedes"), pk=pk
    )


@login_required
def official_list(request, form: OfficialCreateForm | None = None, status: int = 200):
    """List the official documents (drafts and finalised) and, for reviewers, start one."""
    if not allows(request.user, Action.READ_OFFICIAL):
        raise PermissionDenied
    today = timezone.localdate()
    documents = list(
        OfficialDocument.objects.select_related("issuer", "register_entry").order_by(
            "-created_at", "-pk"
        )[:100]
    )
    return render(
        request,
        "documents/official_list.html",
        {
            "documents": documents,
            "form": form,
            "may_create": allows(request.user, Action.WRITE_OFFICIAL),
            "kinds": OfficialKind.choices,
            "years": list(range(2023, max(today.year, 2030) + 1)),
            "this_year": today.year,
            "months": range(1, 13),
        },
        status=status,
    )


@login_required
@require_POST
def official_create_view(request):
    """Start a draft of the chosen kind from the current data."""
    if not allows(request.user, Action.WRITE_OFFICIAL):
        raise PermissionDenied
    form = OfficialCreateForm(request.POST)
    if not form.is_valid():
        return official_list(request, form, status=400)
    data = form.cleaned_data
    try:
        document = official_create(
            kind=data["kind"], year=data["year"], month=data["month"], user=request.user
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return official_list(request, form, status=400)
    messages.success(request, _("Đã tạo dự thảo: %(doc)s.") % {"doc": document})
    return redirect("documents:official_detail", pk=document.pk)


@login_required
def official_detail(request, pk: int, form: OfficialEditForm | None = None, status: int = 200):
    """Show a document: its text and figures; a draft is edited here by reviewers."""
    document = _official_or_404(request, pk)
    editable = allows(request.user, Action.WRITE_OFFICIAL, document)
    if editable and form is None:
        form = OfficialEditForm(instance=document)
    from documents.official import sheet_for_document

    history = list(document.history.select_related("history_user").order_by("-history_date")[:20])
    return render(
        request,
        "documents/official_detail.html",
        {
            "document": document,
            "sheet": sheet_for_document(document),
            "form": form if editable else None,
            "doc_caps": capabilities(request.user, document),
            "history": history,
        },
        status=status,
    )


@login_required
@require_POST
def official_edit(request, pk: int):
    """Save a draft's edited sections, date, issuer, recipients and signer."""
    document = _official_or_404(request, pk)
    if not allows(request.user, Action.WRITE_OFFICIAL, document):
        raise PermissionDenied
    form = OfficialEditForm(request.POST, instance=OfficialDocument.objects.get(pk=pk))
    if not form.is_valid():
        return official_detail(request, pk, form=form, status=400)
    values = {name: form.cleaned_data[name] for name in OfficialEditForm.Meta.fields}
    try:
        official_update(document=document, user=request.user, **values)
    except ValidationError as exc:
        form.add_error(None, exc)
        return official_detail(request, pk, form=form, status=400)
    messages.success(request, _("Đã lưu dự thảo."))
    return redirect("documents:official_detail", pk=pk)


@login_required
@require_POST
def official_refresh_view(request, pk: int):
    """Read a draft's figures again from the current data."""
    document = _official_or_404(request, pk)
    if not allows(request.user, Action.WRITE_OFFICIAL, document):
        raise PermissionDenied
    official_refresh(document=document, user=request.user)
    messages.success(request, _("Đã cập nhật số liệu của dự thảo."))
    return redirect("documents:official_detail", pk=pk)


@login_required
@require_POST
def official_finalise_view(request, pk: int):
    """Number, lock and store a draft (its PDF and Word files)."""
    document = _official_or_404(request, pk)
    if not allows(request.user, Action.WRITE_OFFICIAL, document):
        raise PermissionDenied
    try:
        document = official_finalise(document=document, user=request.user)
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    else:
        messages.success(
            request, _("Đã ban hành văn bản số %(number)s.") % {"number": document.number_text}
        )
    return redirect("documents:official_detail", pk=pk)


@login_required
@require_POST
def official_supersede_view(request, pk: int):
    """Start a draft replacing a finalised document."""
    document = _official_or_404(request, pk)
    if not allows(request.user, Action.SUPERSEDE_OFFICIAL, document):
        raise PermissionDenied
    draft = official_supersede(document=document, user=request.user)
    messages.success(request, _("Đã tạo dự thảo thay thế."))
    return redirect("documents:official_detail", pk=draft.pk)


@login_required
@require_POST
def official_preview(request, pk: int, fmt: str):
    """Ask for a draft's PDF or Word file (made in the background, with progress); the same
    text and figures give back the file already made."""
    document = _official_or_404(request, pk)
    kind = {"pdf": DocumentKind.OFFICIAL_PDF, "docx": DocumentKind.OFFICIAL_DOCX}.get(fmt)
    if kind is None:
        raise Http404
    job = document_request(kind=kind, year=document.year_to, user=request.user, official=document)
    if job.state == DocumentState.DONE:
        return redirect("documents:download", pk=job.pk)
    if job.queue_error:
        messages.error(request, job.queue_error)
    else:
        messages.success(request, _("Đã gửi yêu cầu lập tài liệu: %(doc)s.") % {"doc": job})
    return redirect("documents:list")


@login_required
def official_file(request, pk: int, fmt: str):
    """Download a finalised document's stored PDF or Word file (404 for a draft)."""
    document = _official_or_404(request, pk)
    field = {"pdf": document.pdf, "docx": document.docx}.get(fmt)
    if field is None or document.is_draft or not field:
        raise Http404
    response = FileResponse(
        field.open("rb"),
        as_attachment=True,
        filename=f"{document.file_stem}.{fmt}",
        content_type=CONTENT_TYPES[DocumentKind.OFFICIAL_DOCX]
        if fmt == "docx"
        else "application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
