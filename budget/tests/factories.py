"""Factories for funding sources and allocations."""

import factory

from budget.models import Allocation, FundingSource
from facilities.tests.factories import BuildingProjectFactory


class FundingSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingSource
        django_get_or_create = ("code",)

    code = "province"
    name = factory.LazyAttribute(lambda o: f"Ngân sách {o.code}")


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allocation

    project = factory.SubFactory(BuildingProjectFactory)
    source = factory.SubFactory(FundingSourceFactory)
    year = 2026
    amount = 1_000_000_000
