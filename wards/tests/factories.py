"""Factories for wards and users."""

import factory

from wards.models import ResponsibleBody, Role, User, Ward


class WardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ward
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"ward-{n}")
    name = factory.Sequence(lambda n: f"Phường số {n}")
    in_programme = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="vi_VN")
    role = Role.WARD_OFFICER
    ward = factory.SubFactory(WardFactory)
    password = factory.django.Password("pass-Secret-123")


class ProvinceUserFactory(UserFactory):
    role = Role.REVIEWER
    ward = None


class ResponsibleBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResponsibleBody
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"body-{n}")
    name = factory.Sequence(lambda n: f"CƠ QUAN SỐ {n}")
    name_in_text = factory.LazyAttribute(lambda o: o.name.capitalize())
    abbreviation = "CQ"
    issues_documents = False
