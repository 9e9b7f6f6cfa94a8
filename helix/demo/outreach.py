"""Demo newsletters: subscribers with a consent record, segments, four sent issues in the public
archive and a draft. Deterministic (only `rng`; dates around the anchor, the day the seed runs). Subscribers
come from the directory people seeded before (helix.demo.network)."""

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import F

from helix.demo.dates import today
from helix.network.models import Person, Topic
from helix.outreach.consent import CONSENT_TEXT, CONSENT_VERSION
from helix.outreach.domain import sending
from helix.outreach.models import Delivery, Issue, Segment, Subscriber
from helix.territory.models import Region


def _anchor() -> dt.datetime:
    """9:00 in Santiago on the day the seed is anchored to."""
    return dt.datetime.combine(today(), dt.time(9, 0), tzinfo=ZoneInfo("America/Santiago"))


MONTHS = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]


def _day(when: dt.date) -> str:
    """ "21 de agosto": a date inside a newsletter's text."""
    return f"{when.day} de {MONTHS[when.month - 1]}"


def _dated(text: str, when: dt.datetime) -> str:
    """`text` with the dates of the issue sent `when`: {month} ("noviembre 2026"), {year}, {site} (the
    demo's address, so links work) and {in_N} / {ago_N} ("21 de agosto", N days after / before it).
    Issues never carry a stale or fixed date, whatever day the demo is seeded."""
    days = {f"in_{n}": _day(when + dt.timedelta(days=n)) for n in range(1, 61)}
    days |= {f"ago_{n}": _day(when - dt.timedelta(days=n)) for n in range(1, 61)}
    return text.format(month=f"{MONTHS[when.month - 1]} {when.year}", year=when.year, site=settings.SITE_URL, **days)


def _month_issue(months: int) -> dt.datetime:
    """When the monthly issue `months` months before the anchor's month went out: its 10th, at 9:00."""
    anchor = _anchor()
    index = anchor.year * 12 + anchor.month - 1 + months
    return anchor.replace(year=index // 12, month=index % 12 + 1, day=10)


# (subject, months before the anchor's month, body): one issue a month.
ISSUES = [
    (
        "Boletín Helix · {month}",
        -4,
        "## Se abre la convocatoria de desafíos municipales\n\n"
        "Doce municipios de **Valparaíso, Biobío y La Araucanía** publicaron sus desafíos de gestión de "
        "residuos, movilidad y seguridad. Las empresas y universidades pueden postular soluciones hasta el "
        "{in_45}.\n\n"
        "- Taller de formulación de desafíos: {in_12}, Concepción\n"
        "- Webinar *Gestión de residuos y economía circular*\n\n"
        "[Ver los desafíos]({site}/matching/)",
    ),
    (
        "Boletín Helix · {month}",
        -3,
        "## Rueda de negocios en Santiago\n\n"
        "Más de 60 reuniones entre municipios y empresas de tecnología urbana en la rueda del {ago_8}.\n\n"
        "### Academia\n\nAbrimos inscripciones para **Gestión de datos municipales** (24 horas, modalidad "
        "híbrida). Cupos limitados, con lista de espera automática.",
    ),
    (
        "Boletín Helix · {month}",
        -2,
        "## Mesas técnicas regionales\n\n"
        "Las mesas de **agua** en Coquimbo y de **energía** en Antofagasta acordaron 14 compromisos con "
        "responsables y plazos. Las actas están publicadas en cada evento.\n\n"
        "> «La coordinación entre municipios y academia es la clave» — participante de la mesa de agua",
    ),
    (
        "Boletín Helix · {month}",
        -1,
        "## Congreso Ciudades Inteligentes {year}\n\n"
        "Dos días de conferencias, feria de soluciones y mesas técnicas en Valparaíso. "
        "Los certificados de asistencia se envían por correo y se pueden verificar en línea.\n\n"
        "### Nuevos cursos\n\n"
        "1. Diplomado en Ciudades Inteligentes (120 horas)\n"
        "2. Ciberseguridad para gobiernos locales\n",
    ),
]

DRAFT = (
    "Boletín Helix · {month} (borrador)",
    "## Balance del mes\n\nProfesionales formados, desafíos resueltos y regiones activadas en {month}.\n\n"
    "*Borrador: completar con las cifras de impacto.*",
)


def seed(*, rng: random.Random, scale: int, stdout=None) -> dict[str, int]:
    counts = dict.fromkeys(["subscribers", "segments", "issues", "deliveries"], 0)
    topics = list(Topic.objects.filter(kind=Topic.Kind.TOPIC).order_by("pk"))
    regions = list(Region.objects.order_by("code"))
    people = list(Person.objects.filter(email__isnull=False).order_by("pk")[: 400 * scale])
    statuses = [Subscriber.Status.CONFIRMED] * 16 + [Subscriber.Status.PENDING, Subscriber.Status.UNSUBSCRIBED]
    consent_text = str(CONSENT_TEXT)
    subscribers = []
    for i, person in enumerate(people):
        requested = _anchor() - dt.timedelta(days=150 + rng.randrange(0, 200), minutes=i)
        status = rng.choice(statuses)
        subscribers.append(
            Subscriber(
                email=person.email.lower(),
                name=person.full_name,
                person=person,
                status=status,
                consent_version=CONSENT_VERSION,
                consent_text=consent_text,
                consent_requested_at=requested,
                confirmation_sent_at=requested,
                confirmed_at=requested + dt.timedelta(minutes=rng.randrange(2, 600))
                if status != Subscriber.Status.PENDING
                else None,
                unsubscribed_at=_anchor() - dt.timedelta(days=rng.randrange(1, 60))
                if status == Subscriber.Status.UNSUBSCRIBED
                else None,
            )
        )
    subscribers = Subscriber.objects.bulk_create(subscribers, batch_size=1000, ignore_conflicts=True)
    subscribers = list(Subscriber.objects.order_by("pk"))
    topic_links, region_links = [], []
    for sub in subscribers:
        for t in rng.sample(topics, k=min(len(topics), rng.randrange(1, 4))):
            topic_links.append(Subscriber.topics.through(subscriber_id=sub.pk, topic_id=t.pk))
        if regions and rng.random() < 0.6:
            region_links.append(Subscriber.regions.through(subscriber_id=sub.pk, region_id=rng.choice(regions).pk))
    Subscriber.topics.through.objects.bulk_create(topic_links, batch_size=2000, ignore_conflicts=True)
    Subscriber.regions.through.objects.bulk_create(region_links, batch_size=2000, ignore_conflicts=True)
    counts["subscribers"] = len(subscribers)

    municipalities = Segment.objects.create(name="Municipios y gobiernos regionales", sectors=["government"])
    valparaiso = Segment.objects.create(name="Región de Valparaíso")
    valparaiso.regions.set(Region.objects.filter(code=5))
    water_energy = Segment.objects.create(name="Agua y energía")
    water_energy.topics.set(Topic.objects.filter(code__in=["water", "energy"]))
    counts["segments"] = 3

    editor, _created = get_user_model().objects.get_or_create(
        email="boletin@helix.demo", defaults={"full_name": "Boletín Helix", "is_staff": True}
    )
    for subject, months, body in ISSUES:
        sent_at = _month_issue(months)
        issue = sending.create_issue(
            subject=_dated(subject, sent_at), body_markdown=_dated(body, sent_at), actor=editor
        )
        Issue.objects.filter(pk=issue.pk).update(created_at=sent_at - dt.timedelta(days=2))
        # Prepared as a real send would be, then recorded as delivered (the demo sends no e-mail).
        sending.prepare_issue(issue_id=issue.pk, now=sent_at)
        delivered = Delivery.objects.filter(issue=issue).update(status=Delivery.Status.SENT, sent_at=sent_at)
        Issue.objects.filter(pk=issue.pk).update(sent_count=F("total_recipients"))
        sending.finish_issue(issue_id=issue.pk, now=sent_at + dt.timedelta(minutes=12))
        counts["issues"] += 1
        counts["deliveries"] += delivered
    draft = sending.create_issue(
        subject=_dated(DRAFT[0], _anchor()),
        body_markdown=_dated(DRAFT[1], _anchor()),
        segment=municipalities,
        actor=editor,
    )
    Issue.objects.filter(pk=draft.pk).update(created_at=_anchor())
    counts["issues"] += 1
    return counts
