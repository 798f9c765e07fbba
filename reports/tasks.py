"""Background jobs of the reports app: each calls one service."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone

from reports.services import notification_emails_send, report_reminders_send


@shared_task
def send_report_reminders() -> dict[str, int]:
    """Send today's due and late reminders for monthly reports (run daily by Celery beat)."""
    return report_reminders_send(today=timezone.localdate())


@shared_task
def send_notification_emails(notification_ids: list[int]) -> int:
    """E-mail the given notifications to their recipients."""
    return notification_emails_send(notification_ids=notification_ids)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def render_document(document_id: int) -> str:
    """Render the generated document with this id; return its final state ('missing' when the
    row no longer exists, so a stale message is dropped instead of retried forever)."""
    from reports.documents.services import document_render
    from reports.models import GeneratedDocument

    try:
        return document_render(document_id=document_id).state
    except GeneratedDocument.DoesNotExist:
        return "missing"


@shared_task
def purge_old_documents() -> int:
    """Delete generated documents finished more than DOCUMENT_RETENTION_DAYS ago (run daily by
    Celery beat); return how many."""
    from django.conf import settings

    from reports.documents.services import documents_purge

    days = settings.DOCUMENT_RETENTION_DAYS
    return documents_purge(finished_before=timezone.now() - datetime.timedelta(days=days))
