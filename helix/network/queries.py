"""Directory search and the querysets behind the directory pages and API.

Search ignores accents and case because it runs on the folded `search_text` column (see
`helix.core.text.fold_words`), filled by the domain functions.

* PostgreSQL: full-text search with the Spanish configuration on a tsvector built from the folded
  text by a trigger (migration 0003, GIN index), every query word as a prefix (`valpar:*`), ranked
  with `ts_rank` — name matches (weight A) before matches in the rest of the text (weight D).
* SQLite: the same prefix semantics through an FTS5 table that mirrors `search_text` (migration
  0004, kept in sync by triggers); results with more query words in the name come first, then by
  name. Other databases fall back to LIKE prefix matching with the same ranking.
"""

import re

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL

from helix.core.collation import spanish
from helix.core.text import fold_words
from helix.territory.models import Region

from .models import Agreement, Membership, Organisation, Person, Topic

SEARCH_CONFIG = "spanish"
# Words too common to narrow a search; PostgreSQL's Spanish configuration drops them too.
STOPWORDS = frozenset(
    [
        "a",
        "al",
        "con",
        "de",
        "del",
        "e",
        "el",
        "en",
        "la",
        "las",
        "lo",
        "los",
        "o",
        "para",
        "por",
        "que",
        "se",
        "su",
        "sus",
        "un",
        "una",
        "y",
        "the",
        "of",
        "and",
        "for",
        "in",
    ]
)
_WORD = re.compile(r"[^\W_]+")


def query_words(q: str | None) -> list[str]:
    """The folded, meaningful words of a search query ("Municipalidad de Valparaíso" → municipalidad, valparaiso)."""
    words = _WORD.findall(fold_words(q))
    kept = [w for w in words if w not in STOPWORDS]
    return (kept or words)[:8]  # a query of stop words only still searches; 8 words is plenty


def _uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def _fulltext(qs: QuerySet, words: list[str], *, name_field: str | None, order: tuple[str, ...]) -> QuerySet:
    """Filter and rank `qs` by the words; with a (folded) `name_field`, name hits rank highest."""
    if _uses_postgres():
        # `search_vector` (migration 0003): trigger-maintained, GIN-indexed, name weighted A.
        vector = f'"{qs.model._meta.db_table}"."search_vector"'
        tsquery = " & ".join(f"{w}:*" for w in words)
        params = [SEARCH_CONFIG, tsquery]
        matches = RawSQL(f"{vector} @@ to_tsquery(%s::regconfig, %s)", params, output_field=BooleanField())
        rank = RawSQL(f"ts_rank({vector}, to_tsquery(%s::regconfig, %s))", params, output_field=FloatField())
        return qs.filter(matches).annotate(rank=rank).order_by("-rank", *_spanish_terms(order))
    if connection.vendor == "sqlite":
        # FTS5 mirror of search_text (migration 0004): every word as a prefix, like PostgreSQL's `word:*`.
        table = qs.model._meta.db_table
        fts = f"{table}_fts"
        match = " ".join(f'"{w}"*' for w in words)
        matched = f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s"
        if name_field:
            qs = qs.filter(pk__in=RawSQL(matched, [match]))  # noqa: S611
        else:
            # Listed by name: "id + 0" keeps SQLite from fetching every match by rowid and sorting them all
            # through the Spanish collation; it walks the name index in order and stops at the page
            # (scale 30, "datos abiertos": 22.5 → 2.8 ms; no match at all: 0.03 → 3.9 ms).
            in_matches = RawSQL(f'"{table}"."id" + 0 IN ({matched})', [match], output_field=BooleanField())  # noqa: S611
            qs = qs.filter(in_matches)
    else:
        for word in words:
            qs = qs.filter(Q(search_text__startswith=word) | Q(search_text__contains=f" {word}"))
    if not name_field:
        return qs.order_by(*_spanish_terms(order))
    name_hits = sum(
        (
            Case(
                When(Q(**{f"{name_field}__startswith": w}) | Q(**{f"{name_field}__contains": f" {w}"}), then=1),
                default=0,
                output_field=IntegerField(),
            )
            for w in words
        ),
        Value(0),
    )
    return qs.annotate(rank=name_hits).order_by("-rank", *_spanish_terms(order))


def _spanish_terms(order: tuple[str, ...]) -> list:
    """Names sorted the Spanish way on both databases (issue 12 §7); ``pk`` as is."""
    return [name if name.lstrip("-") == "pk" else spanish(name) for name in order]


def _region(region) -> Region | int | None:
    if region in (None, ""):
        return None
    if isinstance(region, Region):
        return region.pk
    try:
        return Region.objects.filter(code=int(region)).values_list("pk", flat=True).first() or 0
    except (TypeError, ValueError):
        return 0  # no region has pk 0: an unknown region filters everything out


def _topic_ids(topic) -> list[int] | None:
    """The topic and, for a dimension, its finer topics."""
    if topic in (None, ""):
        return None
    qs = Topic.objects.filter(pk=topic.pk) if isinstance(topic, Topic) else Topic.objects.filter(code=topic)
    ids = list(qs.values_list("pk", flat=True))
    ids += list(Topic.objects.filter(parent_id__in=ids).values_list("pk", flat=True))
    return ids


def search_organisations(*, q: str = "", sector=None, kind=None, region=None, topic=None) -> QuerySet[Organisation]:
    """Organisations matching the query and filters, best match first (by name without a query).

    `region` (a Region or its code) matches the region of seat or a region where it operates;
    `topic` (a Topic or its code) includes the finer topics of a dimension.
    """
    qs = Organisation.objects.all()
    if sector:
        qs = qs.filter(sector=sector)
    if kind:
        qs = qs.filter(kind=kind)
    region_pk = _region(region)
    if region_pk is not None:
        operating = Organisation.operating_regions.through.objects.filter(region_id=region_pk)
        qs = qs.filter(Q(region_id=region_pk) | Q(pk__in=operating.values("organisation_id")))
    topic_ids = _topic_ids(topic)
    if topic_ids is not None:
        tagged = Organisation.topics.through.objects.filter(organisation_id=OuterRef("pk"), topic_id__in=topic_ids)
        qs = qs.filter(Exists(tagged))
    words = query_words(q)
    if words:
        return _fulltext(qs, words, name_field="normalized_name", order=("name", "pk"))
    return qs.order_by(*_spanish_terms(("name", "pk")))


def search_people(*, q: str = "", region=None, topic=None, commune=None, public_only: bool = True) -> QuerySet[Person]:
    """People matching the query and filters; only public expert profiles unless `public_only=False`."""
    qs = Person.objects.all()
    if public_only:
        qs = qs.filter(public_profile=True)
    if commune is not None:
        qs = qs.filter(commune=commune)
    region_pk = _region(region)
    if region_pk is not None:
        qs = qs.filter(commune__region_id=region_pk)
    topic_ids = _topic_ids(topic)
    if topic_ids is not None:
        # EXISTS lets the planner walk the name index and stop at the page size.
        tagged = Person.expertise.through.objects.filter(person_id=OuterRef("pk"), topic_id__in=topic_ids)
        qs = qs.filter(Exists(tagged))
    words = query_words(q)
    if words:
        # Names are not stored folded apart from search_text, so people rank on the whole text.
        return _fulltext(qs, words, name_field=None, order=("last_name", "first_name", "pk"))
    return qs.order_by(*_spanish_terms(("last_name", "first_name", "pk")))


# --- what the pages show ------------------------------------------------------------------------


def organisation_list(qs: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """Rows for a directory list: seat and topics in a constant number of queries."""
    return qs.select_related("commune", "region").prefetch_related(
        Prefetch("topics", queryset=Topic.objects.only("id", "code", "name_es", "name_en"))
    )


def people_list(qs: QuerySet[Person]) -> QuerySet[Person]:
    return qs.select_related("commune").prefetch_related(
        "expertise",
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(status=Membership.Status.APPROVED).select_related("organisation"),
            to_attr="approved_memberships",
        ),
    )


def organisation_page(slug: str) -> QuerySet[Organisation]:
    """One organisation with everything its page shows, in a constant number of queries."""
    return (
        Organisation.objects.filter(slug=slug)
        .select_related("commune", "region")
        .prefetch_related(
            "topics",
            "operating_regions",
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(status=Membership.Status.APPROVED, person__public_profile=True)
                .select_related("person")
                .order_by("person__last_name", "person__first_name"),
                to_attr="public_members",
            ),
        )
    )


ACTIVITY_LIMIT = 20


def _activity_present(org_id: int) -> dict[str, bool]:
    """Which of the organisation's activity lists have any row at all, whoever looks, in ONE query.

    Most directory organisations have no activity on the platform; this lets their page skip the five
    list queries (and the ORM's cost of building them) instead of running each to get nothing. Plain
    SQL over the tables' own names, no user input: the lists themselves still apply visibility."""
    from helix.events.models import Event
    from helix.matching.models import Challenge, Solution
    from helix.wheel.models import Participant

    def table(model) -> str:
        return connection.ops.quote_name(model._meta.db_table)

    def column(model, field: str) -> str:
        return connection.ops.quote_name(model._meta.get_field(field).column)

    partners = Event.partners.through
    parties = Agreement.parties.through
    checks = {
        "challenges": (Challenge, "organisation"),
        "solutions": (Solution, "provider"),
        "wheels": (Participant, "organisation"),
        "events": (Event, "organiser"),
        "event_partners": (partners, "organisation"),
        "agreements": (parties, "organisation"),
    }
    sql = ", ".join(
        f"EXISTS (SELECT 1 FROM {table(model)} WHERE {column(model, field)} = %s)" for model, field in checks.values()
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {sql}", [org_id] * len(checks))
        present = dict(zip(checks, (bool(value) for value in cursor.fetchone()), strict=True))
    present["events"] = present["events"] or present.pop("event_partners")
    return present


def organisation_activity(organisation: Organisation, user) -> dict[str, list]:
    """What the organisation does on the platform, as `user` may see it: its challenges, solutions,
    business wheels, events (organised or partnered) and agreements — one query to learn which lists
    have rows, then one query per non-empty list, whatever its length (each list capped at
    ACTIVITY_LIMIT, newest first)."""
    from helix.events.models import Event
    from helix.matching.models import Challenge, Solution
    from helix.matching.permissions import challenge_visibility_q, solution_visibility_q
    from helix.wheel.models import Wheel

    org = organisation.pk
    present = _activity_present(org)
    lists = {
        "challenges": lambda: (
            Challenge.objects.filter(challenge_visibility_q(user), organisation_id=org)
            .order_by("-created_at")
            .only("pk", "title", "status")
        ),
        "solutions": lambda: (
            Solution.objects.filter(solution_visibility_q(user), provider_id=org)
            .order_by("-created_at")
            .only("pk", "title", "status")
        ),
        "wheels": lambda: (
            Wheel.objects.filter(participants__organisation_id=org)
            .exclude(status=Wheel.Status.DRAFT)
            .select_related("event")
            .order_by("-date")
            .distinct()
        ),
        "events": lambda: (
            Event.objects.filter(Q(organiser_id=org) | Q(partners__pk=org), status=Event.Status.PUBLISHED)
            .order_by("-starts_at")
            .distinct()
            .only("pk", "slug", "title", "starts_at")
        ),
        "agreements": lambda: (
            Agreement.objects.filter(parties__pk=org).prefetch_related("parties").order_by("-created_at", "-pk")
        ),
    }
    return {key: list(build()[:ACTIVITY_LIMIT]) if present[key] else [] for key, build in lists.items()}


def representative_emails(organisation: Organisation) -> list[str]:
    """Where to write to an organisation: its approved representatives' e-mails, else its public address."""
    people = Membership.objects.filter(
        organisation=organisation,
        status=Membership.Status.APPROVED,
        role__in=[Membership.Role.REPRESENTATIVE, Membership.Role.ADMIN],
    ).select_related("person__user")
    emails = {m.person.email or getattr(m.person.user, "email", "") for m in people} - {"", None}
    if not emails and organisation.email:
        emails = {organisation.email}
    return sorted(emails)


def agreement_page(pk: int) -> QuerySet[Agreement]:
    """One agreement with its parties, confirmations and links, in a constant number of queries."""
    return (
        Agreement.objects.filter(pk=pk)
        .select_related("challenge", "meeting__wheel", "match__solution")
        .prefetch_related("topics", "parties__commune", "parties__region", "confirmations__organisation")
    )


def person_page(pk: int, *, public_only: bool = True) -> QuerySet[Person]:
    """One person with what their page shows; staff (``public_only=False``) also see private profiles."""
    people = Person.objects.filter(pk=pk) if not public_only else Person.objects.filter(pk=pk, public_profile=True)
    return people.select_related("commune__region").prefetch_related(
        "expertise",
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(status=Membership.Status.APPROVED)
            .select_related("organisation")
            .order_by("organisation__name"),
            to_attr="approved_memberships",
        ),
    )


def agreement_list(*, status: str | None = None, international: bool = False) -> QuerySet[Agreement]:
    qs = Agreement.objects.prefetch_related("parties", "topics").order_by("-start_date", "title", "pk")
    if status:
        qs = qs.filter(status=status)
    if international:
        foreign = Agreement.parties.through.objects.exclude(organisation__country="CL")
        qs = qs.filter(pk__in=foreign.values("agreement_id"))
    return qs


def agreements_of(organisation_ids) -> QuerySet[Agreement]:
    """The agreements of the given organisations (an organisation's representatives' own list), newest first."""
    party_of = Agreement.parties.through.objects.filter(organisation_id__in=organisation_ids)
    return (
        Agreement.objects.filter(pk__in=party_of.values("agreement_id"))
        .prefetch_related("parties", "confirmations")
        .order_by("-pk")
    )
