import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from helix.academy.models import Cohort, Course, Module, Session


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    title = factory.Sequence(lambda n: f"Gestión de datos municipales {n}")
    slug = factory.Sequence(lambda n: f"gestion-datos-{n}")
    kind = Course.Kind.COURSE
    summary = "Curso práctico para equipos municipales."
    hours = Decimal("24")
    attendance_threshold = 75


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Module

    course = factory.SubFactory(CourseFactory)
    title = factory.Sequence(lambda n: f"Módulo {n}")


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    course = factory.SubFactory(CourseFactory)
    name = factory.Sequence(lambda n: f"Cohorte {n}")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=10))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + dt.timedelta(days=30))
    capacity = 20


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    cohort = factory.SubFactory(CohortFactory)
    title = factory.Sequence(lambda n: f"Clase {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))
