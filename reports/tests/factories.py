"""Factories for monthly and yearly reports."""

import datetime

import factory
from django.utils import timezone

from reports.models import MonthlyReport, ReportStatus, YearlyReport
from reports.totals import month_totals_refresh
from wards.tests.factories import WardFactory


def _moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


class MonthlyReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonthlyReport
        skip_postgeneration_save = True

    ward = factory.SubFactory(WardFactory)
    year = 2024
    month = factory.Sequence(lambda n: n % 12 + 1)
    crime_reports_received = 4
    crime_reports_handled = 4
    procedures_received = 100
    procedures_on_time = 98
    procedures_early = 20
    procedures_late = 2
    feedback_received = 3
    feedback_resolved = 3
    managed_subjects = 20
    managed_subjects_supervised = 20
    drug_addicts = 10
    hot_spots = 1
    criminal_cases = 2

    class Params:
        submitted = factory.Trait(
            status=ReportStatus.SUBMITTED,
            submitted_at=factory.LazyFunction(lambda: _moment(datetime.date(2024, 1, 3))),
            first_submitted_at=factory.SelfAttribute("submitted_at"),
        )
        approved = factory.Trait(
            status=ReportStatus.APPROVED,
            submitted_at=factory.LazyFunction(lambda: _moment(datetime.date(2024, 1, 3))),
            first_submitted_at=factory.SelfAttribute("submitted_at"),
            approved_at=factory.LazyFunction(lambda: _moment(datetime.date(2024, 1, 6))),
        )

    @factory.post_generation
    def month_totals(obj, create, extracted, **kwargs):
        """Keep the province's monthly totals current, as the approval service does."""
        if create and obj.status == ReportStatus.APPROVED:
            month_totals_refresh(year=obj.year, month=obj.month)


class YearlyReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YearlyReport

    ward = factory.SubFactory(WardFactory)
    year = 2024
    residential_groups = 20
    cultured_residential_groups = 19
    groups_with_convention = 20
    households = 1000
    cultured_households = 950
    civilised_households = 900
    roadside_households = 200
    roadside_pledged_households = 200
    businesses = 50
    compliant_businesses = 50
    safety_units = 30
    safe_units = 29

    class Params:
        submitted = factory.Trait(
            status=ReportStatus.SUBMITTED,
            submitted_at=factory.LazyFunction(lambda: _moment(datetime.date(2025, 1, 3))),
            first_submitted_at=factory.SelfAttribute("submitted_at"),
        )


def monthly_values(**overrides) -> dict[str, int]:
    """Return a valid set of monthly figures, with overrides."""
    from reports.rules import MONTHLY_FIELDS

    values = dict.fromkeys(MONTHLY_FIELDS, 0)
    values.update(
        crime_reports_received=4,
        crime_reports_handled=4,
        procedures_received=100,
        procedures_on_time=98,
        procedures_early=20,
        procedures_late=2,
        feedback_received=3,
        feedback_resolved=3,
        managed_subjects=20,
        managed_subjects_supervised=20,
        drug_addicts=10,
        hot_spots=1,
        criminal_cases=2,
    )
    values.update(overrides)
    return values


def yearly_values(**overrides) -> dict[str, int]:
    """Return a valid set of yearly figures, with overrides."""
    from reports.rules import YEARLY_FIELDS

    values = dict.fromkeys(YEARLY_FIELDS, 0)
    values.update(
        residential_groups=20,
        cultured_residential_groups=19,
        households=1000,
        cultured_households=950,
        roadside_households=200,
        roadside_pledged_households=150,
    )
    values.update(overrides)
    return values
