"""Background jobs of the documents app: each takes ids and calls one service."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from documents.models import GeneratedDocument
from documents.services import document_render, documents_purge


@shared_task(acks_late=True, reject_on_worker_lost=True)
def render_document(document_id: int) -> str:
    """Render the generated document with this id; return its final state ('missing' when the
    row no longer exists, so a stale message is dropped instead of retried forever)."""
    try:
        return document_render(document_id=document_id).state
    except GeneratedDocument.DoesNotExist:
        return "missing"


@shared_task
def purge_old_documents() -> int:
    """Delete generated documents finished more than DOCUMENT_RETENTION_DAYS ago (run daily by
    Celery beat); return how many."""
    days = settings.DOCUMENT_RETENTION_DAYS
    return documents_purge(finished_before=timezone.now() - datetime.timedelta(days=days))
