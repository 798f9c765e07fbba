from django.contrib import admin

from config.admin import NoAddOrChangeMixin
from config.forms import BoundedModelForm
from documents.models import GeneratedDocument


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(NoAddOrChangeMixin, admin.ModelAdmin):
    """Generated documents are written by the document services: view and delete only."""

    form = BoundedModelForm

    list_display = ["created_at", "kind", "year", "month", "ward", "state", "progress"]
    list_filter = ["kind", "state", "year"]
    list_select_related = ["ward", "requested_by"]
