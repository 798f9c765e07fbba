import pytest

from criteria.langson import load_criteria


@pytest.fixture
def criteria_2023(db):
    """Load the 22 criteria of the provisional set (in force from 2023)."""
    load_criteria()
    from criteria.models import CriteriaSet

    return CriteriaSet.objects.get(version=1)


@pytest.fixture
def eager_celery():
    """Run Celery tasks in-process even when a broker is configured (REDIS_URL set)."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield app
    app.conf.task_always_eager = previous
