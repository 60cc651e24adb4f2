# SPDX-License-Identifier: MPL-2.0
"""The solver by kind and with pruned arcs: the same optimum as the full model, the dual check
adds what pruning left out, independent parts solved apart, candidates per kind as per
citizen."""

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings

from samskab.placement.candidates import between_points, candidates, km_matrix, per_citizen
from samskab.placement.planning import Assignment, Problem, Weights, check, optimise
from samskab.placement.pruned import optimise_pruned
from tests.placement.test_planning import problems

LEVELS = 3


def _misfit(o_level: np.ndarray, serves: np.ndarray) -> np.ndarray:
    groups = serves.shape[1]
    over = o_level[None, :] - np.arange(1, LEVELS + 1)[:, None]
    admissible = serves.T[:, None, :] & (over >= 0)[None, :, :]
    return np.where(admissible, over[None, :, :], -1).reshape(groups * LEVELS, len(o_level))


def random_instance(
    seed: int,
    citizens: int = 300,
    offers: int = 40,
    points: int = 15,
    count: int = 8,
    *,
    minimum: bool = False,
    free: int = 6,
) -> Problem:
    """Citizens and offers at a few shared points, each citizen's `count` nearest admissible
    offers, built per kind (same point, same need)."""
    rng = np.random.default_rng(seed)
    lat, lon = 55 + rng.uniform(0, 2, points), 9 + rng.uniform(0, 3, points)
    o_point, o_level = rng.integers(0, points, offers), rng.integers(1, 4, offers)
    serves = rng.random((offers, 3)) < 0.5
    c_point = rng.integers(0, points, citizens)
    need = rng.integers(0, 3, citizens) * LEVELS + rng.integers(0, LEVELS, citizens)
    keys, kind_of = np.unique(c_point * 100 + need, return_inverse=True)
    kind_of = kind_of.reshape(-1).astype(np.int64)
    found = candidates(
        keys // 100,
        keys % 100,
        o_point,
        _misfit(o_level, serves),
        between_points(lat, lon),
        count,
    )
    citizen, arc = per_citizen(found, kind_of)
    tariff = rng.uniform(1500, 5000, offers)
    return Problem(
        citizens=citizens,
        capacity=rng.integers(0, free, offers).astype(np.int64),
        arc_citizen=citizen,
        arc_offer=found.offer[arc],
        km=found.km[arc],
        misfit=found.misfit[arc],
        tariff=tariff[found.offer[arc]],
        priority=rng.permutation(citizens).astype(np.int64),
        weights=Weights(),
        minimum=(rng.integers(0, 3, offers) * (o_level == 3)).astype(np.int64) if minimum else None,
        kind=kind_of,
    )


def _solver_objective(problem: Problem, plan: Assignment) -> int:
    """Costs minus the reward for places filled towards a minimum, as the solvers see it."""
    if problem.minimum is None:
        return plan.cost
    filled = np.bincount(plan.offer_of[plan.offer_of >= 0], minlength=problem.offers)
    towards = np.minimum(filled, np.minimum(problem.minimum, problem.capacity))
    return plan.cost - problem.minimum_reward * int(towards.sum())


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("keep", [None, 1, 3])
def test_the_optimum_by_kind_and_pruned_equals_the_full_models_on_random_instances(
    seed: int, keep: int | None
) -> None:
    problem = random_instance(seed)
    full = optimise(problem)
    found, report = optimise_pruned(problem, keep=keep)
    assert check(problem, found) == []
    assert found.cost == full.cost
    assert report.kinds < problem.citizens


@pytest.mark.parametrize("seed", range(6))
def test_minimum_occupancy_keeps_the_pruned_optimum_equal_to_the_full_model(seed: int) -> None:
    problem = random_instance(seed, minimum=True)
    full = optimise(problem)
    found, _ = optimise_pruned(problem, keep=1)
    assert check(problem, found) == []
    assert _solver_objective(problem, found) == _solver_objective(problem, full)


@settings(max_examples=100, deadline=None)
@given(problems(with_minimum=True))
def test_every_citizen_its_own_kind_pruned_to_one_arc_still_reaches_the_full_optimum(
    problem: Problem,
) -> None:
    found, _ = optimise_pruned(problem, keep=1)
    assert check(problem, found) == []
    assert _solver_objective(problem, found) == _solver_objective(problem, optimise(problem))


def test_the_dual_check_adds_the_arcs_that_too_aggressive_pruning_left_out() -> None:
    # Three citizens of one kind: offer 0 is the cheapest but has one place, offer 1 has two.
    # Kept to the single cheapest arc, two would stay unplaced; the check must add offer 1.
    problem = Problem(
        citizens=3,
        capacity=np.array([1, 2], np.int64),
        arc_citizen=np.array([0, 0, 1, 1, 2, 2], np.int64),
        arc_offer=np.array([0, 1, 0, 1, 0, 1], np.int64),
        km=np.array([5.0, 40.0] * 3),
        misfit=np.zeros(6, np.int64),
        tariff=np.full(6, 2000.0),
        priority=np.array([2, 0, 1], np.int64),
        kind=np.zeros(3, np.int64),
    )
    found, report = optimise_pruned(problem, keep=1)
    assert report.added_arcs == 1
    assert report.rounds == 2
    assert found.cost == optimise(problem).cost
    assert (found.offer_of >= 0).all()
    # The one who waited longest (priority 0) gets the cheapest offer.
    assert found.offer_of[1] == 0


@pytest.mark.parametrize("seed", range(4))
def test_the_dual_check_adds_arcs_on_a_crowded_random_instance(seed: int) -> None:
    problem = random_instance(seed, citizens=400, free=4)
    found, report = optimise_pruned(problem, keep=1)
    assert report.added_arcs > 0
    assert report.active_arcs < report.candidate_arcs
    assert found.cost == optimise(problem).cost


def test_citizens_labelled_one_kind_with_different_arcs_are_solved_one_by_one() -> None:
    problem = random_instance(3)
    wrong = replace(problem, kind=np.zeros(problem.citizens, np.int64))
    found, report = optimise_pruned(wrong, keep=2)
    assert report.kinds == problem.citizens
    assert check(wrong, found) == []
    assert found.cost == optimise(problem).cost


def _side_by_side(first: Problem, second: Problem) -> Problem:
    """Two problems with no offer and no citizen in common, as one."""
    n, m = first.citizens, first.offers
    kind = [
        first.kind if first.kind is not None else np.arange(n),
        (second.kind if second.kind is not None else np.arange(second.citizens)) + n,
    ]
    return Problem(
        citizens=n + second.citizens,
        capacity=np.concatenate([first.capacity, second.capacity]),
        arc_citizen=np.concatenate([first.arc_citizen, second.arc_citizen + n]),
        arc_offer=np.concatenate([first.arc_offer, second.arc_offer + m]),
        km=np.concatenate([first.km, second.km]),
        misfit=np.concatenate([first.misfit, second.misfit]),
        tariff=np.concatenate([first.tariff, second.tariff]),
        priority=np.concatenate([first.priority, second.priority + n]),
        kind=np.concatenate(kind).astype(np.int64),
    )


def test_two_regions_without_shared_offers_are_solved_in_two_processes_with_the_same_optimum() -> (
    None
):
    problem = _side_by_side(random_instance(1), random_instance(2))
    found, report = optimise_pruned(problem, keep=2, processes=2)
    assert report.components >= 2
    assert report.processes == 2
    assert check(problem, found) == []
    assert found.cost == optimise(problem).cost


def test_candidates_per_kind_are_each_citizens_nearest_admissible_offers() -> None:
    rng = np.random.default_rng(7)
    points, offers, citizens, count = 12, 60, 200, 6
    lat, lon = 55 + rng.uniform(0, 2, points), 9 + rng.uniform(0, 3, points)
    o_point, o_level = rng.integers(0, points, offers), rng.integers(1, 4, offers)
    serves = rng.random((offers, 2)) < 0.5
    misfit = _misfit(o_level, serves)
    c_point = rng.integers(0, points, citizens)
    need = rng.integers(0, 2 * LEVELS, citizens)
    keys, kind_of = np.unique(c_point * 100 + need, return_inverse=True)
    found = candidates(
        keys // 100, keys % 100, o_point, misfit, between_points(lat, lon), count, chunk=5
    )
    citizen, arc = per_citizen(found, kind_of.reshape(-1).astype(np.int64))
    for person in range(citizens):
        km = km_matrix(
            lat[c_point[person : person + 1]],
            lon[c_point[person : person + 1]],
            lat[o_point],
            lon[o_point],
        )[0]
        admissible = np.flatnonzero(misfit[need[person]] >= 0)
        nearest = admissible[np.lexsort((admissible, km[admissible]))][:count]
        mine = arc[citizen == person]
        assert sorted(found.offer[mine].tolist()) == sorted(nearest.tolist())
        assert np.allclose(found.km[mine], km[found.offer[mine]])
        assert (found.misfit[mine] == misfit[need[person], found.offer[mine]]).all()
