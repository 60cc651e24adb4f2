# SPDX-License-Identifier: MPL-2.0
"""An independent solution of the same placement problem as a linear programme, by HiGHS
(through SciPy), to check the min-cost-flow optimum against."""

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

from samskab.placement.planning import Problem


def highs_optimum(problem: Problem) -> int:
    """The optimal objective (rewards for minimum occupancy included) by HiGHS.

    Variables: one per arc (0..1), one 'unplaced' per citizen (0..1) and one 'filled towards
    the minimum' per offer (0..minimum). Each citizen is placed once or unplaced; an offer takes
    at most its free places; the minimum variable cannot exceed what the offer is given.
    """
    arcs, n, m = len(problem.arc_citizen), problem.citizens, problem.offers
    minimum = problem.minimum if problem.minimum is not None else np.zeros(m, np.int64)
    minimum = np.minimum(minimum, problem.capacity)
    cost = np.concatenate(
        [problem.cost, np.full(n, problem.unplaced_cost), -problem.minimum_reward * (minimum > 0)]
    ).astype(float)
    x = np.arange(arcs)
    u = arcs + np.arange(n)
    z = arcs + n + np.arange(m)
    # Each citizen: sum of arcs + unplaced == 1.
    once = coo_matrix(
        (
            np.ones(arcs + n),
            (np.concatenate([problem.arc_citizen, np.arange(n)]), np.concatenate([x, u])),
        ),
        shape=(n, arcs + n + m),
    )
    # Each offer: sum of arcs <= capacity.
    places = coo_matrix((np.ones(arcs), (problem.arc_offer, x)), shape=(m, arcs + n + m))
    # Each offer: z - sum of arcs <= 0.
    towards = coo_matrix(
        (
            np.concatenate([np.ones(m), -np.ones(arcs)]),
            (np.concatenate([np.arange(m), problem.arc_offer]), np.concatenate([z, x])),
        ),
        shape=(m, arcs + n + m),
    )
    constraints = [
        LinearConstraint(once, 1, 1),
        LinearConstraint(places, -np.inf, problem.capacity),
        LinearConstraint(towards, -np.inf, 0),
    ]
    upper = np.concatenate([np.ones(arcs + n), minimum]).astype(float)
    result = milp(
        cost, constraints=constraints, bounds=Bounds(0, upper), integrality=np.zeros(len(cost))
    )
    assert result.success, result.message
    return round(result.fun)
