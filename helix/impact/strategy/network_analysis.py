"""The partner network: pure networkx over plain data (no Django), so it can be tested and benchmarked.

Nodes are organisations (with sector, seat region, operating regions and topics); an edge joins two
organisations that attended the same event, met, signed an agreement together or share a challenge or
solution's match or outcome. Each edge keeps how many links of each kind it stands for and a weight.
"""

from __future__ import annotations

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


def best_placed(graph: nx.Graph, goal: Goal, *, top: int = 15) -> list[dict]:
    """Organisations best placed for the goal, each with its reasons (codes with values):
    seat in a goal region (3), operating there (2), a goal topic (2 each, up to 2 topics), partners seated
    there (0.5 each, up to 5), and its standing in the network (up to 1)."""
    if not goal.regions and not goal.topics:
        return []
    top_weight = max((graph.degree(n, weight="weight") for n in graph), default=0) or 1
    results = []
    for node in graph:
        actor: Actor = graph.nodes[node]["actor"]
        reasons, points = [], 0.0
        if goal.regions and actor.region in goal.regions:
            reasons.append({"code": "seat", "region": actor.region})
            points += 3
        elif goal.regions and actor.operating_regions & goal.regions:
            reasons.append({"code": "operates", "region": min(actor.operating_regions & goal.regions)})
            points += 2
        shared = sorted(actor.topics & goal.topics)
        if shared:
            reasons.append({"code": "topics", "topics": shared})
            points += 2 * min(len(shared), 2)
        if goal.regions:
            local = sum(1 for n in graph.neighbors(node) if graph.nodes[n]["actor"].region in goal.regions)
            if local:
                reasons.append({"code": "local_partners", "count": local})
                points += 0.5 * min(local, 5)
        if not reasons:  # nothing ties it to the goal: standing alone does not make it a candidate
            continue
        weight = graph.degree(node, weight="weight")
        if weight:
            reasons.append(
                {"code": "links", "count": graph.degree(node), "sectors": len(_neighbour_sectors(graph, node))}
            )
            points += weight / top_weight
        results.append(
            {"id": node, "name": actor.name, "sector": actor.sector, "points": round(points, 2), "reasons": reasons}
        )
    results.sort(key=lambda r: (-r["points"], r["name"]))
    return results[:top]
