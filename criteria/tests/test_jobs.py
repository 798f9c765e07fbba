"""Scoring jobs: enqueued after commit, run by the Celery task (eager), the command, the beat."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from criteria import services
from criteria.models import JobState, Scorecard, ScoringJob
from criteria.services import scoring_job_request, scoring_job_run
from criteria.tasks import score_previous_year, score_year
from criteria.tests.factories import YearlyReportFactory, year_of_reports

pytestmark = pytest.mark.django_db


def test_score_now_enqueues_only_after_commit_and_the_task_scores(
    ward_a, reviewer, criteria_2023, django_capture_on_commit_callbacks, eager_celery
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = scoring_job_request(year=2023, user=reviewer)
    assert job.state == JobState.QUEUED
    assert not Scorecard.objects.exists()  # nothing ran inside the transaction
    assert len(callbacks) == 1
    callbacks[0]()  # the commit happens: the (eager) task runs
    job.refresh_from_db()
    assert job.state == JobState.DONE
    assert (job.wards_done, job.wards_total) == (1, 1)
    assert job.finished_at is not None
    assert Scorecard.objects.get(ward=ward_a, year=2023).in_force_count == 22


def test_task_is_late_acknowledged_and_rejected_on_worker_loss():
    assert score_year.acks_late is True
    assert score_year.reject_on_worker_lost is True
    assert settings.CELERY_TASK_ACKS_LATE is True


def test_task_run_again_after_a_lost_worker_gives_the_same_rows(
    ward_a, criteria_2023, eager_celery
):
    job = ScoringJob.objects.create(year=2023, state=JobState.RUNNING)  # worker was killed
    assert score_year.delay(job.pk).get() == JobState.DONE
    rows = list(Scorecard.objects.values_list("pk", "met_count", "computed_at"))
    job.state = JobState.RUNNING
    job.save()
    assert score_year.delay(job.pk).get() == JobState.DONE
    assert list(Scorecard.objects.values_list("pk", "met_count", "computed_at")) == rows


def test_a_done_job_is_not_run_twice(ward_a, criteria_2023, monkeypatch):
    job = ScoringJob.objects.create(year=2023, state=JobState.DONE)
    monkeypatch.setattr(services, "scorecards_compute", pytest.fail)
    assert scoring_job_run(job_id=job.pk).state == JobState.DONE


def test_failed_job_records_why(ward_a, criteria_2023, monkeypatch):
    def boom(**kwargs):
        raise RuntimeError("Mất kết nối cơ sở dữ liệu")

    monkeypatch.setattr(services, "scorecards_compute", boom)
    job = scoring_job_run(job_id=ScoringJob.objects.create(year=2023).pk)
    assert job.state == JobState.FAILED
    assert job.error == "Mất kết nối cơ sở dữ liệu"


def test_only_reviewers_may_ask_for_scoring(chief_a, committee, criteria_2023):
    for user in (chief_a, committee):
        with pytest.raises(PermissionDenied):
            scoring_job_request(year=2023, user=user)
    assert not ScoringJob.objects.exists()


def test_scoring_a_year_without_criteria_is_refused(reviewer, criteria_2023):
    with pytest.raises(ValidationError):
        scoring_job_request(year=2022, user=reviewer)


def test_beat_schedule_scores_the_previous_year_on_15_january():
    entry = settings.CELERY_BEAT_SCHEDULE["criteria-score-previous-year"]
    assert entry["task"] == "criteria.tasks.score_previous_year"
    schedule = entry["schedule"]
    assert schedule.day_of_month == {15}
    assert schedule.month_of_year == {1}


def test_previous_year_task_scores_last_year(ward_a, criteria_2023, monkeypatch, eager_celery):
    import datetime

    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda: datetime.date(2024, 1, 15))
    job = ScoringJob.objects.get(pk=score_previous_year.delay().get())
    assert (job.year, job.state) == (2023, JobState.DONE)


def test_command_scores_and_prints_the_scorecards(ward_a, ward_b, reviewer, criteria_2023):
    year_of_reports(ward_a, 2023)
    YearlyReportFactory(ward=ward_a, year=2023)
    out = io.StringIO()
    call_command("score_year", "2023", stdout=out)
    text = out.getvalue()
    card = Scorecard.objects.get(ward=ward_a, year=2023)
    assert (
        f"Phường Phường A: đạt {card.met_count}/22, không đạt {card.not_met_count}, "
        f"chưa đánh giá được {card.not_assessable_count} — kiểu mẫu: không"
    ) in text
    assert "Phường Phường B: đạt" in text
    assert "Đã đánh giá 2 phường." in text
    assert ScoringJob.objects.get().state == JobState.DONE


def test_command_refuses_a_year_without_criteria(db):
    with pytest.raises(CommandError, match="Chưa có bộ tiêu chí"):
        call_command("score_year", "2023", stdout=io.StringIO())


def test_command_scores_several_years_in_one_call(ward_a, criteria_2023):
    year_of_reports(ward_a, 2023)
    year_of_reports(ward_a, 2024)
    out = io.StringIO()
    call_command("score_year", "2023", "2024", stdout=out)
    assert set(Scorecard.objects.values_list("year", flat=True)) == {2023, 2024}
    assert "Năm 2023 —" in out.getvalue() and "Năm 2024 —" in out.getvalue()
    assert ScoringJob.objects.filter(state=JobState.DONE).count() == 2
