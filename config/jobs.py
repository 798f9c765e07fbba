"""What the background jobs (scoring jobs, generated documents) share: how a failure is noted."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone


def jobs_mark_failed(jobs: QuerySet, *, state: str, error: BaseException) -> int:
    """Set the jobs to the failed state with the error's text (or its type) and now as their
    finishing time; return how many rows changed."""
    return jobs.update(
        state=state,
        error=str(error) or error.__class__.__name__,
        finished_at=timezone.now(),
    )
