"""The demo story: reviewers' decisions with evidence for past years, so that `make run` shows a
plausible trajectory. Chi Lăng, whose target year is 2023 in the Đề án, meets every criterion
that year; the other wards gain a manual criterion a year and have their officers rated.

Everything here is demo data and says so: notes and evidence descriptions start with "Dữ liệu
mẫu", added officers and inventories are named so, the monthly and yearly reports changed are the
demo ones (is_demo), and the 2022 figures the Đề án does not give are added to Chi Lăng's baseline
under the source "Đề án; số liệu còn thiếu bổ sung bằng dữ liệu mẫu". Idempotent (what exists is
kept), refused under production settings, run after the demo reports (order 70).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone
from simple_history.utils import update_change_reason

from criteria.models import Criterion, Decision, EvidenceFile, ManualDecision
from criteria.selectors import criteria_set_for_year
from facilities.models import (
    Education,
    EquipmentCount,
    EquipmentKind,
    Officer,
    OfficerRating,
    Rating,
    Team,
)
from reports.models import BaselineSource, BaselineTotals, MonthlyReport, YearlyReport
from wards.langson import register_loader
from wards.models import Role, User, Ward

DEMO = "Dữ liệu mẫu"
STORY_WARD = "chi-lang"
STORY_YEAR = 2023  # Chi Lăng's target year in the Đề án
# The order in which a ward earns its manual criteria, one more each year of the programme.
MANUAL_ORDER = (2, 3, 1, 14)
# The 2022 figures the Đề án does not give for Chi Lăng (year-on-year criteria 9, 10, 12, 13).
BASELINE_FILL = {
    "social_order_crimes": 12,
    "hot_spots": 2,
    "drug_addicts": 25,
    "fugitives_caught_or_surrendered": 3,
}
# Officers added to Chi Lăng's roster on 01/01/2023 (headcount 15, every team ≥ 3).
EXTRA_OFFICERS = [
    (13, Team.CRIME_PREVENTION, Education.UNIVERSITY),
    (14, Team.CSKV, Education.UNIVERSITY),
    (15, Team.OTHER, Education.COLLEGE),
]
EQUIPMENT_DAY = datetime.date(2023, 12, 1)
EQUIPMENT = {
    EquipmentKind.DESKTOP: 15,
    EquipmentKind.PRINTER: 15,
    EquipmentKind.LAPTOP: 3,
    EquipmentKind.PHOTOCOPIER: 2,
    EquipmentKind.SCANNER: 2,
    EquipmentKind.MOTORBIKE: 2,
    EquipmentKind.SMARTPHONE: 7,
}
# A one-page PDF (blank): the demo evidence file.
EVIDENCE_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _story_months(ward: Ward, year: int) -> None:
    """Make the ward's demo monthly reports of the year meet every monthly target."""
    reports = MonthlyReport.objects.filter(ward=ward, year=year, is_demo=True)
    reports.update(
        serious_resident_crimes=0,
        hot_spots=0,
        new_hot_spots=0,
        drug_addicts=20,
        new_drug_addicts=0,
        reoffenders=0,
        large_economic_cases=0,
        violent_organised_crime=0,
        mass_complaints=0,
        serious_fires=0,
        illegal_racing=0,
        managed_subjects_supervised=F("managed_subjects"),
        crime_reports_handled=F("crime_reports_received"),
        feedback_resolved=F("feedback_received"),
        procedures_late=0,
        procedures_on_time=F("procedures_received"),
        procedures_early=F("procedures_received") * 15 / 100,
        officer_complaints_substantiated=0,
        fugitives_surrendered=0,
    )
    for report in reports:
        odd = report.month % 2
        report.social_order_crimes = odd  # 6 in the year, against 12 in 2022
        report.criminal_cases = max(report.criminal_cases, odd)
        report.fugitives_caught = odd  # 6 in the year, against 3 in 2022
        report.save(update_fields=["social_order_crimes", "criminal_cases", "fugitives_caught"])


def _story_year(ward: Ward, year: int) -> None:
    """Make the ward's demo yearly report meet every yearly target."""
    YearlyReport.objects.filter(ward=ward, year=year, is_demo=True).update(
        cultured_residential_groups=F("residential_groups"),
        groups_with_convention=F("residential_groups"),
        roadside_pledged_households=F("roadside_households"),
        compliant_businesses=F("businesses"),
        safe_units=F("safety_units"),
        self_managed_models_good=3,
        dan_van_kheo_models=1,
        commendations=4,
        civil_defence_breaches=0,
        procedures_published=F("procedures_total"),
    )


def _story_baseline(ward: Ward) -> int:
    """Add the 2022 figures the Đề án does not give (only where empty)."""
    row = BaselineTotals.objects.filter(ward=ward, year=STORY_YEAR - 1).first()
    if row is None:
        return 0
    empty = {k: v for k, v in BASELINE_FILL.items() if getattr(row, k) is None}
    if not empty:
        return 0
    for name, value in empty.items():
        setattr(row, name, value)
    row.source = BaselineSource.DEMO
    row.save()
    update_change_reason(row, DEMO)
    return 1


def _story_resources(ward: Ward) -> int:
    """Complete the ward's roster and equipment for the story year; return rows created."""
    created = 0
    for number, team, education in EXTRA_OFFICERS:
        _, made = Officer.objects.get_or_create(
            ward=ward,
            full_name=f"Cán bộ {number:02d} (tên minh họa, {DEMO.lower()})",
            defaults={
                "is_placeholder": True,
                "team": team,
                "education": education,
                "active_from": datetime.date(STORY_YEAR, 1, 1),
                "active_to": ward.valid_to,
            },
        )
        created += made
    for kind, quantity in EQUIPMENT.items():
        _, made = EquipmentCount.objects.get_or_create(
            ward=ward,
            kind=kind,
            counted_on=EQUIPMENT_DAY,
            defaults={"quantity": quantity, "note": f"{DEMO}: trang bị bổ sung năm 2023"},
        )
        created += made
    return created


def _progress(wards: list[Ward], years: range) -> None:
    """After the first year, the wards' demo figures show the programme's effect: no serious
    crime by residents, no reoffending, no large economic case, and the civility models up."""
    later = [year for year in years if year > years.start]
    MonthlyReport.objects.filter(ward__in=wards, year__in=later, is_demo=True).update(
        serious_resident_crimes=0, reoffenders=0, large_economic_cases=0
    )
    YearlyReport.objects.filter(ward__in=wards, year__in=later, is_demo=True).update(
        self_managed_models_good=Greatest(F("self_managed_models_good"), 2),
        dan_van_kheo_models=Greatest(F("dan_van_kheo_models"), 1),
        civil_defence_breaches=0,
    )


def _ratings(wards: list[Ward], years: range) -> int:
    """Rate every officer of the wards for each complete year they served (good or better)."""
    created = 0
    for ward in wards:
        for officer in Officer.objects.filter(ward=ward):
            for year in years:
                first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
                if officer.active_from > last or (officer.active_to and officer.active_to < first):
                    continue
                rating = Rating.EXCELLENT if officer.pk % 4 == 0 else Rating.GOOD
                _, made = OfficerRating.objects.get_or_create(
                    officer=officer, year=year, defaults={"rating": rating}
                )
                created += made
    return created


def _decision_note(criterion: Criterion, met: bool, ward: Ward, year: int) -> str:
    if met:
        return (
            f"{DEMO}: Công an tỉnh đã kiểm tra hồ sơ năm {year} của {ward.display_name}; "
            f"đạt tiêu chí {criterion.number} (biên bản kiểm tra kèm theo)."
        )
    return (
        f"{DEMO}: hồ sơ năm {year} của {ward.display_name} chưa đủ căn cứ công nhận tiêu chí "
        f"{criterion.number}; phường tiếp tục hoàn thiện."
    )


def _decisions(wards: list[Ward], years: range, reviewer: User) -> dict[str, int]:
    """Record the reviewers' decisions (and evidence for those met) for the complete years."""
    made = {"demo_decisions": 0, "demo_evidence_files": 0}
    for year in years:
        criteria_set = criteria_set_for_year(year)
        if criteria_set is None:
            continue
        by_number = {c.number: c for c in criteria_set.criteria.all() if c.needs_decision}
        for ward in wards:
            if not ward.is_valid_in_year(year):
                continue
            # The story ward keeps what made it a model ward; the others earn one a year.
            story = ward.code == STORY_WARD and year >= STORY_YEAR
            earned = len(MANUAL_ORDER) if story else min(len(MANUAL_ORDER), year - 2022)
            for rank, number in enumerate(MANUAL_ORDER):
                criterion = by_number.get(number)
                if criterion is None:
                    continue
                met = rank < earned
                decision, created = ManualDecision.objects.get_or_create(
                    ward=ward,
                    year=year,
                    criterion=criterion,
                    defaults={
                        "decision": Decision.MET if met else Decision.NOT_MET,
                        "note": _decision_note(criterion, met, ward, year),
                        "decided_by": reviewer,
                        "decided_at": timezone.make_aware(datetime.datetime(year + 1, 1, 20, 9)),
                    },
                )
                if not created:
                    continue
                update_change_reason(decision, DEMO)
                made["demo_decisions"] += 1
                if met:
                    EvidenceFile.objects.create(
                        ward=ward,
                        year=year,
                        criterion=criterion,
                        file=ContentFile(EVIDENCE_PDF, name="bien-ban.pdf"),
                        original_name=f"du-lieu-mau-bien-ban-tieu-chi-{number}-{year}.pdf",
                        content_type="application/pdf",
                        size=len(EVIDENCE_PDF),
                        description=f"{DEMO}: biên bản kiểm tra tiêu chí {number} năm {year}",
                        uploaded_by=reviewer,
                    )
                    made["demo_evidence_files"] += 1
    return made


@register_loader(order=70, demo=True)
@transaction.atomic
def demo_story_create(*, today: datetime.date | None = None) -> dict[str, int]:
    """Create the demo story (decisions, evidence, ratings, the story ward's figures) for the
    complete past years; return how many rows were created."""
    if not settings.ALLOW_DEMO_DATA:
        raise ImproperlyConfigured("Demo data is refused under production settings.")
    today = today or timezone.localdate()
    reviewer = User.objects.filter(role=Role.REVIEWER, is_active=True).order_by("pk").first()
    if reviewer is None:  # decisions need a reviewer: load with --demo-users
        return {"demo_decisions": 0}
    years = range(2023, today.year)
    wards = list(Ward.objects.filter(in_programme=True).order_by("code"))
    totals: dict[str, int] = {}
    story = next((w for w in wards if w.code == STORY_WARD), None)
    if story is not None and STORY_YEAR in years:
        _story_months(story, STORY_YEAR)
        _story_year(story, STORY_YEAR)
        totals["demo_baseline_figures"] = _story_baseline(story)
        totals["demo_resources"] = _story_resources(story)
    _progress(wards, years)
    totals["demo_ratings"] = _ratings(wards, years)
    totals.update(_decisions(wards, years, reviewer))
    return totals
