"""Celery: Redis when REDIS_URL (or CELERY_BROKER_URL) is set, eager in-process otherwise; the
periodic tasks run by django-celery-beat's DatabaseScheduler."""

from __future__ import annotations

from celery.schedules import crontab

from config.env import check_redis_url, env_bool, env_int, env_str
from config.settings.components.cache import REDIS_URL
from config.settings.components.i18n import TIME_ZONE

_broker_url = env_str("CELERY_BROKER_URL", REDIS_URL)
if _broker_url:
    check_redis_url("CELERY_BROKER_URL", _broker_url)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not _broker_url)
CELERY_BROKER_URL = _broker_url or "memory://"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Seconds before Redis hands an unacknowledged task (its worker died) to another worker.
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600, minimum=1),
    "socket_connect_timeout": 2,
}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    # Daily reminders for monthly reports that are due or late.
    "report-reminders": {
        "task": "reports.tasks.send_report_reminders",
        "schedule": crontab(hour=7, minute=30),
    },
    # Each 15 January, score the year just ended.
    "criteria-score-previous-year": {
        "task": "criteria.tasks.score_previous_year",
        "schedule": crontab(minute=0, hour=2, day_of_month=15, month_of_year=1),
    },
    # Scoring jobs that could not reach the queue (Redis down) are sent again every 5 minutes.
    "criteria-requeue-waiting-jobs": {
        "task": "criteria.tasks.requeue_waiting_jobs",
        "schedule": crontab(minute="*/5"),
    },
    # Generated documents older than DOCUMENT_RETENTION_DAYS are deleted with their files.
    "reports-purge-old-documents": {  # key kept: the beat row is updated in place
        "task": "documents.tasks.purge_old_documents",
        "schedule": crontab(hour=3, minute=15),
    },
}
