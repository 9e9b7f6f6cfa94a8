"""The partner network: pure networkx over plain data (no Django), so it can be tested and benchmarked.

Nodes are organisations (with sector, seat region, operating regions and topics); an edge joins two
organisations that attended the same event, met, signed an agreement together or share a challenge or
solution's match or outcome. Each edge keeps how many links of each kind it stands for and a weight.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # networkx (19 MB) is imported where a graph is built, not on start-up
    import networkx as nx


# How much one link of each kind counts towards an edge's weight.
LINK_WEIGHTS = {"agreement": 3.0, "meeting": 2.0, "challenge": 2.0, "event": 1.0}
# Events with more organisations than this say little about who knows whom (and would add n² edges).
MAX_EVENT_SIZE = 40
# Betweenness is computed among the best-connected organisations only (bridges are found there), from a
# seeded sample of sources sized so that sources × (nodes + edges) stays within a budget: seconds, not minutes.
BETWEENNESS_NODES = 2000
BETWEENNESS_BUDGET = 600_000


@dataclass(frozen=True)
class Actor:
    id: int
    name: str
    sector: str
    region: int | None = None
    operating_regions: frozenset[int] = field(default_factory=frozenset)
    topics: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Goal:
    regions: frozenset[int] = field(default_factory=frozenset)
    topics: frozenset[int] = field(default_factory=frozenset)


def group_links(groups: Iterable[Iterable[int]], kind: str) -> Iterable[tuple[int, int, str]]:
    """Pairs within each group (an event's attendees, an agreement's parties), skipping oversized groups."""
    for group in groups:
        members = sorted(set(group))
        if kind == "event" and len(members) > MAX_EVENT_SIZE:
            continue
        for a, b in combinations(members, 2):
            yield a, b, kind


def build_graph(actors: Iterable[Actor], links: Iterable[tuple[int, int, str]]) -> nx.Graph:
    import networkx as nx  # imported when used: 19 MB that no other page needs

    graph = nx.Graph()
    for actor in actors:
        graph.add_node(actor.id, actor=actor)
    for a, b, kind in links:
        if a == b or a not in graph or b not in graph:
            continue
        if graph.has_edge(a, b):
            data = graph.edges[a, b]
        else:
            graph.add_edge(a, b, kinds=Counter(), weight=0.0)
            data = graph.edges[a, b]
        data["kinds"][kind] += 1
        data["weight"] += LINK_WEIGHTS[kind]
    return graph


def _neighbour_sectors(graph: nx.Graph, node: int) -> set[str]:
    return {graph.nodes[n]["actor"].sector for n in graph.neighbors(node)}


def _betweenness(graph: nx.Graph, connected: list[int]) -> dict[int, float]:
    core = sorted(connected, key=lambda n: (-graph.degree(n, weight="weight"), n))[:BETWEENNESS_NODES]
    if len(core) <= 2:
        return {}
    import networkx as nx

    sub = nx.Graph(graph.subgraph(core))  # a plain copy: a subgraph view is many times slower to walk
    size = sub.number_of_nodes() + sub.number_of_edges()
    k = min(len(sub), max(10, BETWEENNESS_BUDGET // size))
    return nx.betweenness_centrality(sub, k=None if k >= len(sub) else k, seed=7, normalized=True)


def analyse(graph: nx.Graph, *, top: int = 10, isolated_limit: int = 30) -> dict:
    """Most connected, bridges across sectors, isolated actors (as plain dicts)."""
    connected = [n for n in graph if graph.degree(n) > 0]
    betweenness = _betweenness(graph, connected)

    def row(node: int) -> dict:
        actor = graph.nodes[node]["actor"]
        return {
            "id": node,
            "name": actor.name,
            "sector": actor.sector,
            "links": graph.degree(node),
            "weight": round(graph.degree(node, weight="weight"), 1),
            "betweenness": round(betweenness.get(node, 0.0), 4),
            "sectors_reached": sorted(_neighbour_sectors(graph, node) | {actor.sector}),
        }

    most = sorted(connected, key=lambda n: (-graph.degree(n, weight="weight"), graph.nodes[n]["actor"].name))[:top]
    bridges = [
        n
        for n in sorted(connected, key=lambda n: (-betweenness.get(n, 0.0), graph.nodes[n]["actor"].name))
        if betweenness.get(n, 0.0) > 0 and len(_neighbour_sectors(graph, n) - {graph.nodes[n]["actor"].sector}) >= 2
    ][:top]
    isolated = sorted((n for n in graph if graph.degree(n) == 0), key=lambda n: graph.nodes[n]["actor"].name)
    return {
        "organisations": graph.number_of_nodes(),
        "links": graph.number_of_edges(),
        "most_connected": [row(n) for n in most],
        "bridges": [row(n) for n in bridges],
        "isolated_count": len(isolated),
        "isolated": [
            {"id": n, "name": graph.nodes[n]["actor"].name, "sector": graph.nodes[n]["actor"].sector}
            for n in isolated[:isolated_limit]
        ],
    }


@dataclass(frozen=True)
class Standing:
    """A connected organisation's place in the network: links, their weight, the sectors it reaches (its
    own and its partners') and how many partners are seated in each region."""

    links: int
    weight: float
    sectors: int
    partner_regions: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class PartnerIndex:
    """What a goal is answered from, computed once per data version from the graph (in the background):
    every organisation, the standing of the connected ones, and the organisations a region or a topic
    concerns (seated or operating there, partners seated there; working on the topic)."""

    actors: dict[int, Actor]
    standing: dict[int, Standing]
    top_weight: float
    by_region: dict[int, frozenset[int]]
    by_topic: dict[int, frozenset[int]]


def partner_index(graph: nx.Graph) -> PartnerIndex:
    actors: dict[int, Actor] = {n: graph.nodes[n]["actor"] for n in graph}
    standing: dict[int, Standing] = {}
    by_region: dict[int, set[int]] = {}
    by_topic: dict[int, set[int]] = {}
    for node, actor in actors.items():
        regions = set(actor.operating_regions) | ({actor.region} if actor.region is not None else set())
        if graph.degree(node):
            partner_regions = Counter(actors[n].region for n in graph.neighbors(node) if actors[n].region is not None)
            standing[node] = Standing(
                links=graph.degree(node),
                weight=graph.degree(node, weight="weight"),
                sectors=len(_neighbour_sectors(graph, node)),
                partner_regions=tuple(sorted(partner_regions.items())),
            )
            regions |= set(partner_regions)
        for region in regions:
            by_region.setdefault(region, set()).add(node)
        for topic in actor.topics:
            by_topic.setdefault(topic, set()).add(node)
    return PartnerIndex(
        actors=actors,
        standing=standing,
        top_weight=max((s.weight for s in standing.values()), default=0.0) or 1.0,
        by_region={region: frozenset(nodes) for region, nodes in by_region.items()},
        by_topic={topic: frozenset(nodes) for topic, nodes in by_topic.items()},
    )


def best_placed(source: nx.Graph | PartnerIndex, goal: Goal, *, top: int = 15) -> list[dict]:
    """Organisations best placed for the goal, each with its reasons (codes with values):
    seat in a goal region (3), operating there (2), a goal topic (2 each, up to 2 topics), partners seated
    there (0.5 each, up to 5), and its standing in the network (up to 1). Only the organisations the
    goal's regions and topics concern are looked at (the index's lists), not the whole network."""
    if not goal.regions and not goal.topics:
        return []
    index = source if isinstance(source, PartnerIndex) else partner_index(source)
    concerned: set[int] = set()
    for region in goal.regions:
        concerned |= index.by_region.get(region, frozenset())
    for topic in goal.topics:
        concerned |= index.by_topic.get(topic, frozenset())
    # Score every organisation concerned, then explain the best only.
    scored = []
    for node in concerned:
        placing = _placing(index, node, goal)
        if placing is not None:
            scored.append((-round(placing[0], 2), index.actors[node].name, node))
    results = []
    for minus_points, name, node in heapq.nsmallest(top, scored):
        actor = index.actors[node]
        reasons = _placing(index, node, goal, explain=True)[1]
        results.append({"id": node, "name": name, "sector": actor.sector, "points": -minus_points, "reasons": reasons})
    return results


def _placing(index: PartnerIndex, node: int, goal: Goal, *, explain: bool = False) -> tuple[float, list] | None:
    """The organisation's points for the goal and, when asked, its reasons; None when nothing ties it to
    the goal (its standing alone does not make it a candidate)."""
    actor = index.actors[node]
    standing = index.standing.get(node)
    reasons: list[tuple] = []  # (code, value): cheap to collect, turned into dicts when explained
    points = 0.0
    if goal.regions and actor.region in goal.regions:
        reasons.append(("seat", actor.region))
        points += 3
    elif goal.regions and actor.operating_regions & goal.regions:
        reasons.append(("operates", actor.operating_regions & goal.regions))
        points += 2
    shared = actor.topics & goal.topics
    if shared:
        reasons.append(("topics", shared))
        points += 2 * min(len(shared), 2)
    if goal.regions and standing:
        local = sum(count for region, count in standing.partner_regions if region in goal.regions)
        if local:
            reasons.append(("local_partners", local))
            points += 0.5 * min(local, 5)
    if not reasons:
        return None
    if standing and standing.weight:
        reasons.append(("links", standing))
        points += standing.weight / index.top_weight
    return points, [_reason(code, value) for code, value in reasons] if explain else []


def _reason(code: str, value) -> dict:
    if code == "seat":
        return {"code": code, "region": value}
    if code == "operates":
        return {"code": code, "region": min(value)}
    if code == "topics":
        return {"code": code, "topics": sorted(value)}
    if code == "local_partners":
        return {"code": code, "count": value}
    return {"code": code, "count": value.links, "sectors": value.sectors}
