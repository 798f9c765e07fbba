"""Background jobs of the reports app: each calls one service."""

from __future__ import annotations

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
