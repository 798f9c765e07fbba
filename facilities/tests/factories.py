"""Factories for rosters, equipment, headquarters and projects."""

import datetime

import factory

from facilities.models import (
    BuildingProject,
    Education,
    EquipmentCount,
    EquipmentKind,
    Headquarters,
    Officer,
    OfficerRating,
    ProjectKind,
    Rating,
    Team,
)
from wards.tests.factories import WardFactory


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Officer

    ward = factory.SubFactory(WardFactory)
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    team = Team.CSKV
    education = Education.UNIVERSITY
    active_from = datetime.date(2023, 1, 1)


class OfficerRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfficerRating

    officer = factory.SubFactory(OfficerFactory)
    year = 2024
    rating = Rating.GOOD


class EquipmentCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EquipmentCount

    ward = factory.SubFactory(WardFactory)
    kind = EquipmentKind.DESKTOP
    counted_on = datetime.date(2024, 1, 15)
    quantity = 1


class HeadquartersFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Headquarters

    ward = factory.SubFactory(WardFactory)
    land_area_m2 = 600
    floor_area_m2 = 500
    floors = 3
    year_built = 2015


class BuildingProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BuildingProject

    ward = factory.SubFactory(WardFactory)
    kind = ProjectKind.NEW_BUILD
    title = factory.Sequence(lambda n: f"Dự án trụ sở {n}")
    planned_finish_year = 2026
