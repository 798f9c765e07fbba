"""Score a year for every programme ward now (the same service the Celery task runs)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from criteria.models import JobState, Scorecard, ScoringJob
from criteria.periods import YearNotScorableError, scoring_period
from criteria.selectors import criteria_set_for_year
from criteria.services import scoring_job_run


class Command(BaseCommand):
    help = "Đánh giá tiêu chí của một năm cho mọi phường và in kết quả."

    def add_arguments(self, parser):
        parser.add_argument(
            "years", type=int, nargs="+", metavar="YEAR", help="Năm cần đánh giá (ví dụ 2023 2024)."
        )

    def handle(self, *args, years: list[int], **options):
        for year in years:
            self.score(year)

    def score(self, year: int) -> None:
        """Score one year through a job and print each ward's scorecard (an unfinished year
        provisionally; a future year is refused)."""
        try:
            period = scoring_period(year)
        except YearNotScorableError as exc:
            raise CommandError(str(exc)) from exc
        criteria_set = criteria_set_for_year(year)
        if criteria_set is None:
            raise CommandError(f"Chưa có bộ tiêu chí áp dụng cho năm {year}.")
        job = scoring_job_run(job_id=ScoringJob.objects.create(year=year).pk)
        if job.state != JobState.DONE:
            raise CommandError(f"Đánh giá tiêu chí năm {year} lỗi: {job.error}")
        self.stdout.write(f"Năm {year} — {criteria_set}")
        if period.provisional:
            self.stdout.write(f"{period.label}: năm {year} chưa kết thúc, kết quả là tạm tính.")
        scorecards = Scorecard.objects.filter(year=year).select_related("ward")
        for card in scorecards.order_by("ward__sort_name", "ward__valid_from"):
            model = "có" if card.is_model_ward else "không"
            if card.is_provisional:
                model = f"chưa kết luận ({card.provisional_label})"
            self.stdout.write(
                f"{card.ward.display_name}: đạt {card.met_count}/{card.in_force_count}, "
                f"không đạt {card.not_met_count}, chưa đánh giá được "
                f"{card.not_assessable_count} — kiểu mẫu: {model}"
            )
        self.stdout.write(self.style.SUCCESS(f"Đã đánh giá {scorecards.count()} phường."))
