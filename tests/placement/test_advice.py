# SPDX-License-Identifier: MPL-2.0
"""Placement advice for one citizen: fitting offers only, ranked by the weights set with the
citizen, explained in words; the choice lands on the decision and on the order."""

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from samskab.cases.actions import transition_case
from samskab.cases.states import CaseStatus
from samskab.core import clock
from samskab.core.db import Database
from samskab.core.errors import InvalidInput, NotFound
from samskab.decisions.actions import draft_decision, send_decision
from samskab.decisions.models import Decision
from samskab.decisions.schemas import DecisionDraft, SendIn
from samskab.interventions.actions import order_intervention
from samskab.interventions.schemas import InterventionIn
from samskab.offers import codes
from samskab.offers.generate import generate
from samskab.offers.models import Offer, PlacementRequest, RequestStatus
from samskab.placement import advice
from samskab.terminology.services import service_type
from tests.builders import World

ANGST = codes.resolve("Angst", codes.target_groups(), "målgruppe").code


def _landscape(db: Database) -> None:
    with db.unit_of_work() as session:
        generate(session, seed=2, people_per_offer=10_000)


def _ask(db: Database, world: World, **changes: object) -> PlacementRequest:
    values: dict[str, object] = {"target_group_code": ANGST, "support_level": 1}
    with db.unit_of_work() as session:
        return advice.ask(
            session, world.anna, world.mette_case_id, advice.AdviceIn(**(values | changes))
        )


def test_only_offers_that_fit_the_paragraph_group_and_support_need_are_proposed(
    db: Database, world: World
) -> None:
    _landscape(db)
    _ask(db, world, support_level=2)
    with db.unit_of_work() as session:
        ranked = advice.advise(session, world.anna, world.mette_case_id)
    assert ranked.candidates
    for candidate in ranked.candidates:
        assert candidate.offer.service_type == "SEL-85"
        assert candidate.offer.specialisation >= 2
        assert codes.group_fit(ANGST, candidate.offer.target_groups) is not None
    assert [c.rank for c in ranked.candidates] == list(range(1, len(ranked.candidates) + 1))
    assert [c.score for c in ranked.candidates] == sorted(
        (c.score for c in ranked.candidates), reverse=True
    )


def test_every_rank_is_explained_with_distance_fit_price_and_vacancy(
    db: Database, world: World
) -> None:
    _landscape(db)
    _ask(db, world, relatives=[{"name": "Lene (søster)", "postcode": "8000"}])
    with db.unit_of_work() as session:
        first = advice.advise(session, world.anna, world.mette_case_id).candidates[0]
    text = first.explanation
    assert "km fra hjemmet" in text
    assert "fra Lene (søster)" in text
    assert "Tilbuddet er rettet mod" in text
    assert "kr. pr. døgn" in text
    assert "ledig" in text or "ventetid" in text


def test_weighting_family_over_home_moves_offers_near_the_relative_up(
    db: Database, world: World
) -> None:
    _landscape(db)
    # Mette lives in Aalborg; her sister in Aarhus.
    family = [{"name": "Lene", "postcode": "8000"}]
    _ask(db, world, relatives=family, home=5, family=0, fit=0, cost=0, wait=0)
    with db.unit_of_work() as session:
        near_home = advice.advise(session, world.anna, world.mette_case_id).candidates[0]
    _ask(db, world, relatives=family, home=0, family=5, fit=0, cost=0, wait=0)
    with db.unit_of_work() as session:
        near_family = advice.advise(session, world.anna, world.mette_case_id).candidates[0]
    assert near_home.km_home < near_family.km_home
    assert near_family.km_family is not None
    assert near_home.km_family is not None
    assert near_family.km_family < near_home.km_family


def test_the_chosen_offer_is_recorded_on_the_decision_and_carried_to_the_order(
    db: Database, world: World
) -> None:
    _landscape(db)
    _ask(db, world)
    with db.unit_of_work() as session:
        for step in (CaseStatus.ASSESSMENT, CaseStatus.DECISION):
            transition_case(session, world.anna, world.mette_case_id, step)
        ranked = advice.advise(session, world.anna, world.mette_case_id)
        second = ranked.candidates[1].offer.id
        advice.choose(session, world.anna, world.mette_case_id, second)
        decision = draft_decision(
            session,
            world.anna,
            world.mette_case_id,
            DecisionDraft(outcome="bevilget", granted="Midlertidigt ophold i botilbud."),
        )
        send_decision(session, world.anna, decision.id, SendIn())
    with db.sessions() as session:
        request = session.scalars(
            select(PlacementRequest).where(PlacementRequest.case_id == world.mette_case_id)
        ).one()
        assert request.status == RequestStatus.PLACED
        assert request.chosen_rank == 2
        assert "km fra hjemmet" in request.explanation
        assert session.get_one(Decision, decision.id).offer_id == second
    with db.unit_of_work() as session:
        service = service_type("SEL-85")
        order = order_intervention(
            session,
            world.anna,
            world.mette_case_id,
            InterventionIn(
                service_code=service.intervention_codes()[0].code,
                provider_id=world.provider_id,
                scope_amount=3,
                period_start=clock.today(),
                period_end=clock.today() + timedelta(days=180),
            ),
        )
        assert order.offer_id == second


def test_an_offer_that_does_not_fit_cannot_be_chosen(db: Database, world: World) -> None:
    _landscape(db)
    _ask(db, world)
    with db.sessions() as session:
        elsewhere = session.scalars(select(Offer).where(Offer.service_type == "SEL-110")).first()
    assert elsewhere is not None
    with db.unit_of_work() as session, pytest.raises(InvalidInput, match="passer ikke"):
        advice.choose(session, world.anna, world.mette_case_id, elsewhere.id)
    with db.unit_of_work() as session, pytest.raises(NotFound):
        advice.choose(session, world.anna, world.mette_case_id, uuid.uuid4())


def test_another_team_cannot_see_or_ask_for_advice_on_the_case(db: Database, world: World) -> None:
    _landscape(db)
    _ask(db, world)
    with db.unit_of_work() as session, pytest.raises(NotFound):
        advice.advise(session, world.carl, world.mette_case_id)
    with db.unit_of_work() as session, pytest.raises(NotFound):
        advice.ask(
            session,
            world.carl,
            world.mette_case_id,
            advice.AdviceIn(target_group_code=ANGST, support_level=1),
        )


def test_an_unknown_relative_postcode_is_refused_in_danish(db: Database, world: World) -> None:
    with pytest.raises(InvalidInput, match="Postnummeret 0999 findes ikke"):
        _ask(db, world, relatives=[{"name": "Lene", "postcode": "0999"}])
