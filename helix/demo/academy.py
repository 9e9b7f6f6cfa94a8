"""Demo academy: courses, seminars and webinars with past and upcoming cohorts, enrolments,
attendance, completions and certificates. Deterministic (only `rng`, dates around
today() = the day the seed runs). Relies on the people and organisations seeded by helix.demo.network."""

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.utils.text import slugify

from helix.academy import domain
from helix.academy.models import Attendance, Cohort, Course, Enrolment, Module, Session
from helix.certificates import codes
from helix.certificates.domain import issue_certificate
from helix.certificates.models import Certificate
from helix.core.errors import HelixError
from helix.core.seats import SeatStatus
from helix.demo.dates import plausible_course_start, today
from helix.network.models import Membership, Organisation, Person, Topic
from helix.territory.models import Commune

TZ = ZoneInfo("America/Santiago")


@dataclass(frozen=True)
class CourseSpec:
    title: str
    kind: str
    hours: str
    summary: str
    modules: tuple[str, ...]
    topics: tuple[str, ...]
    pass_mark: str | None = None
    threshold: int = 75
    capacity: int = 30


COURSES = [
    CourseSpec(
        "Diplomado en Ciudades Inteligentes",
        "course",
        "120",
        "Formación integral para equipos municipales y profesionales que lideran proyectos de ciudad inteligente.",
        (
            "Fundamentos de ciudades inteligentes y sostenibles",
            "Gobernanza de datos y plataformas urbanas",
            "Movilidad, energía y medio ambiente",
            "Participación ciudadana e inclusión digital",
            "Financiamiento y compras públicas de innovación",
            "Proyecto aplicado en un municipio",
        ),
        ("data", "mobility", "energy", "participation"),
        pass_mark="4.0",
        capacity=35,
    ),
    CourseSpec(
        "Gestión de datos municipales",
        "course",
        "24",
        "Cómo ordenar, publicar y usar los datos del municipio para decidir mejor.",
        ("Inventario y calidad de datos", "Datos abiertos y transparencia", "Tableros de gestión", "Casos"),
        ("data", "transparency"),
        pass_mark="4.0",
    ),
    CourseSpec(
        "Compras públicas de innovación",
        "course",
        "16",
        "Herramientas para comprar soluciones innovadoras con las reglas de ChileCompra.",
        ("Marco normativo", "Desafíos y consultas al mercado", "Evaluación y contratos"),
        ("innovation", "digital-government"),
    ),
    CourseSpec(
        "Ciberseguridad para gobiernos locales",
        "course",
        "20",
        "Protección de sistemas y datos municipales frente a incidentes.",
        ("Amenazas y riesgos", "Buenas prácticas", "Respuesta a incidentes"),
        ("cybersecurity",),
        pass_mark="4.0",
        capacity=25,
    ),
    CourseSpec(
        "Seminario: Movilidad sostenible en ciudades intermedias",
        "seminar",
        "4",
        "Experiencias de transporte público, ciclovías y electromovilidad en regiones.",
        (),
        ("mobility",),
        threshold=100,
        capacity=80,
    ),
    CourseSpec(
        "Webinar: Inteligencia artificial en el municipio",
        "webinar",
        "1.5",
        "Usos responsables de la IA en servicios municipales.",
        (),
        ("data", "digital-government"),
        threshold=100,
        capacity=300,
    ),
    CourseSpec(
        "Webinar: Gestión de residuos y economía circular",
        "webinar",
        "1.5",
        "Reciclaje, compostaje y la Ley REP en la gestión local.",
        (),
        ("waste", "circular-economy"),
        threshold=100,
        capacity=300,
    ),
]

# (months before/after the anchor, commune CUT, mode) of each course's cohorts; negative = past.
COHORT_PLAN = [(-14, 5101, "in_person"), (-6, 13101, "hybrid"), (2, 8101, "online")]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=TZ)


def _people_pool(rng: random.Random, scale: int) -> list[Person]:
    people = list(
        Person.objects.filter(memberships__status=Membership.Status.APPROVED, email__isnull=False)
        .distinct()
        .order_by("pk")[: 1500 * scale]
    )
    if len(people) < 60:  # the directory demo did not run: a few participants of our own
        communes = list(Commune.objects.filter(cut__in=[5101, 13101, 8101, 9101]).order_by("cut"))
        first = ["Camila", "Matías", "Valentina", "Benjamín", "Javiera", "Tomás", "Fernanda", "Diego"]
        last = ["González", "Muñoz", "Rojas", "Díaz", "Pérez", "Soto", "Contreras", "Silva"]
        for i in range(60 - len(people)):
            people.append(
                Person.objects.create(
                    first_name=first[i % len(first)],
                    last_name=f"{last[(i // len(first)) % len(last)]} {last[i % len(last)]}",
                    email=f"participante{i}@academia-demo.cl",
                    commune=rng.choice(communes) if communes else None,
                )
            )
    rng.shuffle(people)
    return people


def _instructors(rng: random.Random) -> list[Person]:
    pool = list(
        Person.objects.filter(
            public_profile=True,
            memberships__organisation__sector="academia",
            memberships__status=Membership.Status.APPROVED,
        )
        .distinct()
        .order_by("pk")[:60]
    ) or list(Person.objects.order_by("pk")[:10])
    return pool


def _course(spec: CourseSpec, organiser, topics: dict[str, Topic]) -> Course:
    course = Course.objects.create(
        title=spec.title,
        slug=slugify(spec.title)[:200],
        kind=spec.kind,
        summary=spec.summary,
        description=spec.summary,
        hours=Decimal(spec.hours),
        attendance_threshold=spec.threshold,
        pass_mark=Decimal(spec.pass_mark) if spec.pass_mark else None,
        organiser=organiser,
    )
    course.topics.set([topics[c] for c in spec.topics if c in topics])
    for position, title in enumerate(spec.modules, start=1):
        Module.objects.create(course=course, position=position, title=title)
    return course


def _cohort_name(kind: str, start: dt.date) -> str:
    if kind == "course":
        return f"{start.year} · {'primer' if start.month <= 6 else 'segundo'} semestre"
    return f"Edición {start:%m/%Y}"


def _month_shift(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    return dt.date(day.year + month // 12, month % 12 + 1, 1)


def seed(*, rng: random.Random, scale: int, stdout=None) -> dict[str, int]:
    counts = dict.fromkeys(["courses", "cohorts", "sessions", "enrolments", "attendance", "certificates"], 0)
    topics = {t.code: t for t in Topic.objects.all()}
    communes = {c.cut: c for c in Commune.objects.filter(cut__in=[cut for _m, cut, _mode in COHORT_PLAN])}
    organiser = Organisation.objects.filter(sector="academia").order_by("pk").first()
    people = _people_pool(rng, scale)
    instructors = _instructors(rng)
    actor, _created = get_user_model().objects.get_or_create(
        email="academia@helix.demo", defaults={"full_name": "Academia Helix", "is_staff": True}
    )
    cursor = 0

    for spec in COURSES:
        course = _course(spec, organiser, topics)
        counts["courses"] += 1
        n_sessions = max(course.modules.count() * 2, 1) if spec.kind == "course" else 1
        plan = COHORT_PLAN if spec.kind == "course" else [(-3, None, "online"), (1, None, "online")]
        for months, cut, mode in plan:
            start = plausible_course_start(_month_shift(today(), months) + dt.timedelta(days=rng.randrange(0, 10)))
            place = (communes.get(cut) if cut and mode != "online" else None, mode)
            cohort, sessions = _cohort(
                rng, spec, course, start=start, n_sessions=n_sessions, place=place, instructors=instructors
            )
            counts["cohorts"] += 1
            counts["sessions"] += len(sessions)

            past = cohort.ends_on < today()
            # Past cohorts filled ~90 %; the flagship course's upcoming cohort overflows into a waiting
            # list; the other upcoming cohorts still have free seats.
            capacity = spec.capacity
            if past:
                wanted = int(capacity * 0.9)
            elif spec is COURSES[0]:
                wanted = capacity + 4
            else:
                wanted = int(capacity * 0.6) if spec.kind == "course" else capacity // 3
            wanted = min(wanted, len(people))
            chosen = [people[(cursor + k) % len(people)] for k in range(wanted)]
            enrolments = _enrol(cohort, chosen, start=start, actor=actor)
            cursor += wanted
            counts["enrolments"] += len(enrolments)
            if past:
                _finish(rng, course, cohort, sessions, enrolments, counts=counts, actor=actor)
    return counts


def _cohort(rng: random.Random, spec: CourseSpec, course: Course, *, start, n_sessions: int, place, instructors):
    """The cohort starting on `start` (a Monday) and its sessions (two per module, twice a week)."""
    commune, mode = place
    modules = list(course.modules.all())
    length = dt.timedelta(days=7 * max(n_sessions // 2, 0))
    cohort = Cohort.objects.create(
        course=course,
        name=_cohort_name(spec.kind, start),
        starts_on=start,
        ends_on=start + length,
        capacity=spec.capacity,
        mode=mode,
        venue="Centro de Innovación Urbana" if mode != "online" else "",
        commune=commune,
        online_url="" if mode == "in_person" else f"https://reunion.helix.example.cl/{course.slug[:40]}",
    )
    if instructors:
        cohort.instructors.set(rng.sample(instructors, k=min(2, len(instructors))))
    sessions = []
    for i in range(n_sessions):
        day = start + dt.timedelta(days=7 * (i // 2) + 3 * (i % 2))  # Mondays and Thursdays
        sessions.append(
            Session.objects.create(
                cohort=cohort,
                module=modules[i // 2] if modules else None,
                title=f"Clase {i + 1}" if modules else spec.title,
                starts_at=_at(day, 18),
                ends_at=_at(day, 20),
            )
        )
    return cohort, sessions


def _enrol(cohort: Cohort, people: list[Person], *, start: dt.date, actor) -> list[Enrolment]:
    """Enrol `people` in order, a minute apart, twenty days before the start (the last ones wait)."""
    enrol_at = _at(start - dt.timedelta(days=20), 10)
    enrolments = []
    for k, person in enumerate(people):
        try:
            enrolments.append(
                domain.enrol(
                    cohort=cohort, person=person, actor=actor, now=enrol_at + dt.timedelta(minutes=k), notify=False
                )
            )
        except HelixError:
            continue
    return enrolments


def _finish(rng: random.Random, course: Course, cohort: Cohort, sessions, enrolments, *, counts: dict, actor) -> None:
    """A past cohort: attendance, final marks, completions and their certificates."""
    confirmed = [e for e in enrolments if e.status == SeatStatus.CONFIRMED]
    rows = []
    for e in confirmed:
        diligence = rng.random()
        for s in sessions:
            rows.append(
                Attendance(
                    session=s,
                    enrolment=e,
                    present=rng.random() < 0.55 + 0.45 * diligence,
                    marked_at=s.ends_at,
                )
            )
        if course.pass_mark is not None:
            mark = Decimal(str(round(min(7.0, max(1.0, rng.gauss(5.4, 0.9))), 1)))
            Enrolment.objects.filter(pk=e.pk).update(final_mark=mark)
    Attendance.objects.bulk_create(rows, batch_size=2000)
    counts["attendance"] += len(rows)
    finished = _at(cohort.ends_on, 21)
    completed = domain.evaluate_completion(cohort=cohort, actor=actor, now=finished, issue=False)
    for e in completed:
        cert = issue_certificate(
            person=e.person, kind="completion", title=course.title, subject=cohort, hours=course.hours
        )
        Certificate.objects.filter(pk=cert.pk).update(issued_at=finished, emailed_at=finished, code=codes.new_code(rng))
    counts["certificates"] += len(completed)
