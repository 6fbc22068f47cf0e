"""factory_boy factories for every app, in one place (STYLE.md 13)."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth.models import Group

from sunshine.accounts.models import User
from sunshine.org.models import Certificate, Grid, Staff, Unit

DEMO_PASSWORD = "Sunshine@2026"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"U{n:04d}")
    name = factory.Sequence(lambda n: f"第{n}中队")
    kind = Unit.Kind.SQUAD


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.PostGenerationMethodCall("set_password", DEMO_PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=list(extracted)))
        if create:
            self.save()


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Staff

    employee_no = factory.Sequence(lambda n: f"E{n:05d}")
    name = factory.Sequence(lambda n: f"队员{n}")
    kind = Staff.Kind.OFFICER
    unit = factory.SubFactory(UnitFactory)


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certificate

    staff = factory.SubFactory(StaffFactory)
    number = factory.Sequence(lambda n: f"32038100{n:05d}")
    enforcement_category = "城市管理综合执法"
    enforcement_area = "新城市"
    issued_on = dt.date(2024, 1, 1)
    expires_on = dt.date(2029, 12, 31)


class GridFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Grid

    code = factory.Sequence(lambda n: f"G{n:03d}")
    name = factory.Sequence(lambda n: f"网格{n}")
    squad = factory.SubFactory(UnitFactory)
    polygon = {
        "type": "Polygon",
        "coordinates": [[[118.0, 34.0], [118.1, 34.0], [118.1, 34.1], [118.0, 34.0]]],
    }
