# SPDX-License-Identifier: MPL-2.0
"""Regional planning on the database: the coordinator's region, admissible assignments only,
never worse than first-come nearest-first, and the keep-local scenario."""

import numpy as np
import pytest

from samskab.access.actor import Actor
from samskab.core.db import Database
from samskab.core.errors import Forbidden, InvalidInput
from samskab.offers import codes
from samskab.offers.generate import generate
from samskab.offers.models import Specialisation
from samskab.organisations.models import Role
from samskab.placement import regional
from samskab.placement.planning import Weights, check, optimise
from samskab.placement.pruned import optimise_pruned

ERIK = Actor(user_id=None, display_name="Erik", roles=frozenset({Role.REGIONAL_COORDINATOR}))


@pytest.fixture
def landscape(db: Database) -> Database:
    with db.unit_of_work() as session:
        generate(session, seed=4)
    return db


def test_the_regional_plan_is_valid_admissible_and_no_worse_than_first_come(
    landscape: Database,
) -> None:
    with landscape.unit_of_work() as session:
        offers, waiting = regional.load(session, "1081")
        problem = regional.build(offers, waiting, Weights())
        optimum = optimise(problem)
        result = regional.plan(session, ERIK, "1081")
    assert check(problem, optimum) == []
    for citizen, offer_index in enumerate(optimum.offer_of.tolist()):
        if offer_index < 0:
            continue
        person, offer = waiting[citizen], offers[offer_index]
        assert offer.service_type == person.service_type
        assert offer.specialisation >= person.support_level
        assert codes.group_fit(person.target_group_code, offer.target_groups) is not None
        assert offer.region_code == "1081"
    assert result.citizens == len(waiting) > 0
    assert result.optimal.placed + result.optimal.unplaced == result.citizens
    assert result.optimal.cost <= result.greedy.cost
    filled = np.bincount(optimum.offer_of[optimum.offer_of >= 0], minlength=len(offers))
    assert all(filled[i] <= o.vacancies for i, o in enumerate(offers))


def test_keeping_every_citizen_local_costs_more_and_names_offers_that_fall_below_viable(
    landscape: Database,
) -> None:
    with landscape.unit_of_work() as session:
        scenario = regional.keep_local(session, ERIK, "1084", 1.0)
    assert scenario.local.cost >= scenario.baseline.cost
    for offer in scenario.at_risk:
        assert offer.occupancy_after < scenario.viable
        assert offer.occupancy_after < offer.occupancy_before
        assert offer.tariff_after > offer.tariff_before


def test_a_minimum_occupancy_fills_highly_specialised_offers_at_least_as_well(
    landscape: Database,
) -> None:
    with landscape.unit_of_work() as session:
        free = regional.plan(session, ERIK, "1082")
        held = regional.plan(session, ERIK, "1082", min_occupancy=0.9)
    special = [o for o in held.outcomes if o.specialisation == Specialisation.HIGHLY_SPECIALISED]
    assert special
    assert held.optimal.specialised_occupancy >= free.optimal.specialised_occupancy


def test_planning_is_for_the_coordinator_and_an_unknown_region_is_refused_in_danish(
    landscape: Database,
) -> None:
    anna = Actor(user_id=None, display_name="Anna", roles=frozenset({Role.CASEWORKER}))
    with landscape.unit_of_work() as session, pytest.raises(Forbidden):
        regional.plan(session, anna, "1081")
    with landscape.unit_of_work() as session, pytest.raises(InvalidInput, match="findes ikke"):
        regional.plan(session, ERIK, "1090")


def test_the_region_is_solved_by_kind_with_the_full_models_optimum(landscape: Database) -> None:
    with landscape.unit_of_work() as session:
        offers, waiting = regional.load(session, "1084")
    problem = regional.build(offers, waiting, Weights())
    assert problem.kind is not None
    by_kind, report = optimise_pruned(problem)
    assert report.kinds == len(set(problem.kind.tolist())) < problem.citizens
    assert check(problem, by_kind) == []
    assert by_kind.cost == optimise(problem).cost
