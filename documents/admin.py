from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from config.admin import NoAddOrChangeMixin, ReadOnlyMixin
from config.forms import BoundedModelForm
from documents.models import DocumentNumber, GeneratedDocument, OfficialDocument


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(NoAddOrChangeMixin, admin.ModelAdmin):
    """Generated documents are written by the document services: view and delete only."""

    form = BoundedModelForm

    list_display = ["created_at", "kind", "year", "month", "ward", "state", "progress"]
    list_filter = ["kind", "state", "year"]
    list_select_related = ["ward", "requested_by"]


@admin.register(OfficialDocument)
class OfficialDocumentAdmin(NoAddOrChangeMixin, SimpleHistoryAdmin):
    """Official documents are written through their pages (drafts, finalising): view only."""

    list_display = ["created_at", "kind", "year_from", "year_to", "month", "state", "issuer"]
    list_filter = ["kind", "state", "issuer"]
    list_select_related = ["issuer"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DocumentNumber)
class DocumentNumberAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The numbering register: read only, never deleted (numbers are never reused)."""

    list_display = ["issuer", "year", "number", "document", "assigned_at"]
    list_filter = ["issuer", "year"]
