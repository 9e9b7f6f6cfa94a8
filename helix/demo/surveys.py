"""Demo surveys: a completed campaign of the built-in Smart City Maturity Diagnostic across 26
municipalities (plausible, varied answers: larger communes tend to be more mature, each dimension
varies around the municipality's level) and one campaign still open, with some responses in
progress. Deterministic (only `rng`, dates relative to today). Relies on the municipalities seeded
by helix.demo.network."""

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from helix.demo.dates import today
from helix.network.models import Organisation
from helix.network.models.organisations import OrganisationKind
from helix.surveys.diagnostic import FAMILY
from helix.surveys.domain import campaigns
from helix.surveys.models import Campaign, Question, Questionnaire, Response

K = Question.Kind
COMPLETED_REGIONS = [5, 13, 8, 16, 9, 4]
OPEN_REGIONS = [14, 10]
CHALLENGES = [
    "Reducir los microbasurales en sectores periféricos con mejor información de los vecinos.",
    "Ordenar el estacionamiento en el centro y mejorar el transporte público hacia los cerros.",
    "Digitalizar los permisos de edificación y los trámites de patentes comerciales.",
    "Medir el consumo de agua de los edificios municipales y reducir pérdidas.",
    "Llevar conectividad a sedes sociales rurales para cursos de competencias digitales.",
    "Anticipar emergencias por incendios forestales con sensores y alertas tempranas.",
]
ROLES = ["Directora de SECPLAN", "Encargado de innovación", "Jefa de informática", "Administrador municipal"]
# How attractive each option of the two rankings is (figures 3 and 4 of the case put safety,
# sustainability and long-term planning first).
RANKING_WEIGHTS = {
    "segura": 9,
    "sustentable": 8,
    "conectada": 5,
    "inclusiva": 6,
    "movilidad": 6,
    "participativa": 4,
    "innovadora": 3,
    "identidad": 2,
    "planificar": 9,
    "escuchar": 8,
    "datos": 5,
    "colaborar": 5,
    "transparentar": 6,
    "servicios": 7,
    "inversion": 3,
}


def _system_actor():
    """The seeder acts as staff (an unsaved account: nothing is written for it)."""
    return get_user_model()(email="seed@helix.demo", is_staff=True, is_active=True)


def _clamp(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def _weighted_top(rng: random.Random, codes: list[str], n: int) -> list[str]:
    pool = list(codes)
    chosen = []
    for _i in range(n):
        weights = [RANKING_WEIGHTS.get(code, 3) + rng.random() * 3 for code in pool]
        pick = rng.choices(pool, weights=weights)[0]
        chosen.append(pick)
        pool.remove(pick)
    return chosen


def _yes_no(rng: random.Random, question: Question, level: float, reports_kpis: bool) -> str:
    if question.code == "reporta-kpi":
        return "yes" if reports_kpis else "no"
    chance = 0.5 if question.kpi_code else level / 4
    return "yes" if rng.random() < chance else "no"


def _choice(rng: random.Random, question: Question, level: float, reports_kpis: bool):
    codes = [o.code for o in question.options.all()]
    if question.kind == K.MATURITY:
        return str(_clamp(level + rng.uniform(-0.5, 0.5), 0, 4))
    if question.kind == K.LIKERT:
        return str(_clamp(1 + level + rng.uniform(-0.6, 0.6), 1, 5))
    if question.kind == K.YES_NO:
        return _yes_no(rng, question, level, reports_kpis)
    if question.kind == K.SINGLE:
        return codes[_clamp(level / 4 * (len(codes) - 1) + rng.uniform(-0.6, 0.6), 0, len(codes) - 1)]
    if question.kind == K.MULTIPLE:
        k = _clamp(level * 0.8 + rng.uniform(-0.5, 0.5), 0, question.max_choices or 3)
        return rng.sample([c for c in codes if c != "ninguno"], k) if k else ["ninguno"]
    top = _weighted_top(rng, codes, question.max_choices or 3)
    return {code: str(rank) for rank, code in enumerate(top, start=1)}


def _typed(rng: random.Random, question: Question, level: float, population: int, reports_kpis: bool):
    if question.kind == K.NUMBER:
        if question.kpi_code:
            if not (reports_kpis and rng.random() < 0.6):
                return None
            high = float(question.max_value) if question.max_value is not None else 500.0
            return f"{rng.uniform(0.2, 0.95) * high:.1f}"
        if question.code == "funcionarios-capacitados":
            return str(int(population / 4000 * (0.5 + level)) + rng.randint(0, 6))
        return str(_clamp(level * 3 + rng.uniform(0, 4), 0, 1000))
    if question.code == "desafio":
        return rng.choice(CHALLENGES)
    return rng.choice(ROLES) if question.code == "cargo" else None


def _raw_answers(rng: random.Random, questions: list[Question], organisation: Organisation, *, complete: bool):
    population = organisation.commune.population if organisation.commune_id else 30_000
    base = 0.6 + min(2.6, population / 150_000) + rng.uniform(-0.5, 0.6)
    dimensions = ("economy", "people", "governance", "mobility", "environment", "living")
    levels = {code: base + rng.uniform(-1.0, 1.0) for code in dimensions}
    reports_kpis = rng.random() < 0.35
    raw = {}
    for question in questions:
        if not complete and rng.random() < 0.5:
            continue
        level = levels.get(question.dimension.code if question.dimension_id else "", base)
        if question.kind in (*Question.CHOICE_KINDS, K.LIKERT, K.YES_NO):
            value = _choice(rng, question, level, reports_kpis)
        else:
            value = _typed(rng, question, level, population, reports_kpis)
        if value is not None:
            raw[question.pk] = value
    return raw


def _municipalities(rng: random.Random, regions: list[int], count: int) -> list[Organisation]:
    candidates = list(
        Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY, region__code__in=regions)
        .select_related("commune")
        .order_by("name", "pk")
    )
    chosen = {o.pk: o for o in candidates if o.name == "Municipalidad de Valparaíso"}
    for organisation in rng.sample(candidates, min(count, len(candidates))):
        if len(chosen) >= count:
            break
        chosen.setdefault(organisation.pk, organisation)
    return list(chosen.values())


def seed(*, rng: random.Random, scale: int = 1, stdout=None) -> dict[str, int]:
    questionnaire = Questionnaire.objects.filter(family=FAMILY, status=Questionnaire.Status.PUBLISHED).first()
    if questionnaire is None or Campaign.objects.filter(questionnaire=questionnaire).exists():
        return {"campaigns": 0, "responses": 0}
    actor = _system_actor()
    questions = campaigns.questions_of(questionnaire)
    now = timezone.now()

    done = campaigns.create_campaign(
        actor=actor,
        questionnaire=questionnaire,
        # Named after the year it ran (it closed 40 days before the seeding day), never a fixed year.
        title=f"Diagnóstico de madurez municipal {(today() - dt.timedelta(days=40)).year}",
        deadline=now + dt.timedelta(days=1),
        organisations=_municipalities(rng, COMPLETED_REGIONS, 26),
    )
    submitted = 0
    for response in done.responses.select_related("organisation__commune").order_by("pk"):
        raw = _raw_answers(rng, questions, response.organisation, complete=True)
        campaigns.save_answers(token=response.token, raw=raw, submit=True, contact_name=rng.choice(ROLES))
        submitted += 1
    campaigns.close_campaign(actor=actor, campaign=done)
    # Dated like a campaign that ran two months ago.
    Campaign.objects.filter(pk=done.pk).update(deadline=now - dt.timedelta(days=40))
    for response in done.responses.all():
        Response.objects.filter(pk=response.pk).update(
            submitted_at=now - dt.timedelta(days=rng.randint(41, 70)), started_at=now - dt.timedelta(days=75)
        )

    open_campaign = campaigns.create_campaign(
        actor=actor,
        questionnaire=questionnaire,
        title="Diagnóstico de madurez — Los Ríos y Los Lagos",
        deadline=now + dt.timedelta(days=21),
        organisations=_municipalities(rng, OPEN_REGIONS, 30),
    )
    in_progress = 0
    for response in open_campaign.responses.select_related("organisation__commune").order_by("pk"):
        roll = rng.random()
        if roll < 0.3:
            campaigns.save_answers(
                token=response.token,
                raw=_raw_answers(rng, questions, response.organisation, complete=True),
                submit=True,
            )
            submitted += 1
        elif roll < 0.6:
            campaigns.save_answers(
                token=response.token,
                raw=_raw_answers(rng, questions, response.organisation, complete=False),
                submit=False,
            )
            in_progress += 1
    total = done.responses.count() + open_campaign.responses.count()
    return {"campaigns": 2, "responses": total, "submitted": submitted, "in progress": in_progress}
