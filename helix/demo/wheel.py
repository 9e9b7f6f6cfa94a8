"""Demo business wheels (runs after the network, matching and events seeders).

Creates a business-wheel event if none exists, then:
- "Rueda de Negocios Ciudades Inteligentes <year>" (a week ago, published): municipalities and public agencies
  as buyers, companies and universities as suppliers, requests, a schedule computed by the real
  scheduler (through the same run the organiser's "Schedule now" uses), the day's statuses and outcomes;
- "Rueda de Negocios Agua y Energía" (in 19 days, open for registration).
Deterministic: only `rng` and dates relative to the anchor (the day the seed runs).
"""

import datetime as dt
import random

from django.utils import timezone
from django.utils.text import slugify

from helix.demo.dates import today
from helix.events.models import Event
from helix.network.models import Membership, Organisation
from helix.wheel.domain import integrations
from helix.wheel.domain.dayof import check_in, set_meeting_status
from helix.wheel.domain.outcomes import record_outcome
from helix.wheel.domain.registration import register_participant
from helix.wheel.domain.scheduling import execute_run, mark_published
from helix.wheel.domain.setup import create_wheel
from helix.wheel.models import Meeting, MeetingOutcome, MeetingRequest, ScheduleRun, Side, Wheel

SEEKS = [
    "Soluciones de telemetría para la red de agua potable y detección de fugas.",
    "Gestión inteligente del alumbrado público con ahorro energético medible.",
    "Plataforma de datos abiertos municipales y tableros de indicadores.",
    "Sistemas de monitoreo de calidad del aire en establecimientos educacionales.",
    "Optimización de rutas de recolección de residuos y reciclaje.",
    "Seguridad ciudadana: cámaras con analítica y coordinación de emergencias.",
    "Movilidad sostenible: bicicletas públicas, electromovilidad y semaforización.",
    "Trámites digitales y atención ciudadana en línea.",
]
OFFERS = [
    "Sensores IoT de bajo costo con conectividad LoRaWAN, ya instalados en tres comunas.",
    "Software de gestión de flotas y rutas con reportes de huella de carbono.",
    "Luminarias LED telegestionadas y modelos ESCO de financiamiento.",
    "Analítica de datos e inteligencia artificial para servicios públicos.",
    "Investigación aplicada y pilotos con estudiantes de ingeniería.",
    "Plataforma de participación ciudadana y consultas en línea.",
    "Paneles solares y almacenamiento para edificios públicos.",
    "Gestión de residuos orgánicos y compostaje comunitario.",
]
NOTES = [
    "Acordamos enviar una propuesta técnica antes de fin de mes.",
    "Coordinaremos una visita a terreno con el equipo municipal.",
    "Interesante, pero fuera de presupuesto este año.",
    "Evaluaremos un piloto en dos barrios.",
    "",
]


def _organiser():
    from django.contrib.auth import get_user_model

    user, created = get_user_model().objects.get_or_create(
        email="ruedas@helix.demo", defaults={"full_name": "Organización Ruedas de Negocios", "is_staff": True}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _event(rng: random.Random) -> Event:
    event = Event.objects.filter(kind=Event.Kind.BUSINESS_WHEEL).order_by("starts_at").first()
    if event:
        return event
    tz = timezone.get_current_timezone()
    day = today() - dt.timedelta(days=7)
    organiser = Organisation.objects.filter(kind="public_agency").order_by("pk").first()
    return Event.objects.create(
        title=f"Rueda de Negocios Ciudades Inteligentes {day.year}",
        slug=slugify(f"rueda-de-negocios-ciudades-inteligentes-{day.year}"),
        kind=Event.Kind.BUSINESS_WHEEL,
        status=Event.Status.PUBLISHED,
        description="Reuniones uno a uno entre municipios y proveedores de soluciones de ciudad inteligente.",
        starts_at=dt.datetime.combine(day, dt.time(9, 0), tzinfo=tz),
        ends_at=dt.datetime.combine(day, dt.time(14, 0), tzinfo=tz),
        venue="Centro de Eventos Valparaíso",
        organiser=organiser,
    )


def _buyers():
    return Organisation.objects.filter(sector="government")


def _suppliers():
    return Organisation.objects.filter(sector__in=["company", "academia"])


def _pick(qs, n: int, rng: random.Random) -> list[Organisation]:
    ids = list(qs.order_by("pk").values_list("pk", flat=True))
    chosen = rng.sample(ids, min(n, len(ids)))
    return list(Organisation.objects.filter(pk__in=chosen).order_by("pk"))


def _profile(org: Organisation, side: str, rng: random.Random) -> dict:
    """What a participant seeks / offers: its own challenges and solutions when matching is installed
    (linked to the registration), otherwise a plausible description."""
    links = integrations.offer_choices(org.pk)
    challenges = [link for link in links if link.kind == "challenge"][:3]
    solutions = [link for link in links if link.kind == "solution"][:3]
    seeks = "; ".join(link.title for link in challenges) or (rng.choice(SEEKS) if side == Side.BUYER else "")
    offers = "; ".join(link.title for link in solutions) or (
        rng.choice(OFFERS) if side == Side.SUPPLIER else rng.choice(OFFERS[3:5])
    )
    return {
        "seeks": seeks,
        "offers": offers,
        "challenges": [link.pk for link in challenges],
        "solutions": [link.pk for link in solutions],
    }


def seed(*, rng: random.Random, scale: int, stdout=None) -> dict[str, int]:
    if _buyers().count() < 5 or _suppliers().count() < 5:
        if stdout:
            stdout.write("wheel: not enough organisations in the directory; skipped")
        return {"wheels": 0}
    user = _organiser()
    event = _event(rng)
    counts = {"wheels": 0, "participants": 0, "requests": 0, "meetings": 0, "outcomes": 0}
    run, demo_org = _published_wheel(rng, scale=scale, event=event, user=user, counts=counts)
    _open_wheel(rng, event=event, user=user, demo_org=demo_org, counts=counts)
    if stdout and run.status != ScheduleRun.Status.DONE:
        stdout.write(f"wheel: scheduling run did not finish: {run.message} {run.problems[:3]}")
    return counts


def _published_wheel(rng: random.Random, *, scale: int, event: Event, user, counts: dict) -> tuple[ScheduleRun, int]:
    """A week before the anchor date: registrations, requests, the real scheduler, the day's outcomes."""
    n_buyers, n_suppliers = min(30 * scale, 200), min(60 * scale, 400)
    wheel = create_wheel(
        event=event,
        name=event.title if event.title.startswith("Rueda") else f"Rueda de Negocios — {event.title}",
        date=today() - dt.timedelta(days=7),
        start_time=dt.time(9, 0),
        slot_minutes=20,
        slot_count=12,
        breaks=[{"after": 6, "minutes": 20}],
        tables=max(20, n_buyers),
        status=Wheel.Status.OPEN,
        mode=Wheel.Mode.COLLECT,
        audience=Wheel.Audience.BUYERS_SUPPLIERS,
        default_cap=8,
    )
    counts["wheels"] += 1
    buyers = _pick(_buyers(), n_buyers, rng)
    # The demo representative's municipality takes part, so its agenda can be shown.
    demo_org = (
        Membership.objects.filter(person__user__email="representante@helix.demo")
        .values_list("organisation", flat=True)
        .first()
    )
    if demo_org and demo_org not in {o.pk for o in buyers}:
        buyers[0] = Organisation.objects.get(pk=demo_org)
    suppliers = _pick(_suppliers(), n_suppliers, rng)
    participants = _register_all(rng, wheel=wheel, user=user, buyers=buyers, suppliers=suppliers)
    counts["participants"] += len(buyers) + len(suppliers)
    rows = _requests(rng, wheel=wheel, participants=participants)
    MeetingRequest.objects.bulk_create(rows, ignore_conflicts=True)
    counts["requests"] += len(rows)
    run = ScheduleRun.objects.create(wheel=wheel, time_limit=5.0, created_by=user)
    run = execute_run(run_id=run.pk)
    mark_published(wheel=wheel)
    _day_of(rng, wheel=wheel, user=user, participants=participants, counts=counts)
    return run, demo_org


def _register_all(rng: random.Random, *, wheel: Wheel, user, buyers: list, suppliers: list) -> dict[str, list]:
    slots = list(wheel.slots.all())
    participants = {Side.BUYER: [], Side.SUPPLIER: []}
    for side, orgs in ((Side.BUYER, buyers), (Side.SUPPLIER, suppliers)):
        for org in orgs:
            if rng.random() < 0.2:  # a morning-only or afternoon-only participant
                available = slots[:6] if rng.random() < 0.5 else slots[6:]
            else:
                available = slots
            participants[side].append(
                register_participant(
                    wheel=wheel, organisation=org, side=side, slots=available, by=user, **_profile(org, side, rng)
                )
            )
    return participants


def _requests(rng: random.Random, *, wheel: Wheel, participants: dict[str, list]) -> list[MeetingRequest]:
    rows = []
    # The matcher's suggestions become "must meet" requests that remember their match, so outcomes
    # recorded after the wheel move the challenge pipeline.
    for buyer in participants[Side.BUYER]:
        for supplier_pk, (_score, match_pk) in list(integrations.suggestions(buyer, limit=3).items()):
            rows.append(
                MeetingRequest(
                    wheel=wheel,
                    from_participant=buyer,
                    to_participant_id=supplier_pk,
                    priority="must",
                    source_match_id=match_pk,
                )
            )
    for buyer in participants[Side.BUYER]:
        for supplier in rng.sample(participants[Side.SUPPLIER], min(9, len(participants[Side.SUPPLIER]))):
            roll = rng.random()
            priority = "must" if roll < 0.3 else ("no_thanks" if roll > 0.95 else "like")
            rows.append(MeetingRequest(wheel=wheel, from_participant=buyer, to_participant=supplier, priority=priority))
            if rng.random() < 0.35:
                rows.append(
                    MeetingRequest(
                        wheel=wheel,
                        from_participant=supplier,
                        to_participant=buyer,
                        priority="must" if rng.random() < 0.4 else "like",
                    )
                )
    return rows


def _day_of(rng: random.Random, *, wheel: Wheel, user, participants: dict[str, list], counts: dict) -> None:
    """The day itself: arrivals, a few no-shows, outcomes."""
    meetings = list(wheel.meetings.select_related("a", "b").order_by("slot__number", "table"))
    counts["meetings"] += len(meetings)
    suppliers = participants[Side.SUPPLIER]
    absent = {p.pk for p in rng.sample(suppliers, max(1, len(suppliers) // 25))}
    for p in participants[Side.BUYER] + participants[Side.SUPPLIER]:
        if p.pk not in absent:
            check_in(user=user, participant=p)
    outcome_values = list(MeetingOutcome.Outcome.values)
    for m in meetings:
        if m.a_id in absent or m.b_id in absent:
            set_meeting_status(user=user, meeting=m, status=Meeting.Status.NO_SHOW)
            continue
        set_meeting_status(user=user, meeting=m, status=Meeting.Status.HELD)
        for side in (m.a, m.b):
            if rng.random() < 0.55:
                value = rng.choices(outcome_values, weights=[30, 35, 18, 10, 7])[0]
                record_outcome(user=user, meeting=m, participant=side, outcome=value, note=rng.choice(NOTES))
                counts["outcomes"] += 1


def _open_wheel(rng: random.Random, *, event: Event, user, demo_org: int | None, counts: dict) -> None:
    """In 19 days, taking registrations: a few early participants and requests."""
    tz = timezone.get_current_timezone()
    open_wheel = create_wheel(
        event=event,
        name="Rueda de Negocios Agua y Energía",
        date=today() + dt.timedelta(days=19),
        start_time=dt.time(10, 0),
        slot_minutes=25,
        slot_count=10,
        breaks=[{"after": 5, "minutes": 30}],
        tables=25,
        status=Wheel.Status.OPEN,
        mode=Wheel.Mode.CONFIRM,
        audience=Wheel.Audience.BUYERS_SUPPLIERS,
        default_cap=6,
        allow_late_registration=True,
        registration_opens_at=dt.datetime.combine(today() - dt.timedelta(days=10), dt.time(9, 0), tzinfo=tz),
        registration_closes_at=dt.datetime.combine(today() + dt.timedelta(days=15), dt.time(18, 0), tzinfo=tz),
    )
    counts["wheels"] += 1
    open_slots = list(open_wheel.slots.all())
    early = [o for o in _pick(_buyers(), 8, rng) if o.pk != demo_org] + _pick(_suppliers(), 14, rng)
    registered = []
    for org in early:
        side = Side.BUYER if org.sector == "government" else Side.SUPPLIER
        registered.append(
            register_participant(
                wheel=open_wheel, organisation=org, side=side, slots=open_slots, by=user, **_profile(org, side, rng)
            )
        )
    counts["participants"] += len(registered)
    buyers2 = [p for p in registered if p.side == Side.BUYER]
    suppliers2 = [p for p in registered if p.side == Side.SUPPLIER]
    rows = []
    for b in buyers2:
        for s in rng.sample(suppliers2, min(3, len(suppliers2))):
            rows.append(
                MeetingRequest(
                    wheel=open_wheel,
                    from_participant=b,
                    to_participant=s,
                    priority=rng.choice(["must", "like"]),
                    status=rng.choice(["pending", "accepted", "pending"]),
                )
            )
    MeetingRequest.objects.bulk_create(rows, ignore_conflicts=True)
    counts["requests"] += len(rows)
