"""A real Celery worker scores a year from the Redis queue (only with PostgreSQL and Redis)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from criteria.models import JobState, Scorecard, ScoringJob
from criteria.services import scoring_job_request

REAL_SERVICES = bool(os.environ.get("REDIS_URL")) and os.environ.get("DATABASE_URL", "").startswith(
    "postgres"
)


@pytest.mark.services
@pytest.mark.skipif(not REAL_SERVICES, reason="needs DATABASE_URL (PostgreSQL) and REDIS_URL")
@pytest.mark.django_db(transaction=True)
def test_a_worker_picks_the_job_from_redis_after_commit(ward_a, reviewer, criteria_2023):
    from django.db import connection

    # The worker connects to the test database, where this test's rows are committed.
    test_database = connection.settings_dict["NAME"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": urlsplit(os.environ["DATABASE_URL"])
        ._replace(path=f"/{test_database}")
        .geturl(),
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=WARNING",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        job = scoring_job_request(year=2023, user=reviewer)  # commits: autocommit test
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.state in {JobState.DONE, JobState.FAILED}:
                break
            time.sleep(0.5)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    assert job.state == JobState.DONE, job.error
    assert ScoringJob.objects.get().wards_done == 1
    assert Scorecard.objects.get(ward=ward_a, year=2023).in_force_count == 22
