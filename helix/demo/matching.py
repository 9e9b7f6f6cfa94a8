"""Demo data for `seed_demo`: challenges from the municipalities, solutions from the providers that
`helix.demo.network` created, then the matches (one full recompute), some interest, pipeline entries
in every stage, and outcomes.

Deterministic: only `rng` decides, dates are relative to the anchor date (the day the seed runs).
"""

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db.models import Q

from helix.core.text import fold
from helix.demo.dates import today
from helix.matching.domain.records import CHALLENGES, SOLUTIONS, bump_clock
from helix.matching.domain.runs import run_full_recompute
from helix.matching.models import Challenge, Match, MatchRun, Outcome, PipelineEntry, PipelineEvent, Solution, Stage
from helix.network.models import Membership, Organisation, Topic
from helix.network.models.organisations import OrganisationKind, Sector
from helix.territory.models import Region

from . import matching_content as content


def _anchor() -> dt.datetime:
    """Noon (UTC) of the day the seed is anchored to."""
    return dt.datetime.combine(today(), dt.time(12, 0), tzinfo=dt.UTC)


CHALLENGES_PER_SCALE = 300
SOLUTIONS_PER_SCALE = 240
PIPELINE_PAIRS = 60
INTERNATIONAL_SHARE = 0.2  # offers of international providers (written in Spanish)
# Volume grows with `scale` only up to this factor: the demo computes every match at seed time (about
# 30 ms per record here), and a few hundred per kind is what the demo needs; the matcher's own
# speed at 100,000 solutions is measured by bench/matching_speed.py instead.
MAX_SCALE = 3

# Path through the pipeline for demo pairs; each stops at a random point (or is discarded).
PATH = [Stage.SHORTLISTED, Stage.CONTACTED, Stage.MEETING, Stage.PILOT, Stage.SOLVED]


def _weighted(rng: random.Random, options: list[tuple[str, int]]) -> str:
    values, weights = zip(*options)
    return rng.choices(values, weights=weights)[0]


def _challenges(rng: random.Random, n: int, municipalities: list[Organisation], topics: dict[str, Topic]):
    topic_codes = sorted(content.CHALLENGES)
    rows, topic_links = [], []
    for i in range(n):
        code = topic_codes[i % len(topic_codes)] if i < len(topic_codes) else rng.choice(topic_codes)
        title, body = rng.choice(content.CHALLENGES[code])
        org = rng.choice(municipalities)
        comuna = org.commune.name if org.commune_id else "la comuna"
        description = (
            rng.choice(content.OPENERS)
            + body.format(comuna=comuna, sector=rng.choice(content.SECTORS))
            + rng.choice(content.CLOSERS)
        )
        status = _weighted(rng, [("open", 62), ("in_progress", 14), ("draft", 8), ("solved", 6), ("closed", 10)])
        budget_min = budget_max = None
        if rng.random() < 0.5:
            budget_min = rng.choice([5, 10, 20, 30, 50]) * 1_000_000
            budget_max = budget_min * rng.choice([2, 3, 4])
        created = _anchor() - dt.timedelta(days=rng.randint(5, 540), minutes=rng.randint(0, 600))
        rows.append(
            Challenge(
                organisation=org,
                title=f"{title} en {comuna}" if rng.random() < 0.6 else title,
                description=description,
                commune=org.commune,
                region_id=org.region_id or (org.commune.region_id if org.commune_id else None),
                status=status,
                visibility="staff" if rng.random() < 0.07 else "public",
                budget_min=budget_min,
                budget_max=budget_max,
                deadline=(_anchor() + dt.timedelta(days=rng.randint(20, 240))).date() if rng.random() < 0.5 else None,
                created_at=created,
                updated_at=created,
            )
        )
        # Real challenges often come without topics; some carry the matching SDG as well.
        chosen = [] if rng.random() < 0.25 else [code]
        if chosen and code in content.SDG and rng.random() < 0.4:
            chosen.append(content.SDG[code])
        topic_links.append([topics[c] for c in chosen if c in topics])
    return rows, topic_links


def _solutions(rng: random.Random, n: int, providers: list[Organisation], international: list[Organisation], topics):
    codes_es, codes_intl = sorted(content.SOLUTIONS_ES), sorted(content.SOLUTIONS_INTERNATIONAL)
    regions = list(Region.objects.order_by("code"))
    rows, topic_links, region_links = [], [], []
    for i in range(n):
        abroad = rng.random() < INTERNATIONAL_SHARE
        if abroad:
            code = rng.choice(codes_intl)
            title, description = rng.choice(content.SOLUTIONS_INTERNATIONAL[code])
            provider = rng.choice(international or providers)
        else:
            code = codes_es[i % len(codes_es)] if i < len(codes_es) else rng.choice(codes_es)
            title, description = rng.choice(content.SOLUTIONS_ES[code])
            provider = rng.choice(providers)
        if rng.random() < 0.6:
            title = f"{rng.choice(content.BRANDS)}: {title}"
        if rng.random() < 0.5:
            variant = rng.choice(["Piloto en {n} comunas.", "Incluye capacitación.", "Modalidad de servicio mensual."])
            description = f"{description} {variant.format(n=rng.randint(2, 9))}"
        all_chile = abroad or rng.random() < 0.35
        delivery = []
        if not all_chile:
            home = provider.region_id
            delivery = [r for r in regions if r.pk == home] + rng.sample(regions, rng.randint(0, 3))
        refs = rng.sample(content.REFERENCE_PLACES, rng.randint(0, 2))
        created = _anchor() - dt.timedelta(days=rng.randint(5, 700), minutes=rng.randint(0, 600))
        rows.append(
            Solution(
                provider=provider,
                title=title,
                description=description,
                language="es",
                all_chile=all_chile,
                maturity=_weighted(rng, [("idea", 15), ("pilot", 40), ("deployed", 45)]),
                references=", ".join(refs),
                status=_weighted(rng, [("published", 88), ("draft", 8), ("archived", 4)]),
                created_at=created,
                updated_at=created,
            )
        )
        topic_links.append([topics[code]] if code in topics else [])
        region_links.append(list({r.pk: r for r in delivery}.values()))
    return rows, topic_links, region_links


def _bulk(model, rows, *, clock: str, text) -> list:
    """Insert rows stamped like domain writes (search text, index clock), keeping the anchor dates."""
    version = bump_clock(clock)
    for row in rows:
        row.search_text = fold(text(row))
        row.index_version = version
    created = model.objects.bulk_create(rows, batch_size=500)
    # auto_now/auto_now_add overwrote the dates: put the deterministic ones back.
    model.objects.bulk_update(created, ["created_at", "updated_at"], batch_size=500)
    return created


def _link(through, rows, links, field: str, target: str) -> None:
    through.objects.bulk_create(
        [
            through(**{f"{field}_id": row.pk, f"{target}_id": item.pk})
            for row, items in zip(rows, links)
            for item in items
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )


def _pipeline(rng: random.Random, pairs: list[Match], staff) -> tuple[int, int]:
    """Walk demo pairs through the pipeline with a history; pilots and solved pairs get outcomes."""
    entries = events = outcomes = 0
    for match in pairs:
        depth = rng.randint(1, len(PATH))
        stages = PATH[:depth]
        discarded = rng.random() < 0.2 and depth < len(PATH)
        if discarded:
            stages = [*stages, Stage.DISCARDED]
        when = _anchor() - dt.timedelta(days=rng.randint(30, 200))
        entry = PipelineEntry.objects.create(challenge=match.challenge, solution=match.solution, stage=stages[-1])
        previous = Stage.SUGGESTED
        history = []
        for stage in stages:
            when += dt.timedelta(days=rng.randint(2, 20))
            history.append(
                PipelineEvent(entry=entry, actor=staff, from_stage=previous, to_stage=stage, note="", created_at=when)
            )
            previous = stage
        created = PipelineEvent.objects.bulk_create(history)
        PipelineEvent.objects.bulk_update(created, ["created_at"])
        entries += 1
        events += len(history)
        for stage, kind in ((Stage.PILOT, Outcome.Kind.PILOT), (Stage.SOLVED, Outcome.Kind.SOLVED)):
            if stage in stages:
                outcome = Outcome.objects.create(
                    challenge=match.challenge,
                    solution=match.solution,
                    entry=entry,
                    kind=kind,
                    summary="Piloto de 3 meses con evaluación conjunta." if kind == Outcome.Kind.PILOT else "",
                    amount_clp=rng.choice([None, 8_000_000, 15_000_000, 40_000_000]),
                    date=(when - dt.timedelta(days=rng.randint(0, 10))).date(),
                    recorded_by=staff,
                )
                outcome.organisations.set([match.challenge.organisation_id, match.solution.provider_id])
                outcomes += 1
    return entries, events, outcomes


def seed(*, rng: random.Random, scale: int, stdout) -> dict[str, int]:
    municipalities = list(
        Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).select_related("commune").order_by("pk")
    )
    providers = list(
        Organisation.objects.filter(
            Q(sector__in=[Sector.COMPANY, Sector.ACADEMIA, Sector.CIVIL_SOCIETY])
            | Q(kind=OrganisationKind.PUBLIC_AGENCY)
        )
        .exclude(kind=OrganisationKind.CITIZEN_ASSOCIATION)
        .order_by("pk")
    )
    if not municipalities or not providers:
        stdout.write("matching: no municipalities or providers in the directory; nothing seeded.")
        return {"challenges": 0, "solutions": 0}
    international = [o for o in providers if o.country != "CL"]
    topics = {t.code: t for t in Topic.objects.all()}
    scale = max(1, min(scale, MAX_SCALE))

    rows, topic_links = _challenges(rng, CHALLENGES_PER_SCALE * scale, municipalities, topics)
    challenges = _bulk(Challenge, rows, clock=CHALLENGES, text=lambda c: f"{c.title} {c.description}")
    _link(Challenge.topics.through, challenges, topic_links, "challenge", "topic")

    rows, topic_links, region_links = _solutions(rng, SOLUTIONS_PER_SCALE * scale, providers, international, topics)
    solutions = _bulk(Solution, rows, clock=SOLUTIONS, text=lambda s: f"{s.title} {s.description}")
    _link(Solution.topics.through, solutions, topic_links, "solution", "topic")
    _link(Solution.regions.through, solutions, region_links, "solution", "region")
    # Contact person: a member of the provider, when the directory has one.
    members = dict(
        Membership.objects.filter(organisation_id__in={s.provider_id for s in solutions}, status="approved")
        .order_by("organisation_id", "pk")
        .values_list("organisation_id", "person_id")
    )
    with_contact = [s for s in solutions if s.provider_id in members]
    for solution in with_contact:
        solution.contact_id = members[solution.provider_id]
    Solution.objects.bulk_update(with_contact, ["contact"], batch_size=500)

    run = MatchRun.objects.create()
    run = run_full_recompute(run_id=run.pk)
    MatchRun.objects.filter(pk=run.pk).update(created_at=_anchor(), started_at=_anchor(), finished_at=_anchor())

    staff = get_user_model().objects.filter(is_staff=True).order_by("pk").first()
    top = list(
        Match.objects.filter(rank=1, challenge__status__in=Challenge.MATCHABLE)
        .select_related("challenge", "solution")
        .order_by("challenge_id")
    )
    rng.shuffle(top)
    pairs = top[:PIPELINE_PAIRS]
    interested = top[PIPELINE_PAIRS : PIPELINE_PAIRS * 2]
    for match in interested:
        match.state = Match.State.INTERESTED
        match.interested_challenge_side = rng.random() < 0.6
        match.interested_provider_side = not match.interested_challenge_side or rng.random() < 0.4
    Match.objects.bulk_update(interested, ["state", "interested_challenge_side", "interested_provider_side"])
    dismissed = top[PIPELINE_PAIRS * 2 : PIPELINE_PAIRS * 2 + 20]
    for match in dismissed:
        match.state, match.rank, match.solution_rank = Match.State.DISMISSED, None, None
        match.dismissed_at = _anchor() - dt.timedelta(days=rng.randint(1, 60))
    Match.objects.bulk_update(dismissed, ["state", "rank", "solution_rank", "dismissed_at"])
    entries, events, outcomes = _pipeline(rng, pairs, staff)
    solved = list(PipelineEntry.objects.filter(stage=Stage.SOLVED).values_list("challenge_id", flat=True))
    Challenge.objects.filter(pk__in=solved).update(status=Challenge.Status.SOLVED, index_version=bump_clock(CHALLENGES))
    return {
        "challenges": len(challenges),
        "solutions": len(solutions),
        "matches": Match.objects.exclude(state=Match.State.DISMISSED).count(),
        "pipeline entries": entries,
        "pipeline events": events,
        "outcomes": outcomes,
    }
