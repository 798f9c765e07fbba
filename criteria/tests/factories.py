"""Factories for approved statistics and criteria rows used by the criteria tests."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from reports.models import BaselineTotals, MonthlyReport, ReportStatus, YearlyReport
from reports.totals import month_totals_refresh
from wards.tests.factories import WardFactory


def submitted_on(year: int, month: int, day: int) -> datetime.datetime:
    """Return a local-time moment (10:00) on a day, as an aware datetime."""
    return timezone.make_aware(datetime.datetime(year, month, day, 10, 0))


class MonthlyReportFactory(factory.django.DjangoModelFactory):
    """An approved monthly report, submitted on the 2nd of the following month (on time)."""

    class Meta:
        model = MonthlyReport
        skip_postgeneration_save = True

    ward = factory.SubFactory(WardFactory)
    year = 2023
    month = 1
    status = ReportStatus.APPROVED
    first_submitted_at = factory.LazyAttribute(
        lambda o: submitted_on(o.year + (o.month == 12), o.month % 12 + 1, 2)
    )
    submitted_at = factory.SelfAttribute("first_submitted_at")

    @factory.post_generation
    def month_totals(obj, create, extracted, **kwargs):
        """Keep the province's monthly totals current, as the approval service does."""
        if create and obj.status == ReportStatus.APPROVED:
            month_totals_refresh(year=obj.year, month=obj.month)


class YearlyReportFactory(factory.django.DjangoModelFactory):
    """An approved yearly report that meets every civility target."""

    class Meta:
        model = YearlyReport

    ward = factory.SubFactory(WardFactory)
    year = 2023
    status = ReportStatus.APPROVED
    residential_groups = 20
    cultured_residential_groups = 19
    groups_with_convention = 20
    households = 1000
    cultured_households = 950
    civilised_households = 900
    roadside_households = 300
    roadside_pledged_households = 300
    businesses = 50
    compliant_businesses = 50
    safety_units = 40
    safe_units = 38
    self_managed_models_good = 2
    dan_van_kheo_models = 1
    commendations = 3
    civil_defence_breaches = 0
    procedures_total = 30
    procedures_published = 30


class BaselineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BaselineTotals
        django_get_or_create = ("ward", "year")

    ward = factory.SubFactory(WardFactory)
    year = 2022


def year_of_reports(ward, year: int = 2023, months=range(1, 13), **fields) -> list[MonthlyReport]:
    """Create approved reports for the months; a field given as a list is read per month index."""
    reports = []
    for index, month in enumerate(months):
        values = {k: (v[index] if isinstance(v, list | tuple) else v) for k, v in fields.items()}
        reports.append(MonthlyReportFactory(ward=ward, year=year, month=month, **values))
    return reports
