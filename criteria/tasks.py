"""Celery tasks for scoring: they take ids and call one service."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from criteria.services import scoring_job_run, scoring_jobs_requeue


@shared_task(acks_late=True, reject_on_worker_lost=True)
def score_year(job_id: int) -> str:
    """Run the scoring job with this id; return its final state."""
    return scoring_job_run(job_id=job_id).state


@shared_task(acks_late=True, reject_on_worker_lost=True)
def score_previous_year() -> int:
    """Create and run a scoring job for last year (the 15 January schedule); return its id."""
    from criteria.models import ScoringJob

    job = ScoringJob.objects.create(year=timezone.localdate().year - 1)
    scoring_job_run(job_id=job.pk)
    return job.pk


@shared_task
def requeue_waiting_jobs() -> int:
    """Send the scoring jobs that could not reach the queue when asked; return how many."""
    return scoring_jobs_requeue()
