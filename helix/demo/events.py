"""Demo events for `seed_demo`: congresses, fairs, technical tables, workshops, webinars and seminars
around the anchor date (the day the seed runs), with sessions, speakers from the directory, registrations (one
event full, with a waiting list), attendance at past events, and minutes with commitments.

Rows are written in bulk (demo data, deterministic) but keep the invariants the domain guarantees:
never more seats held than capacity, waiting positions 1..n in arrival order, one active
registration per e-mail, attendance only for confirmed registrations.
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from dataclasses import dataclass, field

from django.utils.text import slugify

from helix.certificates import codes
from helix.certificates.domain import issue_certificate
from helix.certificates.models import Certificate
from helix.core.seats import SeatStatus
from helix.demo.dates import today
from helix.events.models import (
    Attendance,
    Commitment,
    Event,
    Minutes,
    Question,
    Registration,
    Session,
    Speaker,
)
from helix.matching.models import Challenge

TZ = zoneinfo.ZoneInfo("America/Santiago")


def at(days: int, hour: int, minute: int = 0) -> dt.datetime:
    """A local Santiago time `days` after the anchor date."""
    day = today() + dt.timedelta(days=days)
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


@dataclass
class Spec:
    title: str
    kind: str
    days: int  # start, relative to the anchor (negative = past)
    cut: int | None  # commune; None = online
    venue: str
    topics: list[str]
    description: str
    length_days: int = 1
    hours: tuple[int, int] = (9, 18)
    capacity: int | None = None
    registrations: int = 40  # per unit of scale
    sessions: list[tuple[str, str, int | None]] = field(default_factory=list)  # title, room, capacity
    questions: bool = False
    minutes: tuple[str, str, list[tuple[str, int]]] | None = None  # summary, conclusions, [(commitment, due days)]
    online_url: str = ""


EVENTS = [
    Spec(
        "Congreso Ciudades Inteligentes {year}",
        "congress",
        13,
        13101,
        "Centro Cultural Estación Mapocho",
        ["data", "mobility", "energy", "water"],
        "Dos días de conferencias, paneles y rueda de negocios sobre ciudades inteligentes y sostenibles: "
        "municipios, empresas, academia y ciudadanía compartiendo proyectos que ya funcionan en Chile.",
        length_days=2,
        capacity=400,
        registrations=160,
        sessions=[
            ("Inauguración: la ciudad que queremos al 2030", "Sala Principal", None),
            ("Panel: datos abiertos para la gestión municipal", "Sala Principal", None),
            ("Taller: gemelos digitales urbanos", "Sala Andes", 40),
            ("Panel: electromovilidad en regiones", "Sala Principal", None),
            ("Taller: compras públicas de innovación", "Sala Pacífico", 30),
            ("Cierre: compromisos por ciudades sostenibles", "Sala Principal", None),
        ],
        questions=True,
    ),
    Spec(
        "Feria de Ciudades Inteligentes Biobío {year}",
        "fair",
        -42,
        8101,
        "SurActivo, Concepción",
        ["energy", "mobility", "safety"],
        "Feria regional con más de 60 expositores de soluciones urbanas: energía, movilidad, seguridad "
        "y servicios digitales para los municipios del Biobío.",
        length_days=2,
        hours=(10, 19),
        capacity=600,
        registrations=120,
        sessions=[("Muestra de soluciones", "Pabellón A", None), ("Rueda de negocios municipal", "Sala 2", 80)],
    ),
    Spec(
        "Mesa técnica: gestión hídrica en Valparaíso",
        "technical_table",
        -50,
        5101,
        "Municipalidad de Valparaíso, salón de honor",
        ["water"],
        "Mesa técnica con municipios, sanitarias y academia sobre pérdidas de agua, telemetría y sequía.",
        hours=(9, 13),
        capacity=35,
        registrations=25,
        minutes=(
            "Se revisaron las pérdidas de agua no facturada en cerros de Valparaíso y las experiencias de "
            "telemetría de la sanitaria y de dos universidades regionales.",
            "1. Priorizar sectores con mayores pérdidas para un piloto de sensores.\n"
            "2. Compartir datos de consumo anonimizados con la academia.\n"
            "3. Volver a reunirse en tres meses para revisar avances.",
            [
                ("Levantar catastro de sectores con mayores pérdidas", -20),
                ("Redactar convenio de intercambio de datos con universidades", 10),
                ("Presentar propuesta de piloto de telemetría al concejo", 40),
            ],
        ),
    ),
    Spec(
        "Mesa técnica: electromovilidad en Temuco",
        "technical_table",
        -21,
        9101,
        "Universidad de La Frontera, Sala del Consejo",
        ["mobility", "energy"],
        "Transporte público eléctrico, infraestructura de carga y calidad del aire en La Araucanía.",
        hours=(10, 13),
        capacity=30,
        registrations=22,
        minutes=(
            "Los operadores compartieron costos de operación de buses eléctricos y las necesidades de carga "
            "nocturna; la seremi presentó la planificación regional.",
            "Se acuerda elaborar un mapa de puntos de carga y evaluar un piloto de buses en dos líneas.",
            [
                ("Elaborar mapa de puntos de carga existentes y proyectados", -5),
                ("Evaluar piloto de buses eléctricos en dos líneas urbanas", 60),
            ],
        ),
    ),
    Spec(
        "Mesa técnica: agua y sequía en Coquimbo",
        "technical_table",
        -70,
        4101,
        "Gobierno Regional de Coquimbo",
        ["water", "sdg-6"],
        "Reutilización de aguas grises, riego eficiente de áreas verdes y alerta temprana de sequía.",
        hours=(9, 12),
        capacity=30,
        registrations=20,
        minutes=(
            "Se presentaron experiencias de reutilización de aguas grises en colegios y de riego por goteo "
            "en plazas de La Serena.",
            "Se acuerda estandarizar indicadores de consumo de agua en áreas verdes municipales.",
            [("Proponer indicadores comunes de consumo de agua en áreas verdes", -30)],
        ),
    ),
    Spec(
        "Mesa técnica: residuos y economía circular en Antofagasta",
        "technical_table",
        7,
        2101,
        "Municipalidad de Antofagasta",
        ["waste"],
        "Reciclaje, puntos limpios inteligentes y trazabilidad de residuos en el norte grande.",
        hours=(9, 13),
        capacity=30,
        registrations=18,
    ),
    Spec(
        "Taller de datos abiertos municipales",
        "workshop",
        6,
        5101,
        "Laboratorio de Innovación Pública, Valparaíso",
        ["data"],
        "Taller práctico para equipos municipales: publicar conjuntos de datos, formatos y licencias abiertas.",
        hours=(15, 18),
        capacity=25,
        registrations=33,  # more than capacity: the rest wait
    ),
    Spec(
        "Webinar: alumbrado público inteligente",
        "webinar",
        20,
        None,
        "",
        ["energy", "safety"],
        "Telegestión de luminarias LED, ahorro energético y seguridad en espacios públicos.",
        hours=(11, 12),
        capacity=None,
        registrations=60,
        online_url="https://reuniones.helix.demo/alumbrado-inteligente",
    ),
    Spec(
        "Seminario Mujeres en Ciudades Inteligentes",
        "seminar",
        -95,
        13101,
        "Biblioteca Nacional, Sala América",
        ["data", "health"],
        "Expertas de municipios, empresas y universidades muestran su trabajo en ciudades inteligentes.",
        hours=(9, 14),
        capacity=150,
        registrations=70,
    ),
]

QUESTIONS = [
    ("Cargo o función", Question.Kind.TEXT, "", True),
    ("Preferencia de almuerzo", Question.Kind.CHOICE, "Normal\nVegetariano\nVegano\nSin gluten", False),
    ("¿Necesitas apoyo de accesibilidad?", Question.Kind.YES_NO, "", False),
]
ROLES = ["Encargada de innovación", "Director de Secpla", "Jefa de proyectos", "Investigador", "Gerente comercial"]


def seed(*, rng: random.Random, scale: int, stdout=None) -> dict[str, int]:
    from helix.network.models import Membership, Organisation, Person
    from helix.territory.models import Commune

    communes = {c.cut: c for c in Commune.objects.filter(cut__in=[s.cut for s in EVENTS if s.cut])}
    members = list(
        Membership.objects.filter(status="approved", person__email__isnull=False)
        .select_related("person", "organisation")
        .order_by("pk")[: 2000 * scale]
    )
    seen, attendees_pool = set(), []
    for m in members:  # one entry per person
        if m.person_id not in seen:
            seen.add(m.person_id)
            attendees_pool.append(m)
    speakers_pool = list(Person.objects.filter(public_profile=True).order_by("pk")[:400])
    partners_pool = list(Organisation.objects.filter(sector__in=["academia", "government"]).order_by("pk")[:300])
    topics = _topics()
    counts = dict.fromkeys(["events", "sessions", "speakers", "registrations", "attendance", "commitments"], 0)

    for spec in EVENTS:
        start = at(spec.days, spec.hours[0])
        end = at(spec.days + spec.length_days - 1, spec.hours[1])
        commune = communes.get(spec.cut)
        organiser = None
        if commune is not None:
            organiser = Organisation.objects.filter(kind="municipality", commune=commune).order_by("pk").first()
        title = spec.title.format(year=start.year)  # the edition's year, whatever day the demo is seeded
        event = Event.objects.create(
            title=title,
            slug=slugify(title)[:200],
            kind=spec.kind,
            mode=Event.Mode.ONLINE if spec.cut is None else Event.Mode.IN_PERSON,
            status=Event.Status.PUBLISHED,
            description=spec.description,
            starts_at=start,
            ends_at=end,
            venue=spec.venue,
            commune=commune,
            online_url=spec.online_url,
            organiser=organiser,
            # Big events grow with the demo's scale; small rooms do not.
            capacity=spec.capacity * scale if spec.capacity and spec.capacity > 100 else spec.capacity,
            offer_hours=24 if spec.days < 10 else 48,
        )
        counts["events"] += 1
        event.topics.set([topics[c] for c in spec.topics if c in topics])
        if partners_pool:
            event.partners.set(rng.sample(partners_pool, k=min(3, len(partners_pool))))
        sessions = _sessions(event, spec)
        counts["sessions"] += len(sessions)
        counts["speakers"] += _speakers(event, sessions, speakers_pool, rng)
        questions = []
        if spec.questions:
            questions = [
                Question.objects.create(event=event, label=label, kind=kind, choices=choices, required=req, order=i)
                for i, (label, kind, choices, req) in enumerate(QUESTIONS)
            ]
        registrations = _registrations(event, spec, attendees_pool, rng, scale, questions)
        counts["registrations"] += len(registrations)
        if event.ends_at < at(0, 0):
            counts["attendance"] += _attendance(event, sessions, registrations, rng)
        if spec.minutes:
            counts["commitments"] += _minutes(event, spec, registrations, topics, rng)
    counts["certificates"] = _certificates(rng)
    if stdout is not None:
        stdout.write(f"events: demo full event with waiting list: /events/{slugify(EVENTS[6].title)}/")
    return counts


# Past events whose attendees received an attendance certificate (fairs do not give one).
CERTIFIED_KINDS = ("congress", "seminar", "workshop", "technical_table")


def _certificates(rng: random.Random) -> int:
    """Attendance certificates for the checked-in attendees of past events, dated the day after."""
    issued = 0
    past = Event.objects.filter(kind__in=CERTIFIED_KINDS, ends_at__lt=at(0, 0)).order_by("starts_at", "pk")
    for event in past:
        hours = round((event.ends_at - event.starts_at).total_seconds() / 3600, 1)
        attendees = (
            Registration.objects.filter(event=event, person__isnull=False, attendances__session__isnull=True)
            .select_related("person")
            .distinct()
            .order_by("pk")
        )
        when = event.ends_at + dt.timedelta(days=1)
        for registration in attendees:
            certificate = issue_certificate(
                person=registration.person, kind="attendance", title=event.title, subject=event, hours=hours
            )
            Certificate.objects.filter(pk=certificate.pk).update(
                issued_at=when, emailed_at=when, code=codes.new_code(rng)
            )
            issued += 1
    return issued


def _topics() -> dict:
    from helix.network.models import Topic

    return {t.code: t for t in Topic.objects.all()}


def _sessions(event: Event, spec: Spec) -> list[Session]:
    sessions = []
    slots_per_day = max(1, -(-len(spec.sessions) // spec.length_days))
    for i, (title, room, capacity) in enumerate(spec.sessions):
        day, slot = divmod(i, slots_per_day)
        starts = at(spec.days + day, spec.hours[0] + 2 * slot)
        sessions.append(
            Session(
                event=event,
                title=title,
                room=room,
                capacity=capacity,
                starts_at=starts,
                ends_at=starts + dt.timedelta(minutes=90),
            )
        )
    return Session.objects.bulk_create(sessions)


def _speakers(event: Event, sessions: list[Session], pool: list, rng: random.Random) -> int:
    if not pool:
        return 0
    rows = []
    if sessions:
        for session in sessions:
            for order, person in enumerate(rng.sample(pool, k=min(3, len(pool)))):
                role = Speaker.Role.MODERATOR if order == 0 and len(pool) > 1 else Speaker.Role.SPEAKER
                rows.append(Speaker(event=event, session=session, person=person, role=role, order=order))
    else:
        for order, person in enumerate(rng.sample(pool, k=min(2, len(pool)))):
            role = Speaker.Role.MODERATOR if event.kind == Event.Kind.TECHNICAL_TABLE and order == 0 else "speaker"
            rows.append(Speaker(event=event, person=person, role=role, order=order))
    Speaker.objects.bulk_create(rows)
    return len(rows)


def _registrations(event, spec, pool, rng, scale, questions) -> list[Registration]:
    from helix.events.models import Answer

    wanted = spec.registrations * (scale if spec.capacity is None or spec.capacity > 100 else 1)
    chosen = rng.sample(pool, k=min(wanted, len(pool))) if pool else []
    opened = event.starts_at - dt.timedelta(days=30)
    rows, position, confirmed = [], 0, 0
    for i, membership in enumerate(chosen):
        person = membership.person
        created = opened + dt.timedelta(minutes=37 * i + rng.randint(0, 30))
        status, pos = SeatStatus.CONFIRMED, None
        if i % 17 == 5 and position == 0:
            status = SeatStatus.CANCELLED  # some people cancelled before the event filled up
        elif event.capacity is None or confirmed < event.capacity:
            confirmed += 1
        else:  # full: the rest queue in arrival order, as the domain would do
            position += 1
            status, pos = SeatStatus.WAITING, position
        rows.append(
            Registration(
                event=event,
                person=person,
                user_id=person.user_id,
                name=person.full_name,
                email=person.email.lower(),
                organisation=membership.organisation,
                status=status,
                position=pos,
                created_at=created,
                status_changed_at=created,
            )
        )
    rows = Registration.objects.bulk_create(rows, batch_size=1000)
    if questions:
        answers = []
        for r in rows:
            answers.append(Answer(registration=r, question=questions[0], value=rng.choice(ROLES)))
            answers.append(Answer(registration=r, question=questions[1], value=rng.choice(questions[1].options)))
            answers.append(Answer(registration=r, question=questions[2], value=rng.choice(["no", "no", "no", "yes"])))
        Answer.objects.bulk_create(answers, batch_size=2000)
    return rows


def _attendance(event, sessions, registrations, rng) -> int:
    rows = []
    for r in registrations:
        if r.status != SeatStatus.CONFIRMED or rng.random() > 0.8:
            continue
        arrival = event.starts_at + dt.timedelta(minutes=rng.randint(-20, 40))
        rows.append(Attendance(registration=r, session=None, checked_in_at=arrival, method=Attendance.Method.QR))
        for session in sessions:
            if session.capacity is None and rng.random() < 0.6:
                rows.append(
                    Attendance(
                        registration=r, session=session, checked_in_at=session.starts_at, method=Attendance.Method.QR
                    )
                )
    Attendance.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _minutes(event, spec, registrations, topics, rng) -> int:
    summary, conclusions, commitments = spec.minutes
    minutes = Minutes.objects.create(event=event, summary=summary, conclusions=conclusions, published=True)
    minutes.challenges.set(_challenges(spec))
    minutes.topics.set([topics[c] for c in spec.topics if c in topics])
    owners = [r for r in registrations if r.status == SeatStatus.CONFIRMED and r.organisation_id]
    rows = []
    for i, (text, due_days) in enumerate(commitments):
        owner = owners[i % len(owners)] if owners else None
        due = today() + dt.timedelta(days=due_days)
        done = due_days < -10  # old commitments were honoured; recent overdue ones are still open
        rows.append(
            Commitment(
                minutes=minutes,
                description=text,
                owner_person_id=owner.person_id if owner else None,
                owner_organisation_id=owner.organisation_id if owner else None,
                due_on=due,
                status=Commitment.Status.DONE if done else Commitment.Status.OPEN,
                done_at=at(due_days - 2, 12) if done else None,
            )
        )
    Commitment.objects.bulk_create(rows)
    return len(rows)


def _challenges(spec: Spec) -> list[int]:
    """Ids of matching challenges on the table's topics, when the matching app has seeded some."""
    ids = Challenge.objects.filter(topics__code__in=spec.topics).order_by("pk").values_list("pk", flat=True)
    return list(dict.fromkeys(ids[:10]))[:3]
