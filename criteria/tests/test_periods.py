"""Unfinished and future years: provisional scorecards "Tạm tính đến tháng N/YYYY", and a
future year refused by the form, the service, the task and the command, its pages 404."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from criteria import periods
from criteria.forms import ScoreNowForm
from criteria.models import CriterionResult, JobState, Result, Scorecard, ScoringJob
from criteria.periods import YearNotScorableError, scoring_period
from criteria.services import scorecards_compute, scoring_job_request, ward_year_score
from criteria.tasks import score_year
from criteria.tests.factories import year_of_reports

TODAY = datetime.date(2026, 11, 30)  # October's report was due on 5/11, November's on 5/12


@pytest.fixture
def clock(monkeypatch):
    """Set today to 30/11/2026 (tests may move it with clock(date))."""

    def move(day: datetime.date) -> None:
        monkeypatch.setattr(periods, "today", lambda: day)

    move(TODAY)
    return move


# --- which months a year is scored over ---------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "on", "through"),
    [
        (2026, datetime.date(2026, 11, 30), 10),
        (2026, datetime.date(2026, 12, 5), 10),  # November still due that day
        (2026, datetime.date(2026, 12, 6), 11),
        (2026, datetime.date(2027, 1, 5), 11),  # December due on 5/1/2027
        (2026, datetime.date(2027, 1, 6), None),  # complete
        (2025, datetime.date(2026, 11, 30), None),
        (2026, datetime.date(2026, 2, 6), 1),
    ],
)
def test_scoring_period_runs_to_the_last_month_already_due(year, on, through):
    period = scoring_period(year, on)
    assert period.through_month == through
    assert period.provisional is (through is not None)
    assert period.label == (f"Tạm tính đến tháng {through}/{year}" if through else "")


def test_a_future_year_cannot_be_scored():
    with pytest.raises(YearNotScorableError, match="Năm 2027 chưa đến"):
        scoring_period(2027, TODAY)


def test_a_year_with_no_month_due_yet_cannot_be_scored():
    with pytest.raises(YearNotScorableError, match="chưa có tháng nào đến hạn báo cáo"):
        scoring_period(2027, datetime.date(2027, 2, 5))


# --- provisional scoring of the current year -----------------------------------------------------


def test_current_year_is_scored_provisionally_over_the_months_due(clock, ward_a, criteria_2023):
    year_of_reports(ward_a, 2026, range(1, 11))  # January-October approved, on time
    card = ward_year_score(ward=ward_a, year=2026)
    assert card.provisional_month == 10
    assert card.is_provisional
    assert card.provisional_label == "Tạm tính đến tháng 10/2026"
    assert card.is_model_ward is False
    assert card.data_summary["expected_months"] == list(range(1, 11))
    assert card.data_summary["missing_months"] == []  # November is not due yet: not missing
    got = {
        r.criterion.number: r
        for r in CriterionResult.objects.filter(ward=ward_a, year=2026).select_related("criterion")
    }
    assert got[6].result == Result.MET  # no fire, no racing from January to October
    assert got[21].result == Result.MET
    assert got[21].measured_text == "10/10"


def test_a_month_approved_before_it_was_due_extends_the_provisional_period(
    clock, ward_a, criteria_2023
):
    year_of_reports(ward_a, 2026, range(1, 12))
    assert ward_year_score(ward=ward_a, year=2026).provisional_month == 11


def test_a_complete_year_is_final(clock, ward_a, criteria_2023):
    year_of_reports(ward_a, 2025)
    card = ward_year_score(ward=ward_a, year=2025)
    assert card.provisional_month is None
    assert card.provisional_label == ""
    clock(datetime.date(2027, 1, 6))
    year_of_reports(ward_a, 2026, range(1, 11))
    card = ward_year_score(ward=ward_a, year=2026)
    assert card.provisional_month is None  # now November and December are missing months
    assert card.data_summary["missing_months"] == [11, 12]


def test_a_ward_formed_after_the_provisional_period_is_not_scored(clock, db, criteria_2023):
    from wards.tests.factories import WardFactory

    WardFactory(code="early", valid_from=datetime.date(2026, 10, 20))
    WardFactory(code="late", valid_from=datetime.date(2026, 11, 1))
    scorecards_compute(year=2026)
    assert set(Scorecard.objects.values_list("ward__code", flat=True)) == {"early"}


def test_command_scores_the_current_year_provisionally(clock, ward_a, criteria_2023, capsys):
    call_command("score_year", "2026")
    out = capsys.readouterr().out
    assert "Tạm tính đến tháng 10/2026: năm 2026 chưa kết thúc, kết quả là tạm tính." in out
    assert "kiểu mẫu: chưa kết luận (Tạm tính đến tháng 10/2026)" in out


# --- a future year is refused everywhere ---------------------------------------------------------


def test_form_refuses_a_future_year(clock):
    form = ScoreNowForm({"year": 2027})
    assert not form.is_valid()
    assert "Năm 2027 chưa đến" in form.errors["year"][0]
    assert ScoreNowForm({"year": 2026}).is_valid()


def test_score_now_refuses_a_future_year_with_a_message(clock, reviewer_client, criteria_2023):
    response = reviewer_client.post(reverse("criteria:score_now"), {"year": 2027})
    assert response.status_code == 302
    assert not ScoringJob.objects.exists()
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Năm 2027 chưa đến" in text for text in texts)


def test_service_refuses_a_future_year(clock, reviewer, criteria_2023):
    with pytest.raises(ValidationError, match="Năm 2027 chưa đến"):
        scoring_job_request(year=2027, user=reviewer)
    with pytest.raises(YearNotScorableError):
        scorecards_compute(year=2027)
    assert not ScoringJob.objects.exists()


def test_task_refuses_a_future_year_job(clock, ward_a, criteria_2023, eager_celery):
    job = ScoringJob.objects.create(year=2027)
    assert score_year.delay(job.pk).get() == JobState.FAILED
    job.refresh_from_db()
    assert job.error.startswith("Năm 2027 chưa đến")
    assert not Scorecard.objects.exists()


def test_command_refuses_a_future_year(clock, criteria_2023):
    with pytest.raises(CommandError, match="Năm 2027 chưa đến"):
        call_command("score_year", "2027")
    assert not Scorecard.objects.exists()


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("criteria:matrix", {"year": 2027}),
        ("criteria:scorecard", {"year": 2027, "code": "ward-a"}),
        ("criteria:criterion", {"year": 2027, "code": "ward-a", "number": 1}),
    ],
)
def test_pages_of_a_future_year_answer_404(
    clock, reviewer_client, ward_a, criteria_2023, name, kwargs
):
    assert reviewer_client.get(reverse(name, kwargs=kwargs)).status_code == 404


# --- provisional scorecards as shown -------------------------------------------------------------


def test_pages_mark_a_provisional_year(clock, reviewer_client, ward_a, criteria_2023):
    year_of_reports(ward_a, 2026, range(1, 11))
    scorecards_compute(year=2026)
    matrix = reviewer_client.get(reverse("criteria:matrix", kwargs={"year": 2026}))
    html = matrix.content.decode()
    assert "Tạm tính đến tháng 10/2026" in html
    assert "(tạm tính)" in html
    assert "Chưa đạt" not in html
    assert reverse("criteria:matrix", kwargs={"year": 2027}) not in html  # no future year link
    card = reviewer_client.get(
        reverse("criteria:scorecard", kwargs={"year": 2026, "code": ward_a.code})
    ).content.decode()
    assert "Tạm tính đến tháng 10/2026" in card
    assert "Chưa đạt kiểu mẫu" not in card
    assert reverse("criteria:scorecard", kwargs={"year": 2027, "code": ward_a.code}) not in card
    home = reviewer_client.get(reverse("home")).content.decode()
    assert "Tạm tính đến tháng 10/2026" in home
    assert "Chưa đạt" not in home
