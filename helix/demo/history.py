"""The network's past three years: the webinars, seminars and regional workshops it ran before the
demo's showcase events, with their registrations, check-ins and speakers. They are what the impact
figures count over time ("actors connected", "women experts made visible", "regions activated").

`scale` multiplies the number of events and their audiences (scale 30: about a million rows), so rows
are written with explicit primary keys, through PostgreSQL's COPY when the database is PostgreSQL
(bulk_create elsewhere), and the events' own numbers (capacity, check-in rates) stay plausible.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Sequence

from django.core.management.color import no_style
from django.db import connection, models
from django.utils.text import slugify

from helix.core.seats import SeatStatus
from helix.events.models import Attendance, Event, Registration, Speaker
from helix.network.models import Membership, Person
from helix.territory.models import Commune

from .dates import TZ, today

EVENTS_PER_SCALE = 65
YEARS = 3
# kind, in person?, typical audience, share of the registered who check in
FORMATS = (
    ("webinar", False, 520, 0.62),
    ("seminar", True, 380, 0.78),
    ("workshop", True, 90, 0.85),
    ("technical_table", True, 30, 0.9),
)
FORMAT_WEIGHTS = (4, 3, 3, 1)
THEMES = (
    "datos abiertos municipales",
    "electromovilidad en regiones",
    "gestión hídrica y sequía",
    "alumbrado público eficiente",
    "residuos y economía circular",
    "seguridad urbana con tecnología",
    "compras públicas de innovación",
    "gemelos digitales urbanos",
    "participación ciudadana digital",
    "eficiencia energética en edificios públicos",
    "movilidad sostenible",
    "resiliencia ante desastres",
)
TITLES = {
    "webinar": "Webinar: {theme}",
    "seminar": "Seminario {theme} en {place}",
    "workshop": "Taller de {theme} en {place}",
    "technical_table": "Mesa técnica de {theme} en {place}",
}
BATCH = 5000


def seed(*, rng: random.Random, scale: int, stdout=None) -> dict[str, int]:
    scale = max(1, scale)
    people = list(
        Person.objects.filter(email__isnull=False)
        .exclude(email="")
        .order_by("pk")
        .values_list("pk", "first_name", "last_name", "email", "user_id")
    )
    if not people:
        return {"past events": 0}
    employer = dict(
        Membership.objects.filter(status="approved").order_by("-pk").values_list("person_id", "organisation_id")
    )
    speakers_pool = list(Person.objects.filter(public_profile=True).order_by("pk").values_list("pk", flat=True))
    communes = list(Commune.objects.order_by("cut").values_list("pk", "name", "region_id", "population"))
    weights = [max(population, 1) ** 0.5 for *_rest, population in communes]  # cities more, but every region some
    first_day = today() - dt.timedelta(days=365 * YEARS)

    events, places = [], []
    next_event = _first_id(Event)
    for i in range(EVENTS_PER_SCALE * scale):
        kind, in_person, audience, _rate = rng.choices(FORMATS, weights=FORMAT_WEIGHTS)[0]
        day = first_day + dt.timedelta(days=rng.randrange(365 * YEARS - 7))
        starts = dt.datetime(day.year, day.month, day.day, rng.choice((9, 10, 15, 17)), 0, tzinfo=TZ)
        commune = rng.choices(communes, weights=weights)[0] if in_person else None
        title = TITLES[kind].format(theme=rng.choice(THEMES), place=commune[1] if commune else "")
        pk = next_event + i
        events.append(
            Event(
                pk=pk,
                title=title,
                slug=f"{slugify(title)[:190]}-{pk}",
                kind=kind,
                mode=Event.Mode.IN_PERSON if in_person else Event.Mode.ONLINE,
                status=Event.Status.PUBLISHED,
                description="",
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=2 if kind == "webinar" else 4),
                commune_id=commune[0] if commune else None,
                region_id=commune[2] if commune else None,
                country="CL",
                capacity=None,
                registration_open=False,
                offer_hours=48,
                created_at=starts - dt.timedelta(days=30),
            )
        )
        places.append((kind, audience))
    write(Event, events)

    registrations, attendance, speakers = [], [], []
    next_registration = _first_id(Registration)
    for event, (kind, audience) in zip(events, places, strict=True):
        rate = next(f[3] for f in FORMATS if f[0] == kind)
        size = min(len(people), max(10, int(rng.gauss(audience, audience / 4))))
        opened = event.starts_at - dt.timedelta(days=21)
        for j, (person_id, first_name, last_name, email, user_id) in enumerate(rng.sample(people, size)):
            created = opened + dt.timedelta(minutes=rng.randrange(21 * 24 * 60))
            registration = Registration(
                pk=next_registration,
                event_id=event.pk,
                person_id=person_id,
                user_id=user_id,
                name=f"{first_name} {last_name}".strip(),
                email=email.lower(),
                organisation_id=employer.get(person_id),
                status=SeatStatus.CONFIRMED if j % 23 else SeatStatus.CANCELLED,
                created_at=created,
                status_changed_at=created,
            )
            next_registration += 1
            registrations.append(registration)
            if registration.status == SeatStatus.CONFIRMED and rng.random() < rate:
                arrival = event.starts_at + dt.timedelta(minutes=rng.randint(-15, 30))
                attendance.append(
                    Attendance(
                        registration_id=registration.pk,
                        checked_in_at=arrival,
                        method=Attendance.Method.CODE if kind == "webinar" else Attendance.Method.QR,
                    )
                )
        for order, person_id in enumerate(rng.sample(speakers_pool, min(2, len(speakers_pool)))):
            role = Speaker.Role.MODERATOR if order == 0 and kind == "technical_table" else Speaker.Role.SPEAKER
            speakers.append(Speaker(event_id=event.pk, person_id=person_id, role=role, order=order))
    write(Registration, registrations)
    write(Attendance, attendance, with_pk=False)
    write(Speaker, speakers, with_pk=False)
    _reset_sequences(Event, Registration)
    return {
        "past events": len(events),
        "registrations": len(registrations),
        "attendance": len(attendance),
        "speakers": len(speakers),
    }


def _first_id(model: type[models.Model]) -> int:
    return (model.objects.aggregate(top=models.Max("pk"))["top"] or 0) + 1


def _reset_sequences(*model_list: type[models.Model]) -> None:
    """After writing explicit primary keys, the next ones the database hands out come after them."""
    statements = connection.ops.sequence_reset_sql(no_style(), model_list)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def write(model: type[models.Model], rows: Sequence[models.Model], *, with_pk: bool = True) -> None:
    """Insert `rows` fast: COPY on PostgreSQL, batched bulk_create elsewhere. No signals are sent (the
    impact figures' version is bumped by the `impact` seeder, which runs last)."""
    if connection.vendor != "postgresql":
        model.objects.bulk_create(rows, batch_size=1000)
        return
    fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in _chunks(rows):
            for obj in row:
                copy.write_row([_db_value(f, obj) for f in fields])


def _db_value(field: models.Field, obj: models.Model):
    value = getattr(obj, field.attname)
    if value is None and field.has_default():
        value = field.get_default()
    return field.get_db_prep_save(value, connection)


def _chunks(rows: Sequence, size: int = BATCH) -> Iterable[Sequence]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]
