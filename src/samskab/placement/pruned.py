# SPDX-License-Identifier: MPL-2.0
"""The placement optimum of `planning.optimise`, found on a much smaller network.

Three exact reductions of the full model's network (docs/adr/0011):

1. **Kinds.** Citizens of the same kind (`Problem.kind`: same point, same need) have the same
   arcs at the same costs, so one node per kind with the kind's head count as supply carries
   the same flows; the flow is split back over the kind's citizens, longest waiting first.
2. **Pruning with a dual check (column generation), when asked.** Each kind starts with its
   `keep` cheapest arcs. After each solve, node potentials are computed from the residual
   network (shortest distances, Bellman-Ford); they prove the flow optimal for every arc
   whose reduced cost `cost + p(kind) - p(offer)` is not negative. Excluded arcs with a
   negative reduced cost are added and the model is solved again, until none is left.
   Integer costs make the test exact. OR-Tools restarts cold on each round, which on the
   national instance costs more than the smaller network saves, so by default every kind arc
   is in (`keep=None`).
3. **Independent parts.** Connected components of the kind-offer candidate graph share no
   citizen and no place, so they are solved apart, in parallel processes when asked.
"""

from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray
from ortools.graph.python import min_cost_flow

from samskab.placement.planning import Assignment, NotSolved, Problem, objective, offers_of

# What the benchmark prunes to, to measure the dual check at national scale.
KEEP = 4

Ints = NDArray[np.int64]


@dataclass(frozen=True)
class Network:
    """One independent part at kind level: kinds → offers → sink."""

    supply: Ints
    capacity: Ints
    minimum: Ints
    arc_kind: Ints
    arc_offer: Ints
    arc_cost: Ints
    unplaced_cost: int
    reward: int


@dataclass(frozen=True)
class Solved:
    """Flow on each kind arc of a network, and how the pruning went."""

    flow: Ints
    rounds: int
    added: int
    active: int


@dataclass(frozen=True)
class Report:
    """How the pruned solve went, for the benchmark and the planning page."""

    kinds: int
    candidate_arcs: int
    active_arcs: int
    rounds: int
    added_arcs: int
    components: int
    largest_component: int
    processes: int


def _flow(net: Network, active: Ints) -> tuple[Ints, Ints, Ints, Ints, Ints, Ints]:
    """Solve the network on the active arcs; return the flow on them and the whole network."""
    kinds, offers = len(net.supply), len(net.capacity)
    sink = kinds + offers
    minimum = np.minimum(net.minimum, net.capacity)
    held = np.flatnonzero(minimum > 0)
    kind_nodes = np.arange(kinds, dtype=np.int64)
    offer_nodes = np.arange(offers, dtype=np.int64) + kinds
    tails = np.concatenate([net.arc_kind[active], kind_nodes, offer_nodes, offer_nodes[held]])
    heads = np.concatenate(
        [net.arc_offer[active] + kinds, np.full(kinds + offers + len(held), sink, np.int64)]
    )
    caps = np.concatenate(
        [net.supply[net.arc_kind[active]], net.supply, net.capacity - minimum, minimum[held]]
    )
    costs = np.concatenate(
        [
            net.arc_cost[active],
            np.full(kinds, net.unplaced_cost, np.int64),
            np.zeros(offers, np.int64),
            np.full(len(held), -net.reward, np.int64),
        ]
    )
    solver = min_cost_flow.SimpleMinCostFlow()
    solver.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    supplies = np.concatenate([net.supply, np.zeros(offers, np.int64), [-int(net.supply.sum())]])
    solver.set_nodes_supplies(np.arange(sink + 1, dtype=np.int64), supplies.astype(np.int64))
    status = solver.solve()
    if status != solver.OPTIMAL:
        raise NotSolved(f"Optimeringen fandt ingen løsning (status {status}).")
    flows = solver.flows(np.arange(len(tails), dtype=np.int64))
    return flows[: len(active)], tails, heads, caps, costs, flows


def potentials(nodes: int, tails: Ints, heads: Ints, caps: Ints, costs: Ints, flows: Ints) -> Ints:
    """Node potentials p with cost + p(tail) - p(head) >= 0 on every residual arc: shortest
    distances from a virtual root joined to every node at cost 0 (Bellman-Ford, vectorised).
    They exist exactly when the flow is optimal (no negative cycle)."""
    forward, backward = flows < caps, flows > 0
    tail = np.concatenate([tails[forward], heads[backward]])
    head = np.concatenate([heads[forward], tails[backward]])
    cost = np.concatenate([costs[forward], -costs[backward]])
    order = np.argsort(head, kind="stable")
    tail, head, cost = tail[order], head[order], cost[order]
    targets, starts = np.unique(head, return_index=True)
    p = np.zeros(nodes, np.int64)
    for _ in range(nodes + 1):
        best = np.minimum.reduceat(p[tail] + cost, starts)
        lower = best < p[targets]
        if not lower.any():
            return p
        p[targets[lower]] = best[lower]
    raise NotSolved("Optimeringen fandt en negativ kreds; løsningen er ikke optimal.")


def _cheapest(net: Network, keep: int | None) -> NDArray[np.bool_]:
    """Each kind's `keep` cheapest arcs (all arcs when `keep` is None)."""
    if keep is None:
        return np.ones(len(net.arc_kind), bool)
    order = np.lexsort((net.arc_cost, net.arc_kind))
    first = np.searchsorted(net.arc_kind[order], net.arc_kind[order], side="left")
    rank = np.empty(len(order), np.int64)
    rank[order] = np.arange(len(order)) - first
    chosen: NDArray[np.bool_] = rank < keep
    return chosen


def solve_network(net: Network, keep: int | None = KEEP) -> Solved:
    """Column generation on one network: the `keep` cheapest arcs of each kind first, then every
    excluded arc the dual check says could improve, until none could (`keep=None`: all arcs,
    one solve)."""
    kinds = len(net.supply)
    active = _cheapest(net, keep)
    rounds = added = 0
    while True:
        rounds += 1
        chosen = np.flatnonzero(active)
        flow, tails, heads, caps, costs, flows = _flow(net, chosen)
        if len(chosen) == len(active):
            return Solved(flow, rounds, added, len(chosen))
        p = potentials(kinds + len(net.capacity) + 1, tails, heads, caps, costs, flows)
        reduced = net.arc_cost + p[net.arc_kind] - p[net.arc_offer + kinds]
        improving = ~active & (reduced < 0)
        if not improving.any():
            full = np.zeros(len(net.arc_kind), np.int64)
            full[chosen] = flow
            return Solved(full, rounds, added, len(chosen))
        added += int(improving.sum())
        active |= improving


def _solve_all(nets: list[Network], keep: int | None) -> list[Solved]:
    return [solve_network(net, keep) for net in nets]


@dataclass(frozen=True)
class _Kinds:
    kind_of: Ints  # compact kind of each citizen
    arc: Ints  # the representative citizen's arc behind each kind arc
    arc_kind: Ints
    position: Ints  # position of the kind arc within its citizen's arcs
    supply: Ints
    cost: Ints  # of each kind arc


def _kinds(problem: Problem, by_citizen: Ints, start: Ints, length: Ints) -> _Kinds:
    """One row per kind, checked: every citizen must have its kind's arcs, else one per citizen."""
    n = problem.citizens
    kind = problem.kind if problem.kind is not None else np.arange(n, dtype=np.int64)
    _, first, kind_of = np.unique(kind, return_index=True, return_inverse=True)
    kind_of = kind_of.astype(np.int64).reshape(-1)
    rep = first[kind_of]
    # Compare every citizen's arcs with its representative's, position by position.
    same = problem.kind is None or bool((length == length[rep]).all())
    if same and problem.kind is not None:
        citizen = problem.arc_citizen[by_citizen]
        theirs = by_citizen[start[rep[citizen]] + np.arange(len(by_citizen)) - start[citizen]]
        same = all(
            bool((values[by_citizen] == values[theirs]).all())
            for values in (problem.arc_offer, problem.km, problem.misfit, problem.tariff)
        )
    if not same and problem.kind is not None:
        return _kinds(replace(problem, kind=None), by_citizen, start, length)
    reps = first.astype(np.int64)
    arc_kind = np.repeat(np.arange(len(reps), dtype=np.int64), length[reps])
    position = np.arange(len(arc_kind)) - np.repeat(
        np.cumsum(length[reps]) - length[reps], length[reps]
    )
    arc = by_citizen[start[reps][arc_kind] + position]
    supply = np.bincount(kind_of).astype(np.int64)
    return _Kinds(kind_of, arc, arc_kind, position, supply, problem.cost_of(arc))


def components(nodes: int, tails: Ints, heads: Ints) -> Ints:
    """Connected components of an undirected graph: each node's smallest node id in its
    component (union by smallest root with path halving, vectorised)."""
    parent = np.arange(nodes, dtype=np.int64)
    while True:
        root_t, root_h = parent[tails], parent[heads]
        low, high = np.minimum(root_t, root_h), np.maximum(root_t, root_h)
        apart = low != high
        if not apart.any():
            return parent
        np.minimum.at(parent, high[apart], low[apart])
        while True:
            jumped = parent[parent]
            if (jumped == parent).all():
                break
            parent = jumped


def _parts(problem: Problem, kinds: _Kinds) -> tuple[list[Ints], list[Ints]]:
    """Connected components of the kind-offer graph: (kinds, offers) of each."""
    count, m = len(kinds.supply), problem.offers
    label = components(count + m, kinds.arc_kind, problem.arc_offer[kinds.arc] + count)
    order = np.argsort(label, kind="stable")
    bounds = np.flatnonzero(np.diff(label[order])) + 1
    found = [(g[g < count], g[g >= count] - count) for g in np.split(order, bounds)]
    # Kinds without candidates stay unplaced; they need no network.
    found = [(k, o) for k, o in found if len(o)]
    return [k for k, _ in found], [o for _, o in found]


def _network(problem: Problem, kinds: _Kinds, part: Ints, offers: Ints) -> tuple[Network, Ints]:
    """The part's network and the kind arcs it holds."""
    local_kind = np.full(len(kinds.supply), -1, np.int64)
    local_kind[part] = np.arange(len(part))
    local_offer = np.full(problem.offers, -1, np.int64)
    local_offer[offers] = np.arange(len(offers))
    arcs = np.flatnonzero(local_kind[kinds.arc_kind] >= 0)
    minimum = problem.minimum if problem.minimum is not None else np.zeros(problem.offers, np.int64)
    net = Network(
        supply=kinds.supply[part],
        capacity=problem.capacity[offers],
        minimum=minimum[offers],
        arc_kind=local_kind[kinds.arc_kind[arcs]],
        arc_offer=local_offer[problem.arc_offer[kinds.arc[arcs]]],
        arc_cost=kinds.cost[arcs],
        unplaced_cost=problem.unplaced_cost,
        # The same reward as the full model's: every citizen arc is a copy of a kind arc.
        reward=int(kinds.cost.max(initial=0)) + problem.unplaced_cost + 1,
    )
    return net, arcs


def _split(problem: Problem, kinds: _Kinds, flow: Ints, by_citizen: Ints, start: Ints) -> Ints:
    """Each citizen's arc (-1: unplaced): a kind's flow goes to its longest-waiting citizens,
    the cheapest arc first."""
    citizens = np.lexsort((problem.priority, kinds.kind_of))
    slot_of_kind = np.concatenate([[0], np.cumsum(kinds.supply)[:-1]])
    arc_of = np.full(problem.citizens, -1, np.int64)
    used = np.flatnonzero(flow > 0)
    if len(used) == 0:
        return arc_of
    used = used[np.lexsort((kinds.cost[used], kinds.arc_kind[used]))]
    through = np.cumsum(flow[used])
    kind_first = np.searchsorted(kinds.arc_kind[used], kinds.arc_kind[used], side="left")
    before = through - flow[used]
    begin = slot_of_kind[kinds.arc_kind[used]] + (before - before[kind_first])
    end = begin + flow[used]
    slot = np.searchsorted(begin, np.arange(problem.citizens), side="right") - 1
    inside = (slot >= 0) & (np.arange(problem.citizens) < end[np.maximum(slot, 0)])
    citizen = citizens[inside]
    kind_arc = used[slot[inside]]
    arc_of[citizen] = by_citizen[start[citizen] + kinds.position[kind_arc]]
    return arc_of


def optimise_pruned(
    problem: Problem, keep: int | None = None, processes: int = 1
) -> tuple[Assignment, Report]:
    """The same optimum as `planning.optimise`, solved once per kind of citizen; with `keep`,
    from each kind's `keep` cheapest arcs plus the arcs the dual check adds; independent parts
    in up to `processes` processes."""
    if len(problem.arc_citizen) and (np.diff(problem.arc_citizen) >= 0).all():
        by_citizen = np.arange(len(problem.arc_citizen), dtype=np.int64)
    else:
        by_citizen = np.argsort(problem.arc_citizen, kind="stable")
    length = np.bincount(problem.arc_citizen, minlength=problem.citizens).astype(np.int64)
    start = np.concatenate([[0], np.cumsum(length)[:-1]]).astype(np.int64)
    kinds = _kinds(problem, by_citizen, start, length)
    parts, offers = _parts(problem, kinds)
    built = [_network(problem, kinds, part, o) for part, o in zip(parts, offers, strict=True)]
    nets = [net for net, _ in built]
    workers = min(processes, len(nets))
    if workers > 1:
        bins: list[list[int]] = [[] for _ in range(workers)]
        load = [0] * workers
        for index in sorted(range(len(nets)), key=lambda i: -len(nets[i].arc_kind)):
            lightest = load.index(min(load))
            bins[lightest].append(index)
            load[lightest] += len(nets[index].arc_kind) + 1
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = pool.map(_solve_all, [[nets[i] for i in b] for b in bins], [keep] * workers)
            by_index = dict(
                zip([i for b in bins for i in b], [s for r in results for s in r], strict=True)
            )
        solved = [by_index[i] for i in range(len(nets))]
    else:
        solved = _solve_all(nets, keep)
    flow = np.zeros(len(kinds.arc), np.int64)
    for (_, arcs), result in zip(built, solved, strict=True):
        flow[arcs] = result.flow
    arc_of = _split(problem, kinds, flow, by_citizen, start)
    assignment = Assignment(
        offers_of(problem, arc_of), arc_of, objective(problem, arc_of), "optimal"
    )
    report = Report(
        kinds=len(kinds.supply),
        candidate_arcs=len(kinds.arc),
        active_arcs=sum(s.active for s in solved),
        rounds=max((s.rounds for s in solved), default=0),
        added_arcs=sum(s.added for s in solved),
        components=len(nets),
        largest_component=max((len(p) for p in parts), default=0),
        processes=max(workers, 1),
    )
    return assignment, report
