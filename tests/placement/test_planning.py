# SPDX-License-Identifier: MPL-2.0
"""The placement optimiser: valid, optimal against an independent LP, never worse than greedy."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from samskab.placement.planning import Problem, Weights, check, greedy, optimise
from tests.placement.lp import highs_optimum


@st.composite
def problems(draw: st.DrawFn, with_minimum: bool = False) -> Problem:
    citizens = draw(st.integers(1, 25))
    offers = draw(st.integers(1, 8))
    pairs = draw(
        st.sets(
            st.tuples(st.integers(0, citizens - 1), st.integers(0, offers - 1)),
            max_size=citizens * offers,
        )
    )
    pairs_sorted = sorted(pairs)
    arcs = len(pairs_sorted)
    km = draw(st.lists(st.floats(0, 300, allow_nan=False), min_size=arcs, max_size=arcs))
    misfit = draw(st.lists(st.integers(0, 3), min_size=arcs, max_size=arcs))
    tariff = draw(st.lists(st.floats(500, 6000, allow_nan=False), min_size=arcs, max_size=arcs))
    capacity = draw(st.lists(st.integers(0, 6), min_size=offers, max_size=offers))
    minimum = (
        draw(st.lists(st.integers(0, 4), min_size=offers, max_size=offers))
        if with_minimum
        else None
    )
    return Problem(
        citizens=citizens,
        capacity=np.array(capacity, np.int64),
        arc_citizen=np.array([c for c, _ in pairs_sorted], np.int64).reshape(-1),
        arc_offer=np.array([o for _, o in pairs_sorted], np.int64).reshape(-1),
        km=np.array(km, float),
        misfit=np.array(misfit, np.int64),
        tariff=np.array(tariff, float),
        priority=np.array(draw(st.permutations(range(citizens))), np.int64),
        weights=Weights(
            travel=draw(st.floats(0.1, 3)),
            misfit=draw(st.floats(0, 200)),
            cost=draw(st.floats(0, 50)),
            unplaced=draw(st.floats(100, 3000)),
        ),
        minimum=None if minimum is None else np.array(minimum, np.int64),
    )


def _solver_objective(problem: Problem, offer_of: np.ndarray, cost: int) -> int:
    """The objective the solver minimised: costs minus the reward for minimum places."""
    if problem.minimum is None:
        return cost
    filled = np.bincount(offer_of[offer_of >= 0], minlength=problem.offers)
    towards = np.minimum(filled, np.minimum(problem.minimum, problem.capacity))
    return cost - problem.minimum_reward * int(towards.sum())


@settings(max_examples=150, deadline=None)
@given(problems())
def test_the_optimum_respects_capacities_uses_only_admissible_arcs_and_matches_highs(
    problem: Problem,
) -> None:
    optimum = optimise(problem)
    assert check(problem, optimum) == []
    assert optimum.cost == highs_optimum(problem)


@settings(max_examples=100, deadline=None)
@given(problems(with_minimum=True))
def test_minimum_occupancy_keeps_the_flow_optimal_against_highs(problem: Problem) -> None:
    optimum = optimise(problem)
    assert check(problem, optimum) == []
    assert _solver_objective(problem, optimum.offer_of, optimum.cost) == highs_optimum(problem)


@settings(max_examples=150, deadline=None)
@given(problems())
def test_greedy_is_valid_and_never_cheaper_than_the_optimum(problem: Problem) -> None:
    first_come = greedy(problem)
    assert check(problem, first_come) == []
    assert optimise(problem).cost <= first_come.cost


@settings(max_examples=100, deadline=None)
@given(problems())
def test_a_citizen_is_left_unplaced_only_when_placing_would_cost_more_or_no_place_is_free(
    problem: Problem,
) -> None:
    optimum = optimise(problem)
    filled = np.bincount(optimum.offer_of[optimum.offer_of >= 0], minlength=problem.offers)
    for citizen in np.flatnonzero(optimum.offer_of < 0):
        arcs = np.flatnonzero(problem.arc_citizen == citizen)
        for arc in arcs:
            offer = problem.arc_offer[arc]
            if filled[offer] < problem.capacity[offer]:
                assert problem.cost[arc] >= problem.unplaced_cost


def test_the_nearest_first_rule_can_be_beaten_by_looking_at_everyone() -> None:
    # Two citizens, two single places; the first in the queue takes the place the second
    # needs, who then must travel 200 km instead of 10.
    problem = Problem(
        citizens=2,
        capacity=np.array([1, 1], np.int64),
        arc_citizen=np.array([0, 0, 1, 1], np.int64),
        arc_offer=np.array([0, 1, 0, 1], np.int64),
        km=np.array([5.0, 20.0, 10.0, 200.0]),
        misfit=np.zeros(4, np.int64),
        tariff=np.full(4, 1000.0),
        priority=np.array([0, 1], np.int64),
    )
    assert greedy(problem).offer_of.tolist() == [0, 1]
    assert optimise(problem).offer_of.tolist() == [1, 0]
    assert optimise(problem).cost < greedy(problem).cost


@settings(max_examples=100, deadline=None)
@given(problems(with_minimum=True))
def test_an_offer_short_of_its_minimum_has_no_unplaced_candidate_left(problem: Problem) -> None:
    optimum = optimise(problem)
    assert problem.minimum is not None
    filled = np.bincount(optimum.offer_of[optimum.offer_of >= 0], minlength=problem.offers)
    short = filled < np.minimum(problem.minimum, problem.capacity)
    unplaced = optimum.offer_of < 0
    for arc in range(len(problem.arc_citizen)):
        if short[problem.arc_offer[arc]]:
            assert not unplaced[problem.arc_citizen[arc]]
