# SPDX-License-Identifier: MPL-2.0
"""Assign waiting citizens to offers with places: the optimum (min-cost flow) and the
first-come nearest-first greedy rule it is compared with.

The problem is a transportation problem on a sparse bipartite graph: each citizen has a few
admissible candidate offers (arcs), each offer has free places. Costs are integers (points ×
SCALE) so the optimum is exact. Every citizen can also stay unplaced at a high cost. A minimum
occupancy for highly specialised offers is modelled with two parallel arcs from the offer to
the sink: the first `minimum` places earn a reward large enough that filling them is preferred
to anything else, so the problem stays a network flow (no MIP needed) and is always solvable;
offers that still fall short are reported.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from ortools.graph.python import min_cost_flow

from samskab.core.errors import DomainError

SCALE = 10


@dataclass(frozen=True)
class Weights:
    """How much each thing counts, in points (1 point = 1 km of travel)."""

    travel: float = 1.0
    # Per step of misfit: a broader target group than the citizen's, or more specialised
    # than the support need asks (a scarce place taken).
    misfit: float = 60.0
    # Per 1,000 kr. of tariff per day.
    cost: float = 15.0
    # A citizen left waiting.
    unplaced: float = 1_500.0


@dataclass(frozen=True)
class Problem:
    """Citizens, offers and the admissible arcs between them, as arrays."""

    citizens: int
    capacity: NDArray[np.int64]
    arc_citizen: NDArray[np.int64]
    arc_offer: NDArray[np.int64]
    km: NDArray[np.float64]
    misfit: NDArray[np.int64]
    tariff: NDArray[np.float64]
    # Lower number = waited longer (served first by the greedy rule).
    priority: NDArray[np.int64]
    weights: Weights = field(default_factory=Weights)
    minimum: NDArray[np.int64] | None = None
    # Citizens of the same kind have the same arcs (same offers, same order, same costs), so
    # they are interchangeable; the pruned solver then solves one row per kind.
    kind: NDArray[np.int64] | None = None

    @property
    def offers(self) -> int:
        """Number of offers."""
        return len(self.capacity)

    @cached_property
    def cost(self) -> NDArray[np.int64]:
        """Integer cost of each arc."""
        return self.cost_of(np.arange(len(self.km)))

    def cost_of(self, arcs: NDArray[np.int64]) -> NDArray[np.int64]:
        """Integer cost of some arcs (without computing all of them)."""
        w = self.weights
        km, misfit, tariff = self.km[arcs], self.misfit[arcs], self.tariff[arcs]
        points = w.travel * km + w.misfit * misfit + w.cost * tariff / 1000
        return np.rint(points * SCALE).astype(np.int64)

    @property
    def unplaced_cost(self) -> int:
        """Integer cost of leaving one citizen unplaced."""
        return round(self.weights.unplaced * SCALE)

    @property
    def minimum_reward(self) -> int:
        """Reward per place filled up to an offer's minimum: more than any arc and unplaced."""
        top = int(self.cost.max()) if len(self.cost) else 0
        return top + self.unplaced_cost + 1


@dataclass(frozen=True)
class Assignment:
    """Which offer each citizen got (-1: unplaced) and the objective it scored."""

    offer_of: NDArray[np.int64]
    arc_of: NDArray[np.int64]
    # Travel, misfit, tariff and unplaced costs in integer units (rewards excluded).
    cost: int
    method: str


class NotSolved(DomainError):
    """The solver did not return an optimum (should not happen for a valid problem)."""


def objective(problem: Problem, arc_of: NDArray[np.int64]) -> int:
    """The cost of giving each citizen the arc `arc_of` (-1: unplaced), in integer units."""
    placed = arc_of >= 0
    unplaced = int((~placed).sum())
    return int(problem.cost_of(arc_of[placed]).sum()) + unplaced * problem.unplaced_cost


def offers_of(problem: Problem, arc_of: NDArray[np.int64]) -> NDArray[np.int64]:
    """Each citizen's offer (-1: unplaced) for the arcs `arc_of`."""
    offer_of = np.full(problem.citizens, -1, np.int64)
    placed = arc_of >= 0
    offer_of[placed] = problem.arc_offer[arc_of[placed]]
    return offer_of


def optimise(problem: Problem, progress: Callable[[str], None] | None = None) -> Assignment:
    """The optimal assignment by OR-Tools' min-cost flow."""
    n, m = problem.citizens, problem.offers
    sink = n + m
    minimum = problem.minimum if problem.minimum is not None else np.zeros(m, np.int64)
    minimum = np.minimum(minimum, problem.capacity)
    offer_nodes = np.arange(m, dtype=np.int64) + n
    citizens = np.arange(n, dtype=np.int64)
    has_minimum = minimum > 0
    tails = np.concatenate([problem.arc_citizen, citizens, offer_nodes, offer_nodes[has_minimum]])
    heads = np.concatenate(
        [
            problem.arc_offer + n,
            np.full(n, sink, np.int64),
            np.full(m, sink, np.int64),
            np.full(int(has_minimum.sum()), sink, np.int64),
        ]
    )
    capacities = np.concatenate(
        [
            np.ones(len(problem.arc_citizen), np.int64),
            np.ones(n, np.int64),
            problem.capacity - minimum,
            minimum[has_minimum],
        ]
    )
    costs = np.concatenate(
        [
            problem.cost,
            np.full(n, problem.unplaced_cost, np.int64),
            np.zeros(m, np.int64),
            np.full(int(has_minimum.sum()), -problem.minimum_reward, np.int64),
        ]
    )
    if progress:
        progress("bygger netværket")
    solver = min_cost_flow.SimpleMinCostFlow()
    solver.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    supplies = np.zeros(n + m + 1, np.int64)
    supplies[:n] = 1
    supplies[sink] = -n
    solver.set_nodes_supplies(np.arange(n + m + 1, dtype=np.int64), supplies)
    if progress:
        progress("løser")
    status = solver.solve()
    if status != solver.OPTIMAL:
        raise NotSolved(f"Optimeringen fandt ingen løsning (status {status}).")
    flows = solver.flows(np.arange(len(problem.arc_citizen), dtype=np.int64))
    used = np.flatnonzero(flows > 0)
    arc_of = np.full(n, -1, np.int64)
    arc_of[problem.arc_citizen[used]] = used
    offer_of = offers_of(problem, arc_of)
    return Assignment(offer_of, arc_of, objective(problem, arc_of), "optimal")


def greedy(problem: Problem, by: Literal["km", "cost"] = "km") -> Assignment:
    """First come, nearest first: in order of waiting time, each citizen takes the nearest
    admissible offer that still has a free place (`by="cost"`: the cheapest on the same score
    as the optimum)."""
    rank = problem.priority[problem.arc_citizen]
    key = problem.km if by == "km" else problem.cost
    order = np.lexsort((key, problem.arc_citizen, rank))
    free = problem.capacity.copy()
    arc_of = np.full(problem.citizens, -1, np.int64)
    done = np.zeros(problem.citizens, bool)
    citizen_of, offer_of_arc = problem.arc_citizen.tolist(), problem.arc_offer.tolist()
    for arc in order.tolist():
        citizen = citizen_of[arc]
        if done[citizen]:
            continue
        offer = offer_of_arc[arc]
        if free[offer] > 0:
            free[offer] -= 1
            arc_of[citizen] = arc
            done[citizen] = True
    offer_of = offers_of(problem, arc_of)
    method = "greedy" if by == "km" else "greedy (cheapest)"
    return Assignment(offer_of, arc_of, objective(problem, arc_of), method)


@dataclass(frozen=True)
class Summary:
    """What a plan means for citizens and offers."""

    method: str
    cost: float
    placed: int
    unplaced: int
    mean_km: float
    max_km: float
    misfits: int
    tariff_per_day: float
    # Occupancy of the specialised offers after the plan (share of their places).
    specialised_occupancy: float
    below_minimum: int


def summarise(
    problem: Problem,
    assignment: Assignment,
    places: NDArray[np.int64],
    occupied: NDArray[np.int64],
    specialised: NDArray[np.bool_],
) -> Summary:
    """Totals for one assignment, in points and in plain figures."""
    placed = assignment.arc_of >= 0
    arcs = assignment.arc_of[placed]
    km = problem.km[arcs]
    filled = np.bincount(assignment.offer_of[placed], minlength=problem.offers)
    after = occupied + filled
    minimum = problem.minimum if problem.minimum is not None else np.zeros(problem.offers)
    short = int(((after < occupied + minimum) & (minimum > 0)).sum())
    total_places = int(places[specialised].sum())
    return Summary(
        method=assignment.method,
        cost=assignment.cost / SCALE,
        placed=int(placed.sum()),
        unplaced=int((~placed).sum()),
        mean_km=float(km.mean()) if len(km) else 0.0,
        max_km=float(km.max()) if len(km) else 0.0,
        misfits=int((problem.misfit[arcs] > 0).sum()),
        tariff_per_day=float(problem.tariff[arcs].sum()),
        specialised_occupancy=float(after[specialised].sum() / total_places)
        if total_places
        else 0.0,
        below_minimum=short,
    )


def check(problem: Problem, assignment: Assignment) -> list[str]:
    """Everything wrong with an assignment (empty when it is valid)."""
    wrong = []
    placed = assignment.arc_of >= 0
    arcs = assignment.arc_of[placed]
    if (problem.arc_citizen[arcs] != np.flatnonzero(placed)).any():
        wrong.append("a citizen was given another citizen's candidate")
    if (problem.arc_offer[arcs] != assignment.offer_of[placed]).any():
        wrong.append("an offer is not the candidate's offer")
    if (assignment.offer_of[~placed] != -1).any():
        wrong.append("an unplaced citizen has an offer")
    filled = np.bincount(assignment.offer_of[placed], minlength=problem.offers)
    if (filled > problem.capacity).any():
        wrong.append("an offer got more citizens than free places")
    return wrong
