"""A real Celery worker scores a year from the Redis queue (only with PostgreSQL and Redis)."""

from __future__ import annotations

import os

import pytest

from criteria.models import JobState, Scorecard, ScoringJob
from criteria.services import scoring_job_request
from tests import processes


@pytest.mark.services("postgres", "redis")
@pytest.mark.django_db(transaction=True)
def test_a_worker_picks_the_job_from_redis_after_commit(ward_a, reviewer, criteria_2023):
    # The worker connects to the test database, where this test's rows are committed.
    env = processes.django_env(
        DATABASE_URL=processes.test_database_url(), REDIS_URL=os.environ["REDIS_URL"]
    )
    worker = processes.start_worker(env)
    try:
        job = scoring_job_request(year=2023, user=reviewer)  # commits: autocommit test
        processes.wait_until_finished(job, timeout=60)
    finally:
        processes.stop_process(worker)
    assert job.state == JobState.DONE, job.error
    assert ScoringJob.objects.get().wards_done == 1
    assert Scorecard.objects.get(ward=ward_a, year=2023).in_force_count == 22
