"""The partner network built from the records, cached: the graph per process (rebuilt when the strategy
cache version moves), its analyses in the shared cache.

A goal ("water projects in the north") is answered from the partner index (`network_analysis.PartnerIndex`):
the graph's standing of each organisation and who each region and topic concerns, computed with the graph
in the background precompute for the data version and kept in this process while the version holds, so a
goal with any regions and topics costs a look-up of the organisations concerned, not a graph."""

from __future__ import annotations

import threading
from collections import defaultdict
from typing import TYPE_CHECKING

from django.db.models.functions import Coalesce

from helix.core.seats import SeatStatus
from helix.events.models import Registration
from helix.matching.models import Match, Outcome
from helix.network.models import Agreement, Organisation
from helix.wheel.models import DirectMeeting, Meeting

from . import cache as strategy_cache
from .network_analysis import Actor, Goal, PartnerIndex, analyse, best_placed, build_graph, group_links, partner_index

if TYPE_CHECKING:  # networkx (19 MB) is imported where a graph is built, not on start-up
    import networkx as nx

# Goal zones of Chile by CUT region code (north to south): the partners page offers them as goals.
ZONE_CODES = {
    "north": (15, 1, 2, 3, 4),
    "centre": (5, 13, 6, 7),
    "south": (16, 8, 9, 14, 10, 11, 12),
}
MEETINGS = (Meeting.Status.SCHEDULED, Meeting.Status.HELD, Meeting.Status.WALK_IN)
AGREEMENTS = (Agreement.Status.ACTIVE, Agreement.Status.EXPIRED, Agreement.Status.TERMINATED)

_lock = threading.Lock()
_graph: dict[str, nx.Graph] = {}
_index: dict[str, PartnerIndex] = {}


def _groups(rows) -> list[list[int]]:
    groups = defaultdict(list)
    for key, member in rows:
        if member is not None:
            groups[key].append(member)
    return list(groups.values())


def _actors() -> list[Actor]:
    operating, topics = defaultdict(set), defaultdict(set)
    for org_id, region_id in Organisation.operating_regions.through.objects.values_list("organisation_id", "region_id"):
        operating[org_id].add(region_id)
    for org_id, topic_id in Organisation.topics.through.objects.values_list("organisation_id", "topic_id"):
        topics[org_id].add(topic_id)
    rows = Organisation.objects.values_list("pk", "name", "sector", Coalesce("region_id", "commune__region_id"))
    return [
        Actor(pk, name, sector, region, frozenset(operating[pk]), frozenset(topics[pk]))
        for pk, name, sector, region in rows.iterator(chunk_size=5000)
    ]


def _links():
    events = Registration.objects.filter(status=SeatStatus.CONFIRMED, organisation__isnull=False).values_list(
        "event_id", "organisation_id"
    )
    yield from group_links(_groups(events.distinct().iterator(chunk_size=10000)), "event")
    meetings = Meeting.objects.filter(status__in=MEETINGS).values_list("a__organisation_id", "b__organisation_id")
    for a, b in meetings.iterator(chunk_size=10000):
        yield a, b, "meeting"
    direct = DirectMeeting.objects.filter(status=DirectMeeting.Status.CONFIRMED).values_list(
        "proposer_id", "invitee_id"
    )
    for a, b in direct.iterator(chunk_size=10000):
        yield a, b, "meeting"
    parties = Agreement.parties.through.objects.filter(agreement__status__in=AGREEMENTS).values_list(
        "agreement_id", "organisation_id"
    )
    yield from group_links(_groups(parties.iterator(chunk_size=10000)), "agreement")
    matches = Match.objects.filter(state=Match.State.INTERESTED).values_list(
        "challenge__organisation_id", "solution__provider_id"
    )
    for a, b in matches.iterator(chunk_size=10000):
        yield a, b, "challenge"
    outcome_orgs = Outcome.organisations.through.objects.values_list("outcome_id", "organisation_id")
    yield from group_links(_groups(outcome_orgs.iterator(chunk_size=10000)), "challenge")


def graph() -> nx.Graph:
    """The current partner graph (built once per cache version in this process)."""
    version = strategy_cache.version()
    with _lock:
        if version not in _graph:
            built = build_graph(_actors(), _links())
            _graph.clear()
            _graph[version] = built
        return _graph[version]


def overview() -> dict:
    return strategy_cache.cached("partners", (), lambda: analyse(graph()))


def index() -> PartnerIndex:
    """The partner index of the current data version (or of a snapshot the cache may still serve): from
    this process's memory, else the shared snapshot, else computed from the graph."""
    version = strategy_cache.version()
    with _lock:
        if version in _index:
            return _index[version]
    built, exact = strategy_cache.lookup("partners-index", (), lambda: partner_index(graph()), version=version)
    if exact:  # a recent index of an earlier version is served, never kept for this one
        with _lock:
            _index.clear()
            _index[version] = built
    return built


def for_goal(goal: Goal) -> list[dict]:
    """The organisations best placed for the goal, with their reasons (no graph walked: the index)."""
    if not goal.regions and not goal.topics:
        return []
    return best_placed(index(), goal)
